/**
 * `npm run mutate [-- --since <ref>] [-- --module <file>]… [-- --tests a,b] [-- <stryker options>]`:
 * Stryker over the modules of scripts/mutation-targets.ts (all by default; with
 * `--since`, only those changed since the git ref, committed or not; with `--module`,
 * those named), each judged by its own tests (or by `--tests`, comma-separated). Scores per module are merged into
 * reports/mutation/scores.json (the README's Tests section quotes them).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { MUTATION_TARGETS } from "./mutation-targets.js";

const REPORT = "reports/mutation/stryker.json";
const SCORES = "reports/mutation/scores.json";
/** Written for a run and removed after it (git-ignored): see checkerTsconfig. */
const CHECKER_TSCONFIG = "tsconfig.stryker.json";

interface Options {
  readonly since: string | null;
  readonly modules: readonly string[];
  readonly tests: readonly string[] | null;
  readonly passThrough: readonly string[];
}

export function parseArgs(argv: readonly string[]): Options {
  let since: string | null = null;
  const modules: string[] = [];
  const passThrough: string[] = [];
  let tests: string[] | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--since") since = argv[++i] ?? fail("--since needs a git ref");
    else if (arg === "--module") modules.push(argv[++i] ?? fail("--module needs a file"));
    else if (arg === "--tests") tests = (argv[++i] ?? fail("--tests needs test files")).split(",").filter(Boolean);
    else passThrough.push(arg);
  }
  for (const m of modules) if (!MUTATION_TARGETS[m]) fail(`${m} is not a mutation target; targets: ${Object.keys(MUTATION_TARGETS).join(", ")}`);
  return { since, modules, tests, passThrough };
}

/** Files changed since `ref`: its diff to the working tree, plus untracked files. */
export function changedSince(ref: string): string[] {
  const git = (...args: string[]) => execFileSync("git", args, { encoding: "utf8" }).split("\n").filter(Boolean);
  return [...new Set([...git("diff", "--name-only", ref, "--"), ...git("ls-files", "--others", "--exclude-standard")])];
}

export function chooseModules(options: Options, changed: (ref: string) => string[] = changedSince): string[] {
  let modules = options.modules.length ? [...options.modules] : Object.keys(MUTATION_TARGETS);
  if (options.since) {
    const touched = new Set(changed(options.since));
    modules = modules.filter((m) => touched.has(m));
  }
  return modules;
}

interface MutantResult {
  readonly status: string;
}
/** reports/mutation/scores.json: per module, the counts of the run that last measured it. */
export type Scores = Record<
  string,
  { killed: number; survived: number; noCoverage: number; timeout: number; errors: number; score: number; measuredAt: string; tests?: readonly string[] }
>;

/** Mutation score per file from Stryker's JSON report: (killed + timeout) / (killed + timeout + survived + no coverage). */
export function scoresOf(report: { files: Record<string, { mutants: MutantResult[] }> }, at: string): Scores {
  const scores: Scores = {};
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const count = (...statuses: string[]) => mutants.filter((m) => statuses.includes(m.status)).length;
    const killed = count("Killed");
    const timeout = count("Timeout");
    const survived = count("Survived");
    const noCoverage = count("NoCoverage");
    const detected = killed + timeout;
    const valid = detected + survived + noCoverage;
    scores[file] = {
      killed,
      survived,
      noCoverage,
      timeout,
      errors: count("CompileError", "RuntimeError"),
      score: valid ? Math.round((1000 * detected) / valid) / 10 : 100,
      measuredAt: at,
    };
  }
  return scores;
}

/**
 * The scores of this run's modules, each naming the tests that judged it (a score is only as
 * good as its tests). Only this run's: Stryker's report also carries files reused from its
 * incremental file, which other tests judged on another day.
 */
export function runScores(
  report: { files: Record<string, { mutants: MutantResult[] }> },
  modules: readonly string[],
  tests: readonly string[],
  at: string,
): Scores {
  const reported = scoresOf(report, at);
  const measured: Scores = {};
  for (const file of modules) if (reported[file]) measured[file] = { ...reported[file], tests };
  return measured;
}

/**
 * The TypeScript checker's project: the mutated modules (and, through their imports, what
 * they use). A mutant that type-checks in its module but breaks an importer's types is
 * then run against the tests instead of being set aside as a compile error.
 */
export function checkerTsconfig(modules: readonly string[]): { extends: string; include: string[]; files: string[] } {
  return { extends: "./tsconfig.json", include: [], files: [...modules] };
}

function fail(message: string): never {
  console.error(`mutate: ${message}`);
  process.exit(2);
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const modules = chooseModules(options);
  if (!modules.length) {
    console.log(options.since ? `mutate: no mutation target changed since ${options.since}; nothing to do` : "mutate: nothing to mutate");
    return;
  }
  const tests = options.tests ?? [...new Set(modules.flatMap((m) => MUTATION_TARGETS[m]))];
  console.log(`mutate: ${modules.length} module(s): ${modules.join(", ")}\n        tests: ${tests.join(", ")}`);
  // The TypeScript checker over the mutated modules and what they import, not every file of
  // the project (the tests judge what a mutant does to its importers).
  writeFileSync(CHECKER_TSCONFIG, `${JSON.stringify(checkerTsconfig(modules), null, 2)}\n`);
  let run: ReturnType<typeof spawnSync>;
  try {
    run = spawnSync("npx", ["stryker", "run", "stryker.config.mjs", "--mutate", modules.join(","), ...options.passThrough], {
      stdio: "inherit",
      env: { ...process.env, STRYKER_TESTS: tests.join(","), STRYKER_TSCONFIG: CHECKER_TSCONFIG },
    });
  } finally {
    rmSync(CHECKER_TSCONFIG, { force: true });
  }
  // A failed run leaves the previous run's report in place: reading it would print, and merge,
  // scores this run never measured.
  if (run.status !== 0) console.log(`mutate: Stryker failed (exit ${run.status ?? run.signal}); ${SCORES} unchanged`);
  else if (existsSync(REPORT)) {
    mkdirSync("reports/mutation", { recursive: true });
    const previous: Scores = existsSync(SCORES) ? JSON.parse(readFileSync(SCORES, "utf8")) : {};
    const measured = runScores(JSON.parse(readFileSync(REPORT, "utf8")), modules, tests, new Date().toISOString().slice(0, 10));
    const merged = { ...previous, ...measured };
    writeFileSync(SCORES, `${JSON.stringify(Object.fromEntries(Object.entries(merged).sort()), null, 2)}\n`);
    for (const [m, score] of Object.entries(measured))
      console.log(`mutate: ${m}: ${score.score} % (${score.killed + score.timeout} killed, ${score.survived} survived, ${score.noCoverage} without coverage)`);
  }
  process.exit(run.status ?? 1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) main();
