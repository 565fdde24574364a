import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWarehouse } from "../../etl/build/build-warehouse.js";
import { ingestPaths } from "../../etl/ingest/ingest.js";
import { restoreBatch } from "../../etl/ingest/restore-batch.js";
import { buildSampleWarehouse, type SampleWarehouse } from "../helpers/sample-warehouse.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { writeCsv } from "../helpers/write-formats.js";

const ROOT = new URL("../..", import.meta.url).pathname;
const LABOUR_HEADERS = ["nam", "ky", "ma_so_thue", "ten_doanh_nghiep", "tong_lao_dong"];

/** Every model's rows as an order-free fingerprint (row count and the sum of row hashes), by table. */
async function fingerprint(sample: SampleWarehouse, tables: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of tables) {
    const [[n, h]] = await sample.rows(`select count(*)::varchar, coalesce(sum(hash(t)), 0)::varchar from main.${t} t`);
    out[t] = `${n}/${h}`;
  }
  return out;
}

describe("a re-delivery never silently replaces a period; what it replaces is kept and can be restored", () => {
  const tmp = makeTempDir();
  let sample: SampleWarehouse;
  let models: string[];
  let period: string;
  let periodRows: number;
  let periodKeys: number;
  let original: number;
  let before: Record<string, string>;
  const one = () => join(tmp.dir, "labour_workforce_reports.fix.csv");

  beforeAll(async () => {
    sample = await buildSampleWarehouse({ units: 300, seed: 14 });
    models = (await sample.rows("select table_name from information_schema.tables where table_schema = 'main' and table_type = 'BASE TABLE' order by 1")).map(
      ([t]) => String(t),
    );
    const [[p, n, k, batch]] = await sample.rows(
      `select replace_key, count(*)::int, count(distinct row_key)::int, min(batch_id)::int from raw.labour_workforce_reports group by 1 order by 2 desc, 1 limit 1`,
    );
    [period, periodRows, periodKeys, original] = [String(p), Number(n), Number(k), Number(batch)];
    // One employer of that half-year, with a corrected head count.
    const [[code, name]] = await sample.rows(
      `select ma_so_thue, ten_doanh_nghiep from raw.labour_workforce_reports where replace_key = '${period}' order by line_no limit 1`,
    );
    writeCsv(one(), { headers: LABOUR_HEADERS, rows: [[period.slice(0, 4), period.endsWith("H1") ? "1" : "2", String(code), String(name), "9999"]] });
    before = await fingerprint(sample, models);
  }, 240_000);
  afterAll(async () => {
    await sample?.close();
    tmp.remove();
  });

  it("a one-record file for a half-year of dozens of reports is rejected whole, saying what it would replace and how to confirm; every model is unchanged", async () => {
    expect(periodRows).toBeGreaterThan(20);
    const [report] = await ingestPaths(sample.warehouse.connection, [one()]);
    expect(report.status).toBe("REJECTED");
    expect(report.message).toContain(
      `labour_workforce_reports ${period}: this file has 1 row and would replace ${periodRows} rows (${periodKeys - 1} of its ${periodKeys} keys missing)`,
    );
    expect(report.message).toContain(`npm run etl -- ingest ${one()} --replace`);
    expect(report.message).not.toMatch(/undefined|NaN|null/);
    const [[inEffect, superseded]] = await sample.rows(
      `select (select count(*)::int from raw.labour_workforce_reports where replace_key = '${period}'), (select count(*)::int from superseded.labour_workforce_reports)`,
    );
    expect([inEffect, superseded]).toEqual([periodRows, 0]);
    await buildWarehouse(sample.warehouse.connection);
    expect(await fingerprint(sample, models)).toEqual(before);
  }, 120_000);

  let replacing: number;
  let afterReplace: Record<string, string>;
  it("with --replace it loads: the period's earlier rows are superseded (kept, marked with the batch), and the models hold the new file's figures", async () => {
    const [report] = await ingestPaths(sample.warehouse.connection, [one()], { replace: true });
    expect(report).toMatchObject({ status: "LOADED", rowsLoaded: 1, rowsReplaced: periodRows, period });
    replacing = report.batchId!;
    const [[inEffect, kept, markedBy]] = await sample.rows(
      `select (select count(*)::int from raw.labour_workforce_reports where replace_key = '${period}'),
              (select count(*)::int from superseded.labour_workforce_reports where batch_id = ${original} and replace_key = '${period}'),
              (select list(distinct superseded_by)::varchar from superseded.labour_workforce_reports)`,
    );
    expect([inEffect, kept, markedBy]).toEqual([1, periodRows, `[${replacing}]`]);
    await buildWarehouse(sample.warehouse.connection);
    afterReplace = await fingerprint(sample, ["mart_unit_year", "int_unit_year_workers", "rollup_unit_year"]);
    const [[staged, workers]] = await sample.rows(
      `select count(*)::int, sum(total_workers)::int from main.stg_labour__workforce_reports where half_label = '${period}'`,
    );
    expect([staged, workers]).toEqual([1, 9999]);
    expect(afterReplace.mart_unit_year).not.toBe(before.mart_unit_year);
  }, 120_000);

  it("restore brings the original batch back (the replacing batch superseded in turn): every model as before", async () => {
    const restored = await restoreBatch(sample.warehouse.connection, original, "test");
    expect(restored).toMatchObject({ batchId: original, rowsRestored: periodRows, rowsSuperseded: 1, supersededBatches: [replacing], replaceKeys: [period] });
    const [[inEffect, supersededBy]] = await sample.rows(
      `select (select count(*)::int from raw.labour_workforce_reports where replace_key = '${period}' and batch_id = ${original}),
              (select list(superseded_by)::varchar from superseded.labour_workforce_reports where batch_id = ${replacing})`,
    );
    expect([inEffect, supersededBy]).toEqual([periodRows, `[${original}]`]);
    const [[recorded]] = await sample.rows(`select rows_restored || '/' || rows_superseded from lineage.restores where batch_id = ${original}`);
    expect(recorded).toBe(`${periodRows}/1`);
    await buildWarehouse(sample.warehouse.connection);
    expect(await fingerprint(sample, models)).toEqual(before);
  }, 120_000);

  it("the figures after --replace are those of a warehouse whose only rows for the period are the new file's", async () => {
    // Built independently: the period's rows taken out by hand, the file loaded into the gap.
    await sample.warehouse.connection.run(`delete from raw.labour_workforce_reports where replace_key = '${period}'`);
    const [again] = await ingestPaths(sample.warehouse.connection, [one()]);
    expect(again).toMatchObject({ status: "LOADED", rowsLoaded: 1, rowsReplaced: 0 });
    expect(again.message).toBe(`same content as batch ${replacing}, whose rows had all been superseded: loaded again`);
    await buildWarehouse(sample.warehouse.connection);
    expect(await fingerprint(sample, ["mart_unit_year", "int_unit_year_workers", "rollup_unit_year"])).toEqual(afterReplace);
  }, 120_000);

  it("a file identical to a batch still in effect is skipped; restoring a batch with nothing superseded is refused, saying why", async () => {
    const [skipped] = await ingestPaths(sample.warehouse.connection, [one()]);
    expect(skipped.status).toBe("SKIPPED");
    await expect(restoreBatch(sample.warehouse.connection, skipped.duplicateOf!, "test")).rejects.toThrow(
      `batch ${skipped.duplicateOf} (labour_workforce_reports.fix.csv, labour_workforce_reports) has no superseded rows: its 1 row in the warehouse is in effect already`,
    );
    await expect(restoreBatch(sample.warehouse.connection, 99_999, "test")).rejects.toThrow("batch 99999 does not exist");
  });
});

describe("the command line: ingest refuses, --replace confirms, status counts rows in effect, restore undoes (audit log)", () => {
  const tmp = makeTempDir();
  const db = join(tmp.dir, "w.duckdb");
  const auditLog = join(tmp.dir, "audit.jsonl");
  const etl = (...args: string[]) => {
    const r = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "etl/cli.ts"), ...args, "--db", db], {
      cwd: ROOT,
      env: { ...process.env, AUDIT_LOG: auditLog, AUDIT_ACTOR: "tester" },
      encoding: "utf8",
      timeout: 60_000,
    });
    return { code: r.status, out: r.stdout + r.stderr };
  };
  afterAll(() => tmp.remove());

  it("walks through a refused, confirmed and restored re-delivery", () => {
    const full = join(tmp.dir, "si_contributions.2024-06.csv");
    const small = join(tmp.dir, "si_contributions.2024-06-fix.csv");
    const headers = ["ma_don_vi", "ten_don_vi", "ma_so_thue", "ky", "so_lao_dong", "quy_luong"];
    writeCsv(full, { headers, rows: Array.from({ length: 20 }, (_, i) => [`U${i}`, `Công ty ${i}`, "", "06/2024", "10", "70000000"]) });
    writeCsv(small, { headers, rows: [["U0", "Công ty 0", "", "06/2024", "11", "77000000"]] });
    expect(etl("ingest", full).code).toBe(0);

    const refused = etl("ingest", small);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain("si_contributions 2024-06-01: this file has 1 row and would replace 20 rows (19 of its 20 keys missing)");
    expect(refused.out).toContain(`npm run etl -- ingest ${small} --replace`);

    const confirmed = etl("ingest", small, "--replace");
    expect(confirmed.code).toBe(0);
    expect(confirmed.out).toContain("superseded 20 earlier rows of 2024-06-01");
    const status = etl("status");
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/si_contributions\s+1\s+20\s+si_contributions\.2024-06-fix\.csv\s+LOADED/);

    const restored = etl("restore", "1");
    expect(restored.code).toBe(0);
    expect(restored.out).toContain(
      "RESTORED  batch 1 (si_contributions.2024-06.csv, si_contributions; 2024-06-01): 20 rows in effect again; 1 row of batch 3 superseded in turn",
    );
    expect(etl("status").out).toMatch(/si_contributions\s+20\s+1\s/);
    const nothing = etl("restore", "1");
    expect(nothing.code).toBe(1);
    expect(nothing.out).toContain(
      "Nothing restored: batch 1 (si_contributions.2024-06.csv, si_contributions) has no superseded rows: its 20 rows in the warehouse are in effect already",
    );

    const entries = readFileSync(auditLog, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { action: string; outcome: string; details: Record<string, unknown> });
    const restores = entries.filter((e) => e.details.command === "restore");
    expect(restores.map((e) => [e.action, e.outcome, e.details.batch, e.details.rowsRestored ?? null])).toEqual([
      ["RESTORE", "OK", 1, 20],
      ["RESTORE", "FAILED", 1, null],
    ]);
  }, 120_000);
});
