// @ts-check
/**
 * Stryker over the modules that decide what users see (README "Tests", mutation testing).
 * Run through `npm run mutate` (scripts/mutate.ts), which picks the modules (all, one, or
 * those changed since a git ref) and their tests.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.stryker.config.ts", related: false },
  checkers: ["typescript"],
  // scripts/mutate.ts writes tsconfig.stryker.json (the mutated modules only) for each run
  tsconfigFile: process.env.STRYKER_TSCONFIG ?? "tsconfig.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: "perTest",
  // One mutant at a time: the machine has 2 cores, shared with other test runs.
  concurrency: 1,
  timeoutMS: 60_000,
  // The first run (every judging test, with per-test coverage) took over the default 5 minutes
  // for the API tests of queries/targets.ts while other runs shared the 2 cores.
  dryRunTimeoutMinutes: 20,
  incremental: true,
  incrementalFile: "reports/mutation/stryker-incremental.json",
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/stryker.html" },
  jsonReporter: { fileName: "reports/mutation/stryker.json" },
  ignorePatterns: ["data", "bench/results", "bench/.data", "test/.artifacts", "reports", "/tmp", ".vitest-results.json"],
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
