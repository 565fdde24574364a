import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reconciliationLine } from "../../etl/cli/ingest-command.js";
import { restoredLine } from "../../etl/cli/restore-command.js";
import type { BatchReport } from "../../etl/ingest/batch-report.js";
import { ingestPaths } from "../../etl/ingest/ingest.js";
import { restoreBatch } from "../../etl/ingest/restore-batch.js";
import { openWarehouse, type Warehouse } from "../../etl/warehouse/warehouse.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { writeCsv, writeXlsx } from "../helpers/write-formats.js";

const SI = ["ma_don_vi", "ten_don_vi", "ma_so_thue", "ky", "so_lao_dong", "quy_luong"];
const UNIONS = ["ma_cdcs", "ten_cdcs", "ma_so_thue", "ten_don_vi", "ngay_thanh_lap"];
const BAD = /undefined|NaN|\[object|\bnull\b/;

describe("every rejection path says what happened without printing undefined", () => {
  const tmp = makeTempDir();
  let warehouse: Warehouse;
  const reports: BatchReport[] = [];
  const messages: string[] = [];
  beforeAll(async () => {
    warehouse = await openWarehouse(join(tmp.dir, "w.duckdb"));
  });
  afterAll(async () => {
    await warehouse.close();
    tmp.remove();
  });

  it("files refused whole, skipped, or replacing: each line and message is free of undefined/null/NaN", async () => {
    const f = (name: string) => join(tmp.dir, name);
    writeCsv(f("si_contributions.full.csv"), { headers: SI, rows: Array.from({ length: 10 }, (_, i) => [`U${i}`, "A", "", "06/2024", "1", "1"]) });
    writeCsv(f("si_contributions.small.csv"), { headers: SI, rows: [["U0", "A", "", "06/2024", "1", "1"]] });
    writeCsv(f("union_grassroots_unions.csv"), {
      headers: UNIONS,
      rows: [
        ["C1", "CĐ", "", "Cty", "01/01/2015"],
        ["C2", "CĐ", "", "Cty", "01/01/2015"],
      ],
    });
    writeCsv(f("union_grassroots_unions.fix.csv"), { headers: UNIONS, rows: [["C1", "CĐ mới", "", "Cty", "01/01/2015"]] });
    writeCsv(f("si_contributions.missing-column.csv"), { headers: ["ma_don_vi", "ky"], rows: [["U", "06/2024"]] });
    writeFileSync(f("si_contributions.empty.csv"), "");
    writeFileSync(f("si_contributions.binary.csv"), Buffer.from([0x41, 0x00, 0x42, 0x0a]));
    writeFileSync(f("si_contributions.wide.csv"), `${Array.from({ length: 900 }, (_, i) => `c${i}`).join(";")}\n`);
    writeFileSync(f("si_contributions.bad.json"), "{ not json");
    writeFileSync(f("si_contributions.truncated.xlsx"), "PK\u0003\u0004 cut");
    await writeXlsx(f("si_contributions.sheet.xlsx"), { headers: SI, rows: [["U", "A", "", "06/2024", "1", "1"]] });
    writeFileSync(f("si_contributions.doc"), "x");
    writeFileSync(f("nobody_knows.csv"), "a\n1\n");

    const load = async (paths: string[], options = {}) => {
      const got = await ingestPaths(warehouse.connection, paths, options);
      reports.push(...got);
      return got;
    };
    await load([f("si_contributions.full.csv"), f("union_grassroots_unions.csv")]);
    const refused = await load([
      f("si_contributions.small.csv"),
      f("si_contributions.missing-column.csv"),
      f("si_contributions.empty.csv"),
      f("si_contributions.binary.csv"),
      f("si_contributions.wide.csv"),
      f("si_contributions.bad.json"),
      f("si_contributions.truncated.xlsx"),
      f("si_contributions.doc"),
      f("nobody_knows.csv"),
    ]);
    await load([f("si_contributions.sheet.xlsx")], { sheet: "No such sheet" });
    expect(refused.every((r) => r.status === "REJECTED")).toBe(true);
    await load([f("si_contributions.full.csv")]); // skipped: same content
    const [replaced] = await load([f("si_contributions.small.csv")], { replace: true });
    const [keyed] = await load([f("union_grassroots_unions.fix.csv")]); // by key: nothing removed, loads
    expect(keyed).toMatchObject({ status: "LOADED", rowsReplaced: 1 });
    expect(reports.filter((r) => r.status === "REJECTED")).toHaveLength(10);

    const restored = await restoreBatch(warehouse.connection, reports[0].batchId!, "test");
    messages.push(...reports.map(reconciliationLine), restoredLine(restored));
    for (const attempt of [replaced.batchId! + 1000, refused.find((r) => r.batchId !== undefined)!.batchId!, reports[0].batchId!]) {
      messages.push(await restoreBatch(warehouse.connection, attempt, "test").then(restoredLine, (e: Error) => e.message));
    }
    const stored = (await warehouse.connection.runAndReadAll("select message from lineage.batches where message is not null"))
      .getRowsJS()
      .map(([m]) => String(m));
    messages.push(...stored);
    expect(messages.length).toBeGreaterThan(20);
    for (const message of messages) expect(message).not.toMatch(BAD);
    expect(messages.join("\n")).toContain(
      "union_grassroots_unions.fix.csv [union_grassroots_unions, utf-8] read 1 = loaded 1 + quarantined 0; superseded 1 earlier rows with the same keys",
    );
  }, 60_000);
});
