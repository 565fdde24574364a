import { copyFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestPaths } from "../../etl/ingest/ingest.js";
import { openWarehouse, type Warehouse } from "../../etl/warehouse/warehouse.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { type Table, writeCsv, writeJsonArray, writeNdjson, writeParquet, writeXlsx } from "../helpers/write-formats.js";

/** The same SI rows in every format: Vietnamese headers, aliases, formats the contract tolerates. */
const SI_ROWS: Table = {
  headers: ["Mã đơn vị", "Tên đơn vị", "MST", "Kỳ", "Số lao động", "Quỹ lương", "Ghi chú"],
  rows: [
    ["TA0001", "Công ty TNHH Điện lực Đông Hà", "3200000002", "06/2024", "12", "84.000.000", "x"],
    ["TA0002", "Hợp tác xã Nông nghiệp Triệu Phong", "3200000027", "2024-06", "25", "175,000,000", null],
    ["TA0003", "Công ty cổ phần Đức Phát", "3200 000 034", "Tháng 6/2024", "7", "49000000", null],
    ["TA0004", "Chi nhánh Công ty Đức Phát", "3200000034-001", "06/2024", "-3", "1000", null],
    ["TA0005", "DNTN Hùng Vương", "3200000041", "13/2024", "4", "28000000", null],
    ["TA0006", "Công ty TNHH Quán Ngang", "3200000059", "06/2024", "4x", "28000000", null],
    [null, "Công ty không mã", "3200000066", "06/2024", "4", "28000000", null],
  ],
};

const EXPECTED_REASONS = { "5": "NEGATIVE", "6": "BAD_DATE", "7": "BAD_NUMBER", "8": "MISSING_REQUIRED" };

describe("every format loads the same rows identically", () => {
  const tmp = makeTempDir();
  const files: Record<string, string> = {};

  beforeAll(async () => {
    files.csvComma = join(tmp.dir, "si_contributions.comma.csv");
    files.csvSemicolonBom = join(tmp.dir, "si_contributions.semicolon.csv");
    files.xlsx = join(tmp.dir, "si_contributions.book.xlsx");
    files.json = join(tmp.dir, "si_contributions.array.json");
    files.ndjson = join(tmp.dir, "si_contributions.lines.ndjson");
    files.parquet = join(tmp.dir, "si_contributions.columns.parquet");
    writeCsv(files.csvComma, SI_ROWS);
    writeCsv(files.csvSemicolonBom, SI_ROWS, { delimiter: ";", bom: true });
    await writeXlsx(files.xlsx, SI_ROWS);
    writeJsonArray(files.json, SI_ROWS);
    writeNdjson(files.ndjson, SI_ROWS);
    await writeParquet(files.parquet, SI_ROWS, join(tmp.dir, "scratch.csv"));
  });
  afterAll(() => tmp.remove());

  // One warehouse per format: in a shared one, each file would replace the previous
  // one's rows of the same month (a corrected re-delivery).
  const rawRowsByFormat = new Map<string, string>();

  it.each(["csvComma", "csvSemicolonBom", "xlsx", "json", "ndjson", "parquet"])("%s: read = loaded + quarantined, with the right reasons", async (format) => {
    const warehouse = await openWarehouse(":memory:");
    const [report] = await ingestPaths(warehouse.connection, [files[format]]);
    expect(report.status).toBe("LOADED");
    expect(report).toMatchObject({ rowsRead: 7, rowsLoaded: 3, rowsRejected: 4 });
    expect(report.unknownColumns).toEqual(["Ghi chú"]);
    const rejected = await warehouse.connection.runAndReadAll(
      `select line_no::varchar, reason_code from quarantine.rejected_rows where batch_id = ${report.batchId} order by line_no`,
    );
    expect(Object.fromEntries(rejected.getRows())).toEqual(EXPECTED_REASONS);
    const raw = await warehouse.connection.runAndReadAll(
      `select [line_no::varchar, ma_don_vi, ten_don_vi, ma_so_thue, ky::varchar, so_lao_dong::varchar, quy_luong::varchar, extra::varchar] from raw.si_contributions order by line_no`,
    );
    rawRowsByFormat.set(format, JSON.stringify(raw.getRowsJS()));
    await warehouse.close();
  });

  it("stores identical raw rows whatever the format", () => {
    expect(rawRowsByFormat.size).toBe(6);
    expect(new Set(rawRowsByFormat.values()).size).toBe(1);
    // Typed as the contract reads them (06/2024 is June 2024, 84.000.000 has Vietnamese thousands dots); names and tax codes as written.
    expect(JSON.parse(rawRowsByFormat.get("csvComma")!).map((r: string[][]) => r[0])).toEqual([
      ["2", "TA0001", "Công ty TNHH Điện lực Đông Hà", "3200000002", "2024-06-01", "12", "84000000", '{"Ghi chú":"x"}'],
      ["3", "TA0002", "Hợp tác xã Nông nghiệp Triệu Phong", "3200000027", "2024-06-01", "25", "175000000", '{"Ghi chú":null}'],
      ["4", "TA0003", "Công ty cổ phần Đức Phát", "3200 000 034", "2024-06-01", "7", "49000000", '{"Ghi chú":null}'],
    ]);
  });
});

describe("Vietnamese encodings", () => {
  const fixtures = new URL("../fixtures/encodings/", import.meta.url).pathname;
  const tmp = makeTempDir();
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await openWarehouse(":memory:");
  });
  afterAll(async () => {
    await warehouse.close();
    tmp.remove();
  });

  const cases = [
    ["utf8", "utf-8"],
    ["nfd", "utf-8-nfd"],
    ["cp1258", "windows-1258"],
    ["tcvn3", "tcvn3"],
    ["vni", "vni"],
  ] as const;

  it.each(cases)("%s is detected as %s and recorded on the batch", async (name, encoding) => {
    const file = join(tmp.dir, `tax_enterprises.${name}.csv`);
    copyFileSync(join(fixtures, `tax_enterprises.${name}.csv`), file);
    // A distinct snapshot date per file, so that no file replaces another's rows.
    const asOf = `2025-12-${String(10 + cases.findIndex(([n]) => n === name)).padStart(2, "0")}`;
    const [report] = await ingestPaths(warehouse.connection, [file], { asOf });
    expect(report.status).toBe("LOADED");
    expect(report.encoding).toBe(encoding);
    const stored = await warehouse.connection.runAndReadAll(`select encoding from lineage.batches where batch_id = ${report.batchId}`);
    expect(stored.getRows()[0][0]).toBe(encoding);
  });

  it("loads the same rows, in NFC, from every encoding", async () => {
    const reader = await warehouse.connection.runAndReadAll(`
      select b.encoding, list(r.ten_doanh_nghiep || '|' || coalesce(r.dia_chi, '') || '|' || coalesce(r.trang_thai, '') order by r.line_no) as rows
      from raw.tax_enterprises r join lineage.batches b using (batch_id) group by all`);
    const rows = reader.getRowsJS();
    expect(rows).toHaveLength(5);
    const texts = rows.map((r) => JSON.stringify(r[1]));
    expect(new Set(texts).size).toBe(1);
    const first = (rows[0][1] as string[]).join("\n");
    expect(first).toBe(first.normalize("NFC"));
    expect(first).toContain("Điện lực");
    expect(readdirSync(fixtures).filter((f) => f.endsWith(".csv"))).toHaveLength(5);
  });
});
