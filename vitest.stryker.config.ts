import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

/**
 * Vitest as Stryker runs it (`npm run mutate`): one worker (the machine has two cores and
 * Stryker runs mutants side by side), only the test files scripts/mutate.ts chose for the
 * mutated modules (STRYKER_TESTS, comma-separated), no JSON results file. Spread, not
 * mergeConfig: that would append to `include` rather than replace it.
 */
const tests = (process.env.STRYKER_TESTS ?? "").split(",").filter(Boolean);

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: tests.length ? tests : base.test!.include,
    maxWorkers: 1,
    reporters: ["default"],
    outputFile: undefined,
  },
});
