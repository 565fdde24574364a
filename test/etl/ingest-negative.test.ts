/**
 * Money and counts below zero are refused at ingest with reason NEGATIVE, naming the
 * column and the value; zero is a value, not an error.
 */
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ingestPaths } from "../../etl/ingest/ingest.js";
import { openWarehouse } from "../../etl/warehouse/warehouse.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { writeCsv } from "../helpers/write-formats.js";

describe("negative values at ingest", () => {
  const tmp = makeTempDir();
  afterAll(() => tmp.remove());

  it("rejects a negative salary fund, arrears or worker count as NEGATIVE and loads zeros", async () => {
    const file = join(tmp.dir, "si_contributions.csv");
    writeCsv(file, {
      headers: ["ma_don_vi", "ten_don_vi", "ma_so_thue", "ky", "so_lao_dong", "quy_luong", "so_no"],
      rows: [
        ["TA0001", "Công ty TNHH Điện lực Đông Hà", "3200000002", "06/2024", "12", "84.000.000", "0"], // line 2: loads
        ["TA0002", "Hợp tác xã Nông nghiệp Triệu Phong", "3200000027", "06/2024", "25", "-175.000.000", null], // line 3: money < 0
        ["TA0003", "Công ty cổ phần Đức Phát", "3200000034", "06/2024", "7", "49000000", "-1"], // line 4: money < 0
        ["TA0005", "DNTN Hùng Vương", "3200000041", "06/2024", "0", "0", null], // line 5: zeros load
        ["TA0006", "Công ty TNHH Quán Ngang", "3200000059", "06/2024", "-4", "28000000", null], // line 6: count < 0
      ],
    });
    const warehouse = await openWarehouse(":memory:");
    try {
      const [report] = await ingestPaths(warehouse.connection, [file]);
      expect(report).toMatchObject({ status: "LOADED", rowsRead: 5, rowsLoaded: 2, rowsRejected: 3 });
      const rejected = await warehouse.connection.runAndReadAll(
        `select line_no::integer as line, reason_code as reason, message from quarantine.rejected_rows where batch_id = ${report.batchId} order by line_no`,
      );
      expect(rejected.getRowObjectsJson()).toEqual([
        { line: 3, reason: "NEGATIVE", message: 'quy_luong: "-175.000.000" is negative' },
        { line: 4, reason: "NEGATIVE", message: 'so_no: "-1" is negative' },
        { line: 6, reason: "NEGATIVE", message: 'so_lao_dong: "-4" is negative' },
      ]);
      const loaded = await warehouse.connection.runAndReadAll(`select line_no::integer as line from raw.si_contributions order by line_no`);
      expect(loaded.getRowObjectsJson()).toEqual([{ line: 2 }, { line: 5 }]);
    } finally {
      await warehouse.close();
    }
  });
});
