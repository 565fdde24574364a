import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { Scores } from "../../scripts/mutate.js";
import { MUTATION_TARGETS } from "../../scripts/mutation-targets.js";

/**
 * The README's mutation table quotes the committed reports, not memory: every row's
 * killed / valid and score are those of reports/mutation/scores.json (Stryker) or of the
 * SQL mutator's report, and every module `npm run mutate` covers is either in the table or
 * named as not measured.
 */
const ROOT = join(import.meta.dirname, "../..");
const REPORTS = join(ROOT, "reports/mutation");

interface Measured {
  readonly detected: number;
  readonly valid: number;
  readonly score: number;
}

function strykerScores(): Map<string, Measured> {
  const scores: Scores = JSON.parse(readFileSync(join(REPORTS, "scores.json"), "utf8"));
  return new Map(
    Object.entries(scores).map(([file, s]) => [
      file,
      { detected: s.killed + s.timeout, valid: s.killed + s.timeout + s.survived + s.noCoverage, score: s.score },
    ]),
  );
}

function sqlScores(): Map<string, Measured> {
  const out = new Map<string, Measured>();
  for (const name of readdirSync(REPORTS).filter((n) => /^sql-.*\.json$/.test(n))) {
    const report: { summary: Record<string, { mutants: number; killed: number; score: number }> } = JSON.parse(readFileSync(join(REPORTS, name), "utf8"));
    for (const [file, s] of Object.entries(report.summary)) out.set(file, { detected: s.killed, valid: s.mutants, score: s.score });
  }
  return out;
}

function mutationSection(): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("### Mutation testing");
  expect(start, "README has a section ### Mutation testing").toBeGreaterThan(0);
  return readme.slice(start, readme.indexOf("\n## ", start));
}

interface TableRow extends Measured {
  readonly file: string;
}

function tableRows(section: string): TableRow[] {
  return section
    .split("\n")
    .filter((line) => /^\| `[^`]+\.(ts|sql)`/.test(line))
    .map((line) => {
      const cells = line.split("|").map((c) => c.trim());
      const file = /`([^`]+)`/.exec(cells[1])![1];
      const [, detected, valid] = /^(\d+) \/ (\d+)/.exec(cells[2]) ?? [];
      const [, score] = /^([\d.]+) %/.exec(cells[3]) ?? [];
      return { file, detected: Number(detected), valid: Number(valid), score: Number(score) };
    });
}

describe("README's mutation table", () => {
  const section = mutationSection();
  const rows = tableRows(section);
  const stryker = strykerScores();
  const sql = sqlScores();

  test("has rows", () => {
    expect(rows.length).toBeGreaterThan(10);
  });

  test("each row says what the committed report measured", () => {
    const differing = rows.flatMap((row) => {
      const measured = row.file.endsWith(".sql") ? sql.get(row.file) : stryker.get(row.file);
      const { file: _, ...quoted } = row;
      return JSON.stringify(quoted) === JSON.stringify(measured)
        ? []
        : [`${row.file}: README ${JSON.stringify(quoted)}, report ${JSON.stringify(measured ?? null)}`];
    });
    expect(differing).toEqual([]);
  });

  test("every module npm run mutate covers is in the table or named as not measured", () => {
    const inTable = new Set(rows.map((r) => r.file));
    const notMeasured = section.slice(section.indexOf("Not measured"));
    const missing = Object.keys(MUTATION_TARGETS).filter(
      (file) => !inTable.has(file) && !notMeasured.includes(file) && !notMeasured.includes(file.split("/").at(-1)!),
    );
    expect(missing, 'modules in neither the table nor its "Not measured" paragraph').toEqual([]);
  });
});
