import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { chooseModules, parseArgs, runScores, scoresOf } from "../../scripts/mutate.js";
import { MUTATION_TARGETS } from "../../scripts/mutation-targets.js";
import { applyMutant, codeOnly, mutantsOf, spread } from "../../scripts/sql-mutator.js";

describe("the SQL mutator", () => {
  const sql = [
    "-- a comment with < and and",
    "select greatest(a, 0) as g, coalesce(b, 0) as b, 'x < y and z' as s",
    "from t left join u on t.k = u.k and t.v >= 1",
    "join w using (k)",
    "where t.d < date '2024-12-31' and t.n between 1 and 5",
  ].join("\n");

  it("mutates code only, never comments or string literals", () => {
    expect(codeOnly(sql).length).toBe(sql.length);
    const found = mutantsOf("m.sql", sql).map((m) => `${m.line}:${m.column} ${m.operator}`);
    expect(found).toEqual([
      "2:8 greatest → least",
      "2:41 coalesce default changed",
      "3:8 left join → inner join",
      "3:33 and → or",
      "3:41 boundary >= → >",
      "4:1 inner join → left join",
      "5:1 where condition dropped",
      "5:11 boundary < → <=",
      "5:31 and → or",
    ]);
  });

  it("applies one mutant at its offset and refuses a file that changed", () => {
    const [boundary] = mutantsOf("m.sql", sql).filter((m) => m.operator === "boundary >= → >");
    expect(applyMutant(sql, boundary).split("\n")[2]).toBe("from t left join u on t.k = u.k and t.v > 1");
    expect(() => applyMutant(sql.replace(">=", "=="), boundary)).toThrow(/changed/);
  });

  it("spreads --max over the list", () => {
    expect(spread([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 3)).toEqual([1, 4, 7]);
    expect(spread([1, 2], 5)).toEqual([1, 2]);
  });
});

describe("npm run mutate's module choice and scores", () => {
  it("takes every target, the named ones, or those changed since a ref", () => {
    expect(chooseModules(parseArgs([])).length).toBeGreaterThan(10);
    expect(chooseModules(parseArgs(["--module", "queries/access/suppression.ts"]))).toEqual(["queries/access/suppression.ts"]);
    const changed = () => ["README.md", "core/forecasting/holt.ts", "queries/uncovered-units.ts"];
    expect(chooseModules(parseArgs(["--since", "HEAD~3"]), changed)).toEqual(["core/forecasting/holt.ts"]);
  });

  it("names only modules and tests that exist (a moved file would silently drop out)", () => {
    const missing = Object.entries(MUTATION_TARGETS)
      .flatMap(([module, tests]) => [module, ...tests])
      .filter((path) => !existsSync(path));
    expect(missing).toEqual([]);
  });

  it("scores a file as detected over valid mutants", () => {
    const statuses = ["Killed", "Killed", "Timeout", "Survived", "NoCoverage", "CompileError"];
    const scores = scoresOf({ files: { "a.ts": { mutants: statuses.map((status) => ({ status })) } } }, "2026-01-01");
    expect(scores["a.ts"]).toEqual({ killed: 2, timeout: 1, survived: 1, noCoverage: 1, errors: 1, score: 60, measuredAt: "2026-01-01" });
  });

  it("records only this run's modules, with this run's tests: a file reused from the incremental report keeps its own entry", () => {
    const report = { files: { "a.ts": { mutants: [{ status: "Killed" }] }, "b.ts": { mutants: [{ status: "Survived" }] } } };
    const scores = runScores(report, ["a.ts"], ["test/a.test.ts"], "2026-01-02");
    expect(scores).toEqual({
      "a.ts": { killed: 1, timeout: 0, survived: 0, noCoverage: 0, errors: 0, score: 100, measuredAt: "2026-01-02", tests: ["test/a.test.ts"] },
    });
  });
});
