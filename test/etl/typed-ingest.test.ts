import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BatchReport } from "../../etl/ingest/batch-report.js";
import { ingestPaths } from "../../etl/ingest/ingest.js";
import { generateSample } from "../../etl/sample/generate-sample.js";
import { DATASET_IDS, DATASETS } from "../../etl/sources/index.js";
import { openWarehouse, type Warehouse } from "../../etl/warehouse/warehouse.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { type Table, writeCsv, writeJsonArray, writeNdjson } from "../helpers/write-formats.js";

/**
 * Raw rows are stored typed. The two ways to load a CSV, JSON or Parquet file give the
 * same warehouse: the staged load (the default: the file read into a temp table and
 * judged there with the careful parsers, the rows that pass appended typed) and the
 * direct load (`direct: true`: read straight into the raw table, the rows in a form only
 * the careful parsers read judged in a second pass): the same raw rows, typed the same,
 * the same quarantine with the same reasons, messages and lines, the same counts on every
 * batch. The values stored are those written by hand below for each form.
 */

/** Row `i`'s value of column `j`: every form cycles through rows, each column at its own pace (a pace that is a multiple of the forms' count would repeat one form). */
const pick = (forms: readonly (string | null)[], i: number, j: number) => forms[(i * (2 * j + 1) + j) % forms.length];

const TAX_CODES = ["3200000002", "3200000027", "3200 000 034", "3200000034-001", "3200.000.041", "3200000042", "12345", "", " 3200000059 ", "0000000000"];
const MONTHS = ["06/2024", "6/2024", "2024-06", "2024-6", "Tháng 6/2024", "thang 06/2024", " 06/2024 ", "06 2024", "13/2024", "", "2024/06", "06/2024x"];
const COUNTS = ["12", "1.200", "1,200", " 12 ", "12.0", "-3", "4x", "", "+5", "007", "1 200", "12,5", "0"];
const MONEY = ["84.000.000", "84000000", "84,000,000", "-1", "84 000 000", "", "1.2345", "84000000.00", "9223372036854775808"];
const BOOLEANS = ["có", "không", "Có", "x", "1", "0", "yes", "khong", "?", "", "KHÔNG"];
const DATES = [
  "01/06/2024",
  "1/6/2024",
  "2024-06-01",
  "2024-6-1",
  "2024-06-01 08:30",
  "01-06-2024",
  "01.06.2024",
  "45444",
  "45444.0",
  "31/02/2024",
  "",
  "2099-01-01",
  "hôm qua",
];
const YEARS = ["2024", "2024.0", " 2024 ", "1900", "24", "", "2101", "2023"];
const HALVES = ["1", "2", "I", "II", "6 tháng đầu năm", "6 tháng cuối năm 2023", "Đầu năm", "h2", "3", ""];
const NUMBERS = ["1234.5", "1.234,5", "1,234.5", "12", "-0.5", "1e3", "", "abc", "1.234.567", " 7 "];
const FINANCE_PERIODS = ["06/2024", "6/2024", "2024-06", "Q2/2024", "Quý 2/2024", "2024", "13/2024", "", "tháng 6/2024"];

function rows(count: number, columns: readonly (readonly (string | null)[] | ((i: number) => string | null))[]): (string | null)[][] {
  return Array.from({ length: count }, (_, i) => columns.map((c, j) => (typeof c === "function" ? c(i) : pick(c, i, j))));
}

/** One file per dataset and format class, with every form of every kind of value the contracts know (and broken ones). */
function formsFiles(dir: string): Record<string, () => Promise<void> | void> {
  const si: Table = {
    headers: ["Mã đơn vị", "Tên đơn vị", "MST", "Địa chỉ", "Kỳ", "Số lao động", "Quỹ lương", "Số nợ", "NSNN bảo đảm", "Ghi chú"],
    rows: rows(260, [
      (i) => (i % 37 === 5 ? "" : `U${i}`),
      (i) => `Công ty số ${i}`,
      TAX_CODES,
      ["Đông Hà", ""],
      MONTHS,
      COUNTS,
      MONEY,
      MONEY,
      BOOLEANS,
      ["", "x"],
    ]),
  };
  const tax: Table = {
    headers: ["ma_so_thue", "ten_doanh_nghiep", "ngay_thanh_lap", "ngay_cham_dut", "ma_so_thue_chu_quan", "ngay_du_lieu"],
    rows: rows(200, [(i) => `32${String(i).padStart(8, "0")}`, (i) => `Công ty ${i}`, DATES, DATES, TAX_CODES, ["", "31/12/2024", "2024-12-31", "x"]]),
  };
  const stats: Table = {
    headers: ["nam", "ma_so_thue", "ten_doanh_nghiep", "lao_dong", "lao_dong_nu", "doanh_thu"],
    rows: rows(200, [YEARS, TAX_CODES, (i) => `DN ${i}`, COUNTS, COUNTS, NUMBERS]),
  };
  const labour: Table = {
    headers: ["nam", "ky", "ma_so_thue", "ten_doanh_nghiep", "tong_lao_dong", "lao_dong_nu", "co_to_chuc_dai_dien_khac"],
    rows: rows(200, [YEARS, HALVES, TAX_CODES, (i) => `DN ${i}`, COUNTS, COUNTS, BOOLEANS]),
  };
  const finance: Table = {
    headers: ["ma_so_thue", "ma_cdcs", "ky", "kpcd_da_nop", "doan_phi_da_nop", "ngay_nop"],
    rows: rows(200, [TAX_CODES, (i) => `CD${i % 40}`, FINANCE_PERIODS, MONEY, MONEY, (i) => (i % 9 === 0 ? "" : `${(i % 28) + 1}/0${(i % 9) + 1}/2024`)]),
  };
  const agreements: Table = {
    headers: ["ma_so_thue", "ten_doanh_nghiep", "ngay_ky", "ngay_hieu_luc", "ngay_het_han", "thoi_han_thang", "so_nld_ap_dung"],
    rows: rows(200, [
      ["3200000002", "3200 000 034", "3200000034-001", "12345"],
      (i) => `DN ${i}`,
      DATES,
      ["", ...DATES],
      ["", "", ...DATES],
      COUNTS,
      ["5", ...COUNTS],
    ]),
  };
  // Past DuckDB's sniffing sample (20,480 lines), two malformed records (a field too many): the
  // line numbers after them, of rows loaded in the first pass and in the second, stay the file's.
  const long: Table = {
    headers: ["ma_don_vi", "ten_don_vi", "ky", "so_lao_dong", "quy_luong"],
    rows: Array.from({ length: 25_000 }, (_, i) => {
      const row = [`L${i}`, `Công ty ${i}`, "01/2022", i % 1000 === 7 ? "1.200" : String(i % 50), String(i * 1000)];
      return i === 21_000 || i === 23_500 ? [...row, "a field too many"] : row;
    }),
  };
  return {
    "si_contributions.forms.csv": () => writeCsv(join(dir, "si_contributions.forms.csv"), si),
    "si_contributions.long.csv": () => writeCsv(join(dir, "si_contributions.long.csv"), long),
    "tax_enterprises.forms.csv": () => writeCsv(join(dir, "tax_enterprises.forms.csv"), tax, { delimiter: ";", bom: true }),
    "stats_enterprise_survey.forms.csv": () => writeCsv(join(dir, "stats_enterprise_survey.forms.csv"), stats),
    "labour_workforce_reports.forms.json": () => writeJsonArray(join(dir, "labour_workforce_reports.forms.json"), labour),
    "union_finance.forms.ndjson": () => writeNdjson(join(dir, "union_finance.forms.ndjson"), finance),
    "labour_collective_agreements.forms.csv": () => writeCsv(join(dir, "labour_collective_agreements.forms.csv"), agreements, { delimiter: "\t" }),
  };
}

/**
 * Parquet files that carry types: amounts and counts as integers (negative ones too),
 * revenue as DOUBLE (with NaN and infinity), years as INTEGER (one out of range), dates
 * as DATE, booleans as BOOLEAN; and amounts written as DOUBLE, which are read through
 * their text (12.0 is 12, 12.5 is no amount).
 */
async function writeTypedParquet(dir: string): Promise<void> {
  const instance = await DuckDBInstance.create(":memory:");
  const c = await instance.connect();
  const out = (name: string) => `'${join(dir, name)}'`;
  await c.run(
    `copy (select 'U' || i as ma_don_vi, 'Công ty ' || i as ten_don_vi, case when i % 5 = 0 then '3200000002' else null end as ma_so_thue,
            (case i % 4 when 0 then '06/2023' when 1 then '2023-06' when 2 then 'Tháng 6/2023' else '13/2023' end) as ky,
            (case when i % 7 = 3 then -i else i end)::integer as so_lao_dong, (i * 7000000)::bigint as quy_luong,
            case when i % 3 = 0 then null else (i * 1000)::bigint end as so_no,
            case when i % 4 = 0 then null else i % 2 = 0 end as ngan_sach_bao_dam
          from range(120) t(i)) to ${out("si_contributions.typed.parquet")} (format parquet)`,
  );
  await c.run(
    `copy (select (case i % 6 when 0 then 2022 when 1 then 1900 when 2 then 2021 else 2022 end)::integer as nam, '3200000002' as ma_so_thue, 'DN ' || i as ten_doanh_nghiep,
            (i % 50)::bigint as lao_dong, (i % 60)::smallint as lao_dong_nu,
            case i % 9 when 0 then 'nan'::double when 1 then 'inf'::double when 2 then null else i * 1.5 end as doanh_thu
          from range(90) t(i)) to ${out("stats_enterprise_survey.typed.parquet")} (format parquet)`,
  );
  await c.run(
    `copy (select case when i % 10 = 9 then '12345' else '3200000066' end as ma_so_thue, 'CD' || (i % 7) as ma_cdcs, ((i % 12) + 1) || '/2024' as ky,
            (case i % 5 when 0 then 12.0 when 1 then 12.5 when 2 then -3.0 else i * 1000.0 end)::double as kpcd_da_nop,
            (i * 100)::bigint as doan_phi_da_nop, date '2024-01-01' + (i % 300)::integer as ngay_nop
          from range(80) t(i)) to ${out("union_finance.typed.parquet")} (format parquet)`,
  );
  c.closeSync();
  instance.closeSync();
}

/** Everything ingest leaves behind, as text: each raw and superseded table, the quarantine and the batches' counts. */
async function contents(w: Warehouse): Promise<Record<string, string>> {
  const read = async (sql: string) => JSON.stringify((await w.connection.runAndReadAll(sql)).getRowsJS(), (_k, v) => (typeof v === "bigint" ? String(v) : v));
  const out: Record<string, string> = {};
  for (const id of DATASET_IDS) {
    const columns = ["batch_id", "line_no", ...DATASETS[id].columns.map((c) => `"${c.name}"`), "extra::varchar", "replace_key", "row_key"];
    out[`raw.${id}`] = await read(`select ${columns.map((c) => `${c}::varchar`).join(", ")} from raw.${id} order by batch_id, line_no`);
    out[`superseded.${id}`] = await read(
      `select ${columns.map((c) => `${c}::varchar`).join(", ")}, superseded_by from superseded.${id} order by batch_id, line_no`,
    );
  }
  out.quarantine = await read(
    "select batch_id, dataset, file_name, line_no, reason_code, message, original::varchar from quarantine.rejected_rows order by batch_id, line_no, reason_code",
  );
  out.batches = await read(
    "select batch_id, dataset, file_name, status, message, period, period_keys, rows_read, rows_loaded, rows_rejected, rows_replaced, encoding, delimiter from lineage.batches order by batch_id",
  );
  return out;
}

function expectAllLoaded(reports: readonly BatchReport[]): void {
  expect(reports.filter((r) => r.status !== "LOADED").map((r) => `${r.file}: ${r.message}`)).toEqual([]);
  for (const r of reports) expect(r.rowsRead).toBe(r.rowsLoaded + r.rowsRejected);
}

describe("the staged and the direct load store the same typed rows, for every form of every kind of value", () => {
  const tmp = makeTempDir();
  let typed: Warehouse;
  let direct: Warehouse;
  let typedReports: BatchReport[];
  let directReports: BatchReport[];
  beforeAll(async () => {
    for (const write of Object.values(formsFiles(tmp.dir))) await write();
    await writeTypedParquet(tmp.dir);
    typed = await openWarehouse(":memory:");
    direct = await openWarehouse(":memory:");
    typedReports = await ingestPaths(typed.connection, [tmp.dir], { asOf: "2025-12-31" });
    directReports = await ingestPaths(direct.connection, [tmp.dir], { asOf: "2025-12-31", direct: true });
  }, 300_000);
  afterAll(async () => {
    await typed?.close();
    await direct?.close();
    tmp.remove();
  });

  it("loads every file, read = loaded + quarantined, with the same counts by reason either way", () => {
    expect(typedReports).toHaveLength(10);
    expectAllLoaded(typedReports);
    expectAllLoaded(directReports);
    const counts = (r: BatchReport) => [r.file, r.rowsRead, r.rowsLoaded, r.rowsRejected, r.rejectedByReason, r.period];
    expect(typedReports.map(counts)).toEqual(directReports.map(counts));
    // Each file has rows of both kinds: loaded, and quarantined for a broken value.
    for (const r of typedReports) expect([r.file, r.rowsLoaded > 0, r.rowsRejected > 0]).toEqual([r.file, true, true]);
  });

  it("stores the same raw rows, quarantine and lineage either way, table for table", async () => {
    const a = await contents(typed);
    const b = await contents(direct);
    expect(Object.keys(a)).toEqual(Object.keys(b));
    for (const table of Object.keys(a)) expect([table, a[table]]).toEqual([table, b[table]]);
  });

  it("types every form of the SI file as written by hand below, on the line it was read from, and quarantines the rest", async () => {
    // What each form means (undefined: no value of that kind; null: empty).
    const month: Record<string, string | undefined | null> = {
      "06/2024": "2024-06-01",
      "6/2024": "2024-06-01",
      "2024-06": "2024-06-01",
      "2024-6": "2024-06-01",
      "Tháng 6/2024": "2024-06-01",
      "thang 06/2024": "2024-06-01",
      " 06/2024 ": "2024-06-01",
      "06 2024": "2024-06-01",
      "2024/06": "2024-06-01",
      "13/2024": undefined,
      "06/2024x": undefined,
      "": null,
    };
    const count: Record<string, number | undefined | null> = {
      "12": 12,
      "1.200": 1200,
      "1,200": 1200,
      " 12 ": 12,
      "12.0": 12,
      "-3": -3,
      "4x": undefined,
      "": null,
      "+5": 5,
      "007": 7,
      "1 200": 1200,
      "12,5": undefined,
      "0": 0,
    };
    const money: Record<string, number | undefined | null> = {
      "84.000.000": 84000000,
      "84000000": 84000000,
      "84,000,000": 84000000,
      "-1": -1,
      "84 000 000": 84000000,
      "": null,
      "1.2345": undefined,
      "84000000.00": 84000000,
      "9223372036854775808": undefined,
    };
    const flag: Record<string, boolean | undefined | null> = {
      có: true,
      không: false,
      Có: true,
      x: true,
      "1": true,
      "0": false,
      yes: true,
      khong: false,
      "?": undefined,
      "": null,
      KHÔNG: false,
    };
    const expected = new Map<string, unknown[]>();
    let quarantined = 0;
    for (let i = 0; i < 260; i++) {
      const [ky, n, fund, arrears, funded] = [pick(MONTHS, i, 4)!, pick(COUNTS, i, 5)!, pick(MONEY, i, 6)!, pick(MONEY, i, 7)!, pick(BOOLEANS, i, 8)!];
      const values = [month[ky], count[n], money[fund], money[arrears], flag[funded]];
      const ok =
        i % 37 !== 5 &&
        values.every((v) => v !== undefined) &&
        values[0] !== null &&
        values[1] !== null &&
        values[2] !== null &&
        [1, 2, 3].every((k) => values[k] === null || (values[k] as number) >= 0);
      if (ok) expected.set(`U${i}`, [i + 2, ...values]);
      else quarantined++;
    }
    const stored = (
      await typed.connection.runAndReadAll(
        `select ma_don_vi, line_no::int, ky::varchar, so_lao_dong::int, quy_luong::double, so_no::double, ngan_sach_bao_dam from raw.si_contributions r
         join lineage.batches b using (batch_id) where b.file_name = 'si_contributions.forms.csv' order by line_no`,
      )
    ).getRowsJS();
    expect(new Map(stored.map(([id, ...rest]) => [String(id), rest]))).toEqual(expected);
    expect(expected.size).toBeGreaterThan(40);
    const report = typedReports.find((r) => r.file.endsWith("si_contributions.forms.csv"))!;
    expect(report).toMatchObject({ rowsRead: 260, rowsLoaded: expected.size, rowsRejected: quarantined });
  });

  it.each(["staged", "direct"])("%s: numbers rows by their line in the file after malformed records, whichever pass loaded them", async (way) => {
    const w = way === "direct" ? direct : typed;
    const report = (way === "direct" ? directReports : typedReports).find((r) => r.file.endsWith("si_contributions.long.csv"))!;
    expect(report).toMatchObject({ rowsRead: 25_000, rowsLoaded: 24_998, rowsRejected: 2, rejectedByReason: { MALFORMED_ROW: 2 } });
    const read = async (sql: string) => (await w.connection.runAndReadAll(sql)).getRowsJS();
    const batch = `(select batch_id from lineage.batches where file_name = 'si_contributions.long.csv')`;
    expect(await read(`select list(line_no::int order by line_no) from quarantine.rejected_rows where batch_id = ${batch}`)).toEqual([[[21_002, 23_502]]]);
    // Every row L<i> on line i + 2; the rows written 1.200 (in the direct load, judged in the second pass) hold 1200.
    expect(await read(`select count(*)::int from raw.si_contributions where batch_id = ${batch} and line_no <> substr(ma_don_vi, 2)::int + 2`)).toEqual([[0]]);
    expect(
      await read(
        `select line_no::int, so_lao_dong::int from raw.si_contributions where batch_id = ${batch} and ma_don_vi in ('L7', 'L21007', 'L24007') order by 1`,
      ),
    ).toEqual([
      [9, 1200],
      [21_009, 1200],
      [24_009, 1200],
    ]);
  });

  it("stores a Parquet file's typed values as they are, and judges values only its text can give (NaN, a year out of range, 12.5 as an amount)", async () => {
    const read = async (sql: string) => (await typed.connection.runAndReadAll(sql)).getRowsJS();
    const file = (name: string) => `(select batch_id from lineage.batches where file_name = '${name}')`;
    expect(
      await read(
        `select line_no::int, ky::varchar, so_lao_dong::int, quy_luong::int, so_no::int, ngan_sach_bao_dam from raw.si_contributions
         where batch_id = ${file("si_contributions.typed.parquet")} and line_no in (2, 3, 4, 5) order by line_no`,
      ),
    ).toEqual([
      [2, "2023-06-01", 0, 0, null, null],
      [3, "2023-06-01", 1, 7000000, 1000, false],
      [4, "2023-06-01", 2, 14000000, 2000, true],
    ]);
    const reasons = async (name: string) =>
      Object.fromEntries(
        await read(`select line_no::int, reason_code from quarantine.rejected_rows where batch_id = ${file(name)} and line_no < 14 order by line_no`),
      );
    // si: i % 4 = 3 writes 13/2023 (BAD_DATE, its month checked before its count); i = 10 has -10 workers
    expect(await reasons("si_contributions.typed.parquet")).toEqual({ 5: "BAD_DATE", 9: "BAD_DATE", 12: "NEGATIVE", 13: "BAD_DATE" });
    // stats: i % 9 = 0 NaN, 1 infinity (BAD_NUMBER); i % 6 = 1 the year 1900 (BAD_DATE, checked first)
    expect(await reasons("stats_enterprise_survey.typed.parquet")).toEqual({
      2: "BAD_NUMBER",
      3: "BAD_DATE",
      9: "BAD_DATE",
      11: "BAD_NUMBER",
      12: "BAD_NUMBER",
    });
    expect(
      await read(
        `select line_no::int, nam, lao_dong::int, doanh_thu from raw.stats_enterprise_survey where batch_id = ${file("stats_enterprise_survey.typed.parquet")} and line_no in (5, 6) order by 1`,
      ),
    ).toEqual([
      [5, 2022, 3, 4.5],
      [6, 2022, 4, 6],
    ]);
    // finance: 12.0 is 12; 12.5 is no amount; -3.0 is negative; the tax code 12345 is invalid
    expect(await reasons("union_finance.typed.parquet")).toEqual({
      3: "BAD_NUMBER",
      4: "NEGATIVE",
      8: "BAD_NUMBER",
      9: "NEGATIVE",
      11: "INVALID_TAX_CODE",
      13: "BAD_NUMBER",
    });
    expect(
      await read(
        `select line_no::int, ky, kpcd_da_nop::int, ngay_nop::varchar from raw.union_finance where batch_id = ${file("union_finance.typed.parquet")} and line_no in (2, 5) order by 1`,
      ),
    ).toEqual([
      [2, "1/2024", 12, "2024-01-01"],
      [5, "4/2024", 3000, "2024-01-04"],
    ]);
  });
});

describe("on the sample, the staged and the direct load give the same warehouse", () => {
  const tmp = makeTempDir();
  let typed: Warehouse;
  let direct: Warehouse;
  beforeAll(async () => {
    await generateSample({ outDir: join(tmp.dir, "sample"), units: 1500, seed: 5 });
    typed = await openWarehouse(":memory:");
    direct = await openWarehouse(":memory:");
    expectAllLoaded(await ingestPaths(typed.connection, [join(tmp.dir, "sample")], { asOf: "2025-12-31" }));
    expectAllLoaded(await ingestPaths(direct.connection, [join(tmp.dir, "sample")], { asOf: "2025-12-31", direct: true }));
  }, 600_000);
  afterAll(async () => {
    await typed?.close();
    await direct?.close();
    tmp.remove();
  });

  it("every raw and superseded table, the quarantine and every batch's counts are the same", async () => {
    const a = await contents(typed);
    const b = await contents(direct);
    for (const table of Object.keys(a)) expect([table, a[table]]).toEqual([table, b[table]]);
    // The sample's dirt reaches the quarantine, and the typed values are there to compare.
    const counts = (
      await typed.connection.runAndReadAll("select count(*)::int, count(distinct reason_code)::int from quarantine.rejected_rows")
    ).getRowsJS()[0];
    expect(counts[0]).toBeGreaterThan(100);
    expect(counts[1]).toBeGreaterThan(4);
    const si = (await typed.connection.runAndReadAll("select count(*)::int, count(ky)::int, count(so_lao_dong)::int from raw.si_contributions")).getRowsJS()[0];
    expect(si[0]).toBeGreaterThan(40_000);
    expect(si[1]).toBe(si[0]);
    expect(si[2]).toBe(si[0]);
  });
});
