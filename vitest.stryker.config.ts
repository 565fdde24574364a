import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.js";

/**
 * Vitest as Stryker runs it (`npm run mutate`): one worker (the machine has two cores and
 * Stryker runs mutants side by side), only the test files scripts/mutate.ts chose for the
 * mutated modules (STRYKER_TESTS, comma-separated), no JSON results file.
 */
const tests = (process.env.STRYKER_TESTS ?? "").split(",").filter(Boolean);

export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: tests.length ? tests : ["test/**/*.test.ts"],
      maxWorkers: 1,
      reporters: ["default"],
      outputFile: {},
    },
  }),
  true,
);
