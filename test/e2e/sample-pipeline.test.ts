import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWarehouse } from "../../etl/build/build-warehouse.js";
import type { BatchReport } from "../../etl/ingest/batch-report.js";
import { ingestPaths } from "../../etl/ingest/ingest.js";
import { generateSample } from "../../etl/sample/generate-sample.js";
import { openWarehouse, type Warehouse } from "../../etl/warehouse/warehouse.js";
import { makeTempDir } from "../helpers/temp-dir.js";

/**
 * The whole ETL against the sample generator's ground truth: what the generator says a
 * correct ETL loads, rejects (and why) and computes is what we load, reject and compute.
 */
describe("sample province, end to end against the ground truth", () => {
  const tmp = makeTempDir("uap-e2e-");
  const sampleDir = join(tmp.dir, "sample");
  let warehouse: Warehouse;
  let reports: BatchReport[];

  const rows = async (sql: string) => (await warehouse.connection.runAndReadAll(sql)).getRowsJS();
  const truthCsv = (name: string) => `read_csv('${join(sampleDir, "_truth", name)}', header = true, all_varchar = true)`;

  beforeAll(async () => {
    await generateSample({ outDir: sampleDir, units: 1200, seed: 11, years: [2019, 2025] });
    warehouse = await openWarehouse(join(tmp.dir, "w.duckdb"));
    reports = await ingestPaths(warehouse.connection, [sampleDir]);
    await buildWarehouse(warehouse.connection);
    await warehouse.connection.run(`create temp table truth_rows as select * from ${truthCsv("rows.csv")}`);
    await warehouse.connection.run(`create temp table truth_unit_year as select * from ${truthCsv("unit_year.csv")}`);
  });
  afterAll(async () => {
    await warehouse?.close();
    tmp.remove();
  });

  it("loads every file; for each, rows read = loaded + quarantined = the rows the generator wrote", async () => {
    expect(reports.filter((r) => r.status !== "LOADED").map((r) => r.message)).toEqual([]);
    const written = new Map((await rows("select file, count(*)::int from truth_rows group by file")).map(([f, n]) => [f, n]));
    for (const r of reports) {
      expect(r.rowsRead, r.file).toBe(r.rowsLoaded + r.rowsRejected);
      expect(r.rowsRead, r.file).toBe(written.get(r.file.split("/").pop()!));
    }
    expect(reports.length).toBe(written.size);
  });

  it("quarantines exactly the rows the generator made bad, each with the expected reason", async () => {
    const mismatches = await rows(`
      with expected as (select file, line_no::bigint as line_no, expected_reason as reason from truth_rows where coalesce(expected_reason, '') <> ''),
      actual as (select file_name as file, line_no, reason_code as reason from quarantine.rejected_rows)
      (select 'missing', * from expected except select 'missing', * from actual)
      union all
      (select 'unexpected', * from actual except select 'unexpected', * from expected)
      order by 2, 3 limit 20`);
    expect(mismatches).toEqual([]);
    const [[expectedRejects]] = await rows("select count(*)::int from truth_rows where coalesce(expected_reason, '') <> ''");
    expect(expectedRejects).toBeGreaterThan(50);
  });

  it("computes workers, their source and activity per unit-year exactly as the truth", async () => {
    const mismatches = await rows(`
      select t.tax_code, t.year, t.workers, t.workers_source, m.workers, m.workers_source
      from truth_unit_year t left join mart_unit_year m on m.tax_code = t.tax_code and m.year = t.year::int
      where t.active = 'true' and (m.tax_code is null or coalesce(m.workers, -1) <> coalesce(t.workers::int, -1)
        or upper(m.workers_source) <> upper(t.workers_source))
      limit 10`);
    expect(mismatches).toEqual([]);
  });

  // The linker places every union registry row of this sample on its true unit (the
  // union rows without a usable tax code included: see the test below), so coverage
  // equals the real world's (`has_union`), not only what exact tax codes show.
  it.each([2021, 2023, 2025])("coverage, membership and union-fee figures for %i equal the truth", async (year) => {
    const [truth] = await rows(`
      select count(*) filter (where in_scope_20 = 'true')::int,
             count(*) filter (where in_scope_20 = 'true' and has_union = 'true')::int,
             sum(fee_due::bigint)::bigint, sum(fee_paid::bigint)::bigint
      from truth_unit_year where year::int = ${year}`);
    const [actual] = await rows(`
      select count(*) filter (where in_scope_20)::int, count(*) filter (where in_scope_20 and has_union)::int,
             sum(fee_due)::bigint, sum(fee_paid)::bigint
      from mart_unit_year where year = ${year}`);
    expect(actual).toEqual(truth);
  });

  it("links every loaded union registry row to its true unit, the ones without a usable tax code by name and address", async () => {
    const [[rowsWithoutCode, linked, wrong]] = await rows(`
      select count(*)::int, count(l.tax_code)::int, count(*) filter (where l.tax_code <> t.true_tax_code)::int
      from main.int_unit_links l
      join lineage.batches b using (batch_id)
      join truth_rows t on t.file = b.file_name and t.line_no::bigint = l.line_no
      where l.dataset = 'union_grassroots_unions' and l.source_tax_code is null`);
    expect(rowsWithoutCode).toBeGreaterThan(10);
    expect([linked, wrong]).toEqual([rowsWithoutCode, 0]);
    const [[truthDiffers]] = await rows(`select count(*)::int from truth_unit_year where has_union <> has_union_exact`);
    expect(truthDiffers).toBeGreaterThan(0); // the exact links alone would fall short of the truth
  });

  it("ingesting the same folder again skips every file and changes nothing", async () => {
    const before = await rows("select (select count(*) from lineage.batches)::int, (select count(*) from raw.si_contributions)::int");
    const again = await ingestPaths(warehouse.connection, [sampleDir]);
    expect(new Set(again.map((r) => r.status))).toEqual(new Set(["SKIPPED"]));
    expect(await rows("select (select count(*) from lineage.batches)::int, (select count(*) from raw.si_contributions)::int")).toEqual(before);
  });
});
