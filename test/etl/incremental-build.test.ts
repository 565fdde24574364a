/**
 * Incremental builds (issue 17, point 3): after one new period of one dataset, `etl build`
 * rebuilds only what it reaches, and the result equals a full build of the same data,
 * every table of the warehouse compared row for row.
 *
 * The sample province is loaded without December 2025 of social insurance and built; then
 * - December 2025 arrives (its own file, a new period);
 * - a corrected second half of 2024 of labour reports arrives (a re-delivery of that
 *   half-year with some workforce figures changed, superseding the first delivery);
 * after each, the warehouse is copied, built incrementally and, the copy, with --full.
 * Then one changed figure: an `etl build` killed in its closing transaction leaves every
 * table and the recorded build state as they were, and the next `etl build` (its summary
 * checked) equals a full build.
 */
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuildReport, buildWarehouse } from "../../etl/build/build-warehouse.js";
import { MODEL_MANIFEST } from "../../etl/build/model-manifest.js";
import type { DataTest } from "../../etl/build/model-tests.js";
import { ingestPaths } from "../../etl/ingest/ingest.js";
import { generateSample } from "../../etl/sample/generate-sample.js";
import { openWarehouse } from "../../etl/warehouse/warehouse.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { tableDigests } from "../helpers/warehouse-digest.js";
import { etl, killAtFailpoint } from "../reliability/helpers/etl-process.js";

const UNITS = 800;
const SEED = 5;
const DECEMBER = ["2025-12", "12/2025", "Tháng 12/2025"];

async function ingest(db: string, paths: string[]): Promise<void> {
  const warehouse = await openWarehouse(db);
  try {
    const reports = await ingestPaths(warehouse.connection, paths);
    expect(reports.map((r) => `${r.file}: ${r.status} ${r.message ?? ""}`).filter((r) => !r.includes(": LOADED"))).toEqual([]);
  } finally {
    await warehouse.close();
  }
}

async function build(db: string, full = false, extraTests: DataTest[] = []): Promise<BuildReport> {
  const warehouse = await openWarehouse(db);
  try {
    return await buildWarehouse(warehouse.connection, { full, extraTests });
  } finally {
    await warehouse.close();
  }
}

/** Every table of `main` in both warehouses: the same names, and no row in one that is not in the other (as many times). */
async function differences(a: string, b: string): Promise<Record<string, string>> {
  const instance = await DuckDBInstance.create(":memory:");
  const c = await instance.connect();
  try {
    await c.run(`attach '${a}' as a (read_only)`);
    await c.run(`attach '${b}' as b (read_only)`);
    const tables = async (db: string) =>
      (await c.runAndReadAll(`select table_name from duckdb_tables() where database_name = '${db}' and schema_name = 'main' order by 1`))
        .getRowsJS()
        .map((r) => String(r[0]));
    const [inA, inB] = [await tables("a"), await tables("b")];
    const found: Record<string, string> = {};
    if (inA.join() !== inB.join()) found.tables = `${inA.join(",")} ≠ ${inB.join(",")}`;
    for (const t of inB.filter((name) => inA.includes(name))) {
      const [onlyA, onlyB, rows] = (
        await c.runAndReadAll(
          `select (select count(*) from (select * from a.main.${t} except all select * from b.main.${t})),
                  (select count(*) from (select * from b.main.${t} except all select * from a.main.${t})),
                  (select count(*) from b.main.${t})`,
        )
      )
        .getRowsJS()[0]
        .map(Number);
      if (onlyA || onlyB) found[t] = `${onlyA} rows only in the incremental build, ${onlyB} only in the full one (of ${rows})`;
    }
    return found;
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

/** What the last build recorded having read (lineage.build_*): the next build's starting point. */
async function buildState(path: string): Promise<string[]> {
  const instance = await DuckDBInstance.create(path, { access_mode: "READ_ONLY" });
  const c = await instance.connect();
  try {
    const state: string[] = [];
    for (const table of ["build_batches", "build_inputs", "build_models"]) {
      const [[rows, hash]] = (await c.runAndReadAll(`select count(*)::int, coalesce(sum(hash(t)::hugeint), 0)::varchar from lineage.${table} t`)).getRowsJS();
      state.push(`${table}: ${rows} rows, ${hash}`);
    }
    return state;
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

const actions = (report: BuildReport) => Object.fromEntries(report.models.map((m) => [m.model, m.action]));

describe("incremental build", { timeout: 900_000 }, () => {
  const tmp = makeTempDir("uap-incremental-");
  const sample = join(tmp.dir, "sample");
  const db = join(tmp.dir, "warehouse.duckdb");
  const december = join(tmp.dir, "si_contributions.2025-12.csv");
  let first: BuildReport;

  beforeAll(async () => {
    const summary = await generateSample({ outDir: sample, units: UNITS, seed: SEED });
    const si2025 = summary.files.find((f) => f.file === "si_contributions.2025.csv");
    expect(si2025, "the sample's 2025 social insurance is a UTF-8 CSV").toMatchObject({ format: "csv", encoding: "utf-8" });
    // December 2025 out of the year's file, into its own
    const instance = await DuckDBInstance.create(":memory:");
    const c = await instance.connect();
    const file = join(sample, "si_contributions.2025.csv");
    await c.run(`create table si as select * from read_csv('${file}', all_varchar = true, header = true)`);
    // the month's column, under whichever of its names (docs/SOURCES.md) the generator wrote
    const columns = (await c.runAndReadAll("select column_name from duckdb_columns() where table_name = 'si'")).getRowsJS().map((r) => String(r[0]));
    const month = columns.find((name) => ["ky", "period", "month", "thang"].includes(name.toLowerCase()));
    expect(month, `the month column among ${columns.join(", ")}`).toBeDefined();
    const isDecember = `coalesce("${month}" in (${DECEMBER.map((k) => `'${k}'`).join(", ")}), false)`;
    await c.run(`copy (select * from si where ${isDecember}) to '${december}' (header)`);
    await c.run(`copy (select * from si where not ${isDecember}) to '${file}' (header)`);
    c.closeSync();
    instance.closeSync();
    await ingest(db, [sample]);
    first = await build(db);
  });
  afterAll(() => tmp.remove());

  it("the first build is whole (nothing recorded yet); a build with nothing new skips every model and runs no data test", async () => {
    expect(first.full).toBe(true);
    expect(first.fullReason).toBe("no earlier build recorded what it read");
    const again = await build(db);
    expect(again.full).toBe(false);
    expect(new Set(again.models.map((m) => m.action))).toEqual(new Set(["skipped"]));
    expect(again.testsRun).toBe(0);
    expect(again.rowsByModel).toEqual(first.rowsByModel);
  });

  it("a data test the last build did not pass runs though its table is kept; a raw table whose columns changed in place is rebuilt whole", async () => {
    const added: DataTest = {
      model: "dim_employer_unit",
      test: "a test added since the last build",
      sql: "select tax_code as key from main.dim_employer_unit where tax_code is null",
    };
    const withTest = await build(db, false, [added]);
    expect(new Set(withTest.models.map((m) => m.action))).toEqual(new Set(["skipped"]));
    expect(withTest.tests.map((t) => t.test)).toEqual([added.test]);
    expect((await build(db, false, [added])).testsRun).toBe(0);

    // a migration retyping a raw table keeps every batch's rows and line numbers
    const copy = join(tmp.dir, "retyped.duckdb");
    copyFileSync(db, copy);
    const warehouse = await openWarehouse(copy);
    try {
      await warehouse.connection.run("alter table raw.union_grassroots_unions add column note varchar");
    } finally {
      await warehouse.close();
    }
    const retyped = await build(copy);
    expect(retyped.models.find((m) => m.model === "stg_union__grassroots_unions")).toMatchObject({
      action: "unchanged",
      reason: "raw.union_grassroots_unions changed whole",
    });
    expect(actions(retyped).stg_si__contributions).toBe("skipped");
  });

  it("a new month of social insurance: only what it reaches is rebuilt, and the warehouse equals a full build's, table by table", async () => {
    await ingest(db, [december]);
    const copy = join(tmp.dir, "full-after-december.duckdb");
    copyFileSync(db, copy);
    const incremental = await build(db);
    const full = await build(copy, true);
    expect(full.full).toBe(true);
    expect(incremental.full).toBe(false);
    const did = actions(incremental);
    // the social-insurance staging: only the new batch; the facts and marts: only 2025 (and the units whose links changed)
    expect(did.stg_si__contributions).toBe("partial");
    expect(incremental.models.find((m) => m.model === "stg_si__contributions")?.reason).toBe("raw.si_contributions changed");
    expect(did.fct_si_monthly).toBe("partial");
    expect(incremental.models.find((m) => m.model === "fct_si_monthly")?.keys?.year?.values).toEqual(["2025"]);
    expect(did.mart_unit_year).toBe("partial");
    // the other datasets' staging and the linker's unit side are not touched
    for (const model of ["stg_tax__enterprises", "stg_stats__enterprise_survey", "stg_union__finance", "int_link_units", "int_link_tokens", "dim_admin_unit"]) {
      expect(did[model], model).toBe("skipped");
    }
    expect(incremental.testsRun).toBeLessThan(full.testsRun);
    expect(await differences(db, copy)).toEqual({});
    expect(incremental.rowsByModel).toEqual(full.rowsByModel);
  });

  it("a corrected half-year of labour reports: the same, and the facts of other datasets are kept", async () => {
    const rows = JSON.parse(readFileSync(join(sample, "labour_workforce_reports.json"), "utf8")) as Record<string, unknown>[];
    const h2 = rows.filter((r) => r.nam === 2024 && r.ky === 2);
    expect(h2.length).toBeGreaterThan(100);
    const corrected = h2.map((r, i) =>
      i % 25 === 0 && typeof r.tong_lao_dong === "number" && r.tong_lao_dong > 0 ? { ...r, tong_lao_dong: r.tong_lao_dong + 7 } : r,
    );
    const changed = corrected.filter((r, i) => r !== h2[i]).length;
    expect(changed).toBeGreaterThan(3);
    const file = join(tmp.dir, "labour_workforce_reports.2024-h2.json");
    writeFileSync(file, JSON.stringify(corrected));
    await ingest(db, [file]);
    const copy = join(tmp.dir, "full-after-labour.duckdb");
    copyFileSync(db, copy);
    const incremental = await build(db);
    const full = await build(copy, true);
    const did = actions(incremental);
    // the superseded rows belong to the first delivery, one file of every half-year: its batch is rebuilt whole
    const staging = incremental.models.find((m) => m.model === "stg_labour__workforce_reports");
    expect(staging).toMatchObject({ action: "built", reason: expect.stringMatching(/^raw\.labour_workforce_reports changed, reaching \d+ % of its rows$/) });
    // what it reaches downstream is the second half of 2024
    expect(incremental.models.find((m) => m.model === "int_unit_year_workers")).toMatchObject({
      action: "partial",
      keys: { year: { count: 1, values: ["2024"] } },
    });
    for (const model of ["stg_si__contributions", "int_si_unit_months", "fct_si_monthly", "fct_finance"]) expect(did[model], model).toBe("skipped");
    expect(await differences(db, copy)).toEqual({});
    expect(incremental.rowsByModel).toEqual(full.rowsByModel);
  });

  it("an incremental build killed in its closing transaction (patches applied, state recorded, not committed) changes nothing; the next one sees the same changes and says what it rebuilt and why; --full builds every model whole", async () => {
    const file = join(tmp.dir, "labour_workforce_reports.2024-h2.json");
    const rows = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>[];
    writeFileSync(
      file,
      JSON.stringify(rows.map((r, i) => (i === 1 && typeof r.tong_lao_dong === "number" ? { ...r, tong_lao_dong: r.tong_lao_dong + 1 } : r))),
    );
    const loaded = await etl(["ingest", file, "--db", db]);
    expect(loaded.code, loaded.stderr).toBe(0);
    const copy = join(tmp.dir, "full-after-one-figure.duckdb");
    copyFileSync(db, copy);
    const before = { tables: await tableDigests(db), state: await buildState(db) };

    const killed = await killAtFailpoint(["build", "--db", db], "build-before-commit");
    expect(killed.signal).toBe("SIGKILL");
    expect(await tableDigests(db)).toEqual(before.tables);
    expect(await buildState(db)).toEqual(before.state);

    const run = await etl(["build", "--db", db]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/incremental: \d+ rebuilt whole, \d+ in part, \d+ rebuilt with the same result, \d+ skipped \(no input changed\)/);
    expect(run.stdout).toMatch(/stg_labour__workforce_reports +in part \(batch \d+, \d+\): raw\.labour_workforce_reports changed, [\d.]+ s/);
    expect(run.stdout).toMatch(/data tests: +\d+ passed, 0 failed, \d+ not run \(their tables were kept as they were\)/);
    expect(run.stdout).not.toMatch(/stg_si__contributions/);
    expect(await tableDigests(db)).not.toEqual(before.tables);
    await build(copy, true);
    expect(await differences(db, copy)).toEqual({});

    const whole = await etl(["build", "--full", "--db", db]);
    expect(whole.code, whole.stderr).toBe(0);
    expect(whole.stdout).toMatch(new RegExp(`models built: ${MODEL_MANIFEST.length} \\(.*\\), every one whole \\(--full\\)`));
    expect(await differences(db, copy)).toEqual({});
  });
});
