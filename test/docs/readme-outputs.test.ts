/**
 * The READMEs' example outputs are the code's outputs. Every marked example of README.md
 * and of examples/README.md (scripts/docs/readme-examples.ts: JSON answers of the API, what
 * the CLI and psql print, figures quoted in the text) is run again on the default sample
 * (4,000 units, seed 1, built once through the README's own round trip and served as
 * `npm start` serves it; both files share it) and compared with what the file shows,
 * honouring its elisions (`"…"`). A failure names the file, its line and the value that
 * differs; `npm run docs` (README.md) and `npm run docs -- --readme examples/README.md`
 * rewrite the outputs.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { diffElided } from "../../scripts/docs/elided-json.js";
import { linesMatch, refillLines } from "../../scripts/docs/elided-text.js";
import { parseJsonTree } from "../../scripts/docs/json-source-tree.js";
import { checkExample, describe as describeExample } from "../../scripts/docs/readme-docs.js";
import { readExamples, unmarkedOutputBlocks } from "../../scripts/docs/readme-examples.js";
import { type DocsSample, REPO_ROOT, startDocsSample } from "../../scripts/docs/sample-api.js";

const README = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
const examples = readExamples(README);
const EXAMPLES_README = readFileSync(join(REPO_ROOT, "examples/README.md"), "utf8");
const examplesReadmeOutputs = readExamples(EXAMPLES_README, "examples/README.md");
/** Each file's examples with the file's text. */
const files = [
  { text: README, examples },
  { text: EXAMPLES_README, examples: examplesReadmeOutputs },
];

describe("the example outputs of README.md and examples/README.md", () => {
  let sample: DocsSample;
  beforeAll(async () => {
    sample = await startDocsSample();
  }, 600_000);
  afterAll(async () => {
    await sample?.close();
  });

  test("every output block names its source (a docs: marker), and the README has the examples the issue named", () => {
    expect(unmarkedOutputBlocks(README)).toEqual([]);
    const sources = examples.map((e) => String(e.options.file ?? e.options.name ?? e.options.setup ?? e.kind));
    for (const expected of [
      "examples/uncovered-in-district.graphql",
      "examples/coverage-by-district-and-sector.graphql",
      "examples/membership-growth-by-district.graphql",
      "examples/fee-collection-by-quarter.graphql",
      "examples/program-scorecard.graphql",
      "examples/forecast-to-2030.graphql",
      "examples/required-pace-2030.graphql",
      "examples/recruitment-plan-20-units.graphql",
      "examples/data-quality-overview.graphql",
      "analytics-sources",
      "plan-20",
      "pace-2025",
      "etl",
      "psql",
    ])
      expect(sources).toContain(expected);
  });

  test("examples/README.md: every output block names its source, and it shows the answer of every analysts' operation but the analytics ones (README.md has those)", () => {
    expect(unmarkedOutputBlocks(EXAMPLES_README)).toEqual([]);
    const shown = examplesReadmeOutputs.filter((e) => e.kind === "graphql").map((e) => String(e.options.file));
    const operations = readdirSync(join(REPO_ROOT, "examples"))
      .filter((f) => f.endsWith(".graphql") && !f.startsWith("analytics-"))
      .map((f) => `examples/${f}`);
    expect(operations.length).toBeGreaterThanOrEqual(11);
    expect([...shown].sort()).toEqual(operations.sort());
    expect(examplesReadmeOutputs.filter((e) => e.kind === "text").length).toBeGreaterThan(0);
  });

  test("the variables the text gives before a GraphQL example are the ones it was run with", () => {
    for (const { text, examples: marked } of files)
      for (const example of marked.filter((e) => e.kind === "graphql")) {
        const before = text.slice(text.lastIndexOf("\n\n", text.lastIndexOf("<!--", example.start) - 3), example.start);
        const stated = /Variables `(\{.*?\})`/.exec(before);
        if (stated) expect(JSON.parse(stated[1]), describeExample(example)).toEqual(example.options.variables);
        else expect(before, describeExample(example)).toMatch(/No variables/);
      }
  });

  test.each([...examples, ...examplesReadmeOutputs].map((e) => [describeExample(e), e] as const))("%s shows what the code answers", async (_, example) => {
    const outcome = await checkExample(example, sample);
    // the differences, each naming the README's line and both values; `npm run docs` writes the code's (review the diff)
    expect(outcome.problems.join("\n\n")).toBe("");
  });
});

/** The comparison itself, on hand-made answers: a README that differs fails, elisions are honoured. */
describe("comparing a README example with an answer", () => {
  const issueExample = `{
  "data": { "uncoveredUnits": { "totalCount": 35, "nodes": [{ "taxCode": "3269892658", "…": "…" }, "…"] } }
}`;

  test("a count the API no longer gives is a difference naming the path and both values", () => {
    const answer = { data: { uncoveredUnits: { totalCount: 34, nodes: [{ taxCode: "3269892658", workers: 680 }, { taxCode: "3261269434" }] } } };
    expect(diffElided(parseJsonTree(issueExample), answer)).toEqual(["$.data.uncoveredUnits.totalCount: README 35, API 34"]);
  });

  test('"…" items stand for any number of items; items between two "…" are found by their keys, not their position', () => {
    const readme = parseJsonTree(`{ "rows": ["…", { "year": 2024, "value": 3 }, "…", { "year": 2030, "value": 9 }] }`);
    const rows = [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030].map((year) => ({ year, value: year === 2024 ? 3 : 9 }));
    expect(diffElided(readme, { rows })).toEqual([]);
    const moved = rows.map((r) => (r.year === 2024 ? { ...r, value: 4 } : r));
    expect(diffElided(readme, { rows: moved })).toEqual(["$.rows[5].value: README 3, API 4"]);
    expect(diffElided(readme, { rows: rows.filter((r) => r.year !== 2024) })[0]).toMatch(/the README shows the item with \{"year":2024\}/);
  });

  test('a list without "…" must be whole, and an object without "…": "…" must show every field', () => {
    expect(diffElided(parseJsonTree(`{ "warnings": [] }`), { warnings: ["clamped at 0"] })).toEqual([
      '$.warnings: README 0 items, API 1 (mark the items not shown with "…")',
    ]);
    expect(diffElided(parseJsonTree(`{ "a": 1 }`), { a: 1, b: 2 })[0]).toMatch(/^\$\.b: in the API's answer \(2\), not in the README/);
    expect(diffElided(parseJsonTree(`{ "a": 1, "…": "…" }`), { a: 1, b: 2 })).toEqual([]);
  });

  test("printed output: a line … stands for any lines, … in a line for any text, and times match any time", () => {
    const readme = ["REJECTED  x.csv: …", "…", "1 file(s): 0 loaded, 1 rejected whole.", "finished 2026-11-24 05:24"];
    const output = ["REJECTED  x.csv: rejected whole: column missing", "", "a table", "1 file(s): 0 loaded, 1 rejected whole.", "finished 2031-01-02 17:40"];
    expect(linesMatch(readme, output)).toBe(true);
    expect(
      linesMatch(
        readme,
        output.map((l) => l.replace("0 loaded", "1 loaded")),
      ),
    ).toBe(false);
    // rewritten: the same selection of lines, the new figures
    expect(refillLines(["LOADED a 1", "LOADED b 2", "…", "2 file(s)"], ["LOADED a 5", "LOADED b 6", "LOADED c 7", "3 file(s)"], "test")).toEqual([
      "LOADED a 5",
      "LOADED b 6",
      "…",
      "3 file(s)",
    ]);
  });
});
