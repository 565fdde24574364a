import { defineConfig } from "vitest/config";

export default defineConfig({
  // One graphql instance: Node (and type-graphql, Apollo) load graphql's CommonJS build;
  // without this, Vite would resolve a bare `graphql` import to the ES build, a second copy.
  resolve: { alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }] },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    maxWorkers: 2,
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-results.json" },
  },
});
