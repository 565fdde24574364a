import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestPaths } from "../../etl/ingest/ingest.js";
import { openWarehouse, type Warehouse } from "../../etl/warehouse/warehouse.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { writeCsv } from "../helpers/write-formats.js";

const SI_HEADERS = ["ma_don_vi", "ten_don_vi", "ma_so_thue", "ky", "so_lao_dong", "quy_luong"];

async function scalar(warehouse: Warehouse, sql: string): Promise<unknown> {
  return (await warehouse.connection.runAndReadAll(sql)).getRowsJS()[0][0];
}

describe("whole-file rules, lineage and re-delivery", () => {
  const tmp = makeTempDir();
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await openWarehouse(join(tmp.dir, "w.duckdb"));
  });
  afterAll(async () => {
    await warehouse.close();
    tmp.remove();
  });

  it("rejects a file missing a required column whole, naming the column and the closest headers", async () => {
    const file = join(tmp.dir, "si_contributions.bad-header.csv");
    writeCsv(file, { headers: ["Mã đơn vị", "Tên đơn vị", "Kỳ", "So lao dong", "Quy luong dong"], rows: [["A", "B", "06/2024", "1", "2"]] });
    const [report] = await ingestPaths(warehouse.connection, [file]);
    expect(report.status).toBe("REJECTED");
    expect(report.file).toBe(file);
    expect(report.message).toMatch(/^rejected whole: /);
    expect(report.message).toContain('quy_luong (accepted headers: quy_luong, salary_fund, quy_luong_dong_bhxh; closest present: "Quy luong dong"');
    expect(await scalar(warehouse, "select count(*)::int from raw.si_contributions")).toBe(0);
    expect(await scalar(warehouse, `select status || ':' || rows_loaded from lineage.batches where batch_id = ${report.batchId}`)).toBe("REJECTED:0");
  });

  it("records sha256, counts and period; skips the same content and says so", async () => {
    const file = join(tmp.dir, "si_contributions.2024-06.csv");
    writeCsv(file, {
      headers: SI_HEADERS,
      rows: [
        ["A1", "Công ty A", "3200000002", "06/2024", "10", "70000000"],
        ["A2", "Công ty B", "3200000027", "06/2024", "20", "140000000"],
        ["A3", "Công ty C", "3200000034", "07/2024", "5", "35000000"],
      ],
    });
    const [first] = await ingestPaths(warehouse.connection, [file]);
    expect(first).toMatchObject({ status: "LOADED", rowsRead: 3, rowsLoaded: 3, rowsRejected: 0, period: "2024-06-01..2024-07-01" });
    const batch = (
      await warehouse.connection.runAndReadAll(`select sha256, rows_read, status from lineage.batches where batch_id = ${first.batchId}`)
    ).getRowsJS()[0];
    expect(batch[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(batch.slice(1)).toEqual([3n, "LOADED"]);

    const [again] = await ingestPaths(warehouse.connection, [file]);
    expect(again).toMatchObject({ status: "SKIPPED", duplicateOf: first.batchId });
    expect(again.message).toContain(`same content as batch ${first.batchId}`);
    expect(await scalar(warehouse, "select count(*)::int from raw.si_contributions")).toBe(3);
  });

  it("a corrected re-delivery lacking half the period's units is refused until confirmed, then supersedes the earlier rows, keeping the old batch in lineage", async () => {
    const file = join(tmp.dir, "si_contributions.2024-06-corrected.csv");
    writeCsv(file, { headers: SI_HEADERS, rows: [["A1", "Công ty A", "3200000002", "06/2024", "11", "77000000"]] });
    const [refused] = await ingestPaths(warehouse.connection, [file]);
    expect(refused.status).toBe("REJECTED");
    expect(refused.message).toContain("si_contributions 2024-06-01: this file has 1 row and would replace 2 rows (1 of its 2 keys missing)");
    const [report] = await ingestPaths(warehouse.connection, [file], { replace: true });
    expect(report).toMatchObject({ status: "LOADED", rowsLoaded: 1, rowsReplaced: 2, period: "2024-06-01" });
    const rows = (
      await warehouse.connection.runAndReadAll("select ma_don_vi, ky::varchar, so_lao_dong from raw.si_contributions order by ma_don_vi")
    ).getRowsJS();
    expect(rows).toEqual([
      ["A1", "2024-06-01", 11n],
      ["A3", "2024-07-01", 5n],
    ]);
    expect(await scalar(warehouse, "select count(*)::int from lineage.batches where status = 'LOADED'")).toBe(2);
    expect(await scalar(warehouse, `select string_agg(ma_don_vi || ':' || superseded_by, ',' order by ma_don_vi) from superseded.si_contributions`)).toBe(
      `A1:${report.batchId},A2:${report.batchId}`,
    );
  });
});

describe("rules that look across rows and datasets", () => {
  const tmp = makeTempDir();
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await openWarehouse(":memory:");
  });
  afterAll(async () => {
    await warehouse.close();
    tmp.remove();
  });

  it("rejects conflicting duplicate union codes, keeps identical ones, and quarantines returns naming unknown unions", async () => {
    const unions = join(tmp.dir, "union_grassroots_unions.csv");
    const membership = join(tmp.dir, "union_membership.2024.csv");
    const union = ["CD001", "CĐCS Công ty A", "3200000002", "Công ty A", "01/01/2015", ""];
    writeCsv(unions, {
      headers: ["ma_cdcs", "ten_cdcs", "ma_so_thue", "ten_don_vi", "ngay_thanh_lap", "ngay_giai_the"],
      rows: [
        union,
        union,
        ["CD001", "CĐCS khác", "3200000002", "Công ty A", "01/01/2016", ""],
        ["CD002", "CĐCS B", "", "", "01/01/2015", ""],
        ["CD003", "CĐCS C", "", "Công ty C", "01/01/2015", "01/01/2014"],
      ],
    });
    writeCsv(membership, {
      headers: ["ma_cdcs", "nam", "so_doan_vien", "ket_nap_moi", "giam"],
      rows: [
        ["CD001", "2024", "30", "5", "1"],
        ["CD999", "2024", "10", "1", "0"],
      ],
    });
    const reports = await ingestPaths(warehouse.connection, [membership, unions]);
    expect(reports.map((r) => r.dataset)).toEqual(["union_grassroots_unions", "union_membership"]);
    expect(reports[0].rejectedByReason).toEqual({ DUPLICATE_KEY: 1, MISSING_REQUIRED: 1, INCONSISTENT: 1 });
    expect(reports[0].rowsLoaded).toBe(2);
    expect(reports[1].rejectedByReason).toEqual({ UNKNOWN_UNION: 1 });
    const quarantined = (
      await warehouse.connection.runAndReadAll("select file_name, line_no::int, reason_code, message from quarantine.rejected_rows order by file_name, line_no")
    ).getRowsJS();
    expect(quarantined).toEqual([
      ["union_grassroots_unions.csv", 4, "DUPLICATE_KEY", "ma_cdcs: CD001 already appears with different values on line 2"],
      ["union_grassroots_unions.csv", 5, "MISSING_REQUIRED", "employer name (ten_don_vi) is required when the tax code is missing"],
      ["union_grassroots_unions.csv", 6, "INCONSISTENT", "dissolved before it was founded"],
      ["union_membership.2024.csv", 3, "UNKNOWN_UNION", 'ma_cdcs: "CD999" names no known row of union_grassroots_unions'],
    ]);
  });
});
