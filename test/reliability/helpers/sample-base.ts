/** A small sample province, ingested and built: the "last good warehouse" of the reliability tests. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildWarehouse } from "../../../etl/build/build-warehouse.js";
import { ingestPaths } from "../../../etl/ingest/ingest.js";
import { generateSample } from "../../../etl/sample/generate-sample.js";
import { checkDigitOf } from "../../../etl/sample/tax-code.js";
import { openWarehouse } from "../../../etl/warehouse/warehouse.js";

export interface BaseWarehouse {
  readonly sampleDir: string;
  readonly db: string;
}

/** Generates `units` units for 2024, ingests and builds them into `<dir>/warehouse.duckdb` (about 10 s). */
export async function makeBaseWarehouse(dir: string, options: { units?: number; seed?: number } = {}): Promise<BaseWarehouse> {
  const sampleDir = join(dir, "sample");
  const db = join(dir, "warehouse.duckdb");
  await generateSample({ outDir: sampleDir, units: options.units ?? 150, seed: options.seed ?? 7, years: [2024, 2024] });
  const warehouse = await openWarehouse(db);
  try {
    const reports = await ingestPaths(warehouse.connection, [sampleDir]);
    const rejected = reports.filter((r) => r.status !== "LOADED");
    if (rejected.length) throw new Error(`sample files not loaded: ${rejected.map((r) => r.message).join("; ")}`);
    await buildWarehouse(warehouse.connection);
  } finally {
    await warehouse.close();
  }
  return { sampleDir, db };
}

/** A valid 10-digit tax code for new unit number `n` (prefix 39, unused by the sample). */
export function newTaxCode(n: number): string {
  for (let seq = 1_000_000 + n * 10; ; seq++) {
    const nine = `39${String(seq).padStart(7, "0")}`;
    const check = checkDigitOf(nine);
    if (check !== null) return `${nine}${check}`;
  }
}

/**
 * A corrected re-delivery of the sample's tax registry: the same file with `extra` more
 * active enterprises (same snapshot date, so it replaces the earlier rows of that
 * snapshot). After ingest + build, the latest year has `extra` more units.
 */
export function writeChangedTaxFile(sampleDir: string, target: string, extra: number): void {
  const text = readFileSync(join(sampleDir, "tax_enterprises.csv"), "utf8").replace(/(\r?\n)*$/, "");
  const newline = text.includes("\r\n") ? "\r\n" : "\n";
  const delimiter = text.split(/\r?\n/)[0].includes(";") ? ";" : ",";
  const lines = Array.from({ length: extra }, (_, i) =>
    [
      newTaxCode(i),
      `Công ty TNHH Mới Số ${i}`,
      "Thôn 1, Xã Vĩnh Hà",
      "19417",
      "464",
      "Công ty TNHH một thành viên",
      "01280",
      "03/04/2010",
      "Đang hoạt động",
      "",
      "",
      "31/12/2024",
      "",
    ].join(delimiter),
  );
  writeFileSync(target, `${text}${newline}${lines.join(newline)}${newline}`);
}
