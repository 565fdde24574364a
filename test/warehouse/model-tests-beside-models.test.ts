import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { MODEL_MANIFEST, MODELS_DIR, type ModelEntry } from "../../etl/build/model-manifest.js";
import { loadDataTests } from "../../etl/build/model-tests.js";

/**
 * Each model declares its grain and data tests beside its SQL (`<model>.tests.ts`), and the
 * build reads them from there (etl/build/model-tests.ts loadDataTests): the layering of
 * docs/DESIGN.md § Warehouse layers.
 */
const modelsDir = fileURLToPath(MODELS_DIR);

function testsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? testsFiles(join(dir, e.name)) : e.name.endsWith(".tests.ts") ? [relative(modelsDir, join(dir, e.name))] : [],
  );
}

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe("data tests beside their models", () => {
  it("every staging, intermediate and mart model declares its grain beside its SQL", async () => {
    const tests = await loadDataTests();
    const grains = new Set(tests.filter((t) => /^unique_(not_null|key)\(/.test(t.test)).map((t) => t.model));
    const tables = MODEL_MANIFEST.filter((m) => m.createsTable && m.layer !== "seed").map((m) => m.name);
    expect(tables.filter((name) => !grains.has(name))).toEqual([]);
    expect(grains.has("mart_unit_year")).toBe(true);
    // what the build reads, model by model: e.g. mart_unit_year's 16 tests, its grain first
    const martUnitYear = tests.filter((t) => t.model === "mart_unit_year");
    expect(martUnitYear).toHaveLength(16);
    expect(martUnitYear[0]!.test).toBe("unique_not_null(tax_code, year)");
    expect(tests.filter((t) => t.model === "int_unit_links").map((t) => t.test)).toEqual([
      "unique_not_null(dataset, batch_id, line_no)",
      "accepted_values(method)",
      "accepted_values(dataset)",
      "relationship(tax_code -> int_employer_units.tax_code)",
      "confidence in [0, 1]; 1 for exact and analysts' links, 0 exactly when unlinked",
      "one link row per raw row of every dataset (unlinked rows counted, never dropped)",
    ]);
  });

  it("every tests file sits beside a model of the manifest, named after it", () => {
    const expected = new Set(MODEL_MANIFEST.map((m) => m.file.replace(/\.sql$/, ".tests.ts")));
    expect(testsFiles(modelsDir).filter((f) => !expected.has(f))).toEqual([]);
  });

  it("a tests file whose test names another model, or that exports no list, is refused naming the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "model-tests-"));
    scratch.push(dir);
    mkdirSync(join(dir, "marts"));
    const entry = (name: string): ModelEntry => ({ name, layer: "mart", file: `marts/${name}.sql`, createsTable: true });
    writeFileSync(join(dir, "marts/mart_a.tests.ts"), `export default [{ model: "mart_a", test: "one", sql: "select 1 as key where false" }];\n`);
    writeFileSync(join(dir, "marts/mart_b.tests.ts"), `export default [{ model: "mart_a", test: "stray", sql: "select 1 as key where false" }];\n`);
    writeFileSync(join(dir, "marts/mart_c.tests.ts"), "export const tests = [];\n");
    const url = pathToFileURL(`${dir}/`);
    expect((await loadDataTests([entry("mart_a"), entry("mart_none")], url)).map((t) => `${t.model}: ${t.test}`)).toEqual(["mart_a: one"]);
    await expect(loadDataTests([entry("mart_a"), entry("mart_b")], url)).rejects.toThrow(
      'etl/models/marts/mart_b.tests.ts: the test "stray" names the model mart_a, not mart_b',
    );
    await expect(loadDataTests([entry("mart_c")], url)).rejects.toThrow("etl/models/marts/mart_c.tests.ts: export default the model's data tests");
  });
});
