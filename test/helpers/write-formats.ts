import { writeFileSync } from "node:fs";
import { DuckDBInstance } from "@duckdb/node-api";
import ExcelJS from "exceljs";

export type Table = { readonly headers: readonly string[]; readonly rows: readonly (readonly (string | null)[])[] };

function csvCell(value: string | null, delimiter: string): string {
  if (value === null) return "";
  return /["\n\r]/.test(value) || value.includes(delimiter) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function writeCsv(path: string, table: Table, options: { delimiter?: string; bom?: boolean } = {}): void {
  const d = options.delimiter ?? ",";
  const lines = [table.headers, ...table.rows].map((r) => r.map((c) => csvCell(c, d)).join(d));
  writeFileSync(path, `${(options.bom ? "\uFEFF" : "") + lines.join("\r\n")}\r\n`);
}

function objects(table: Table): Record<string, string | null>[] {
  return table.rows.map((r) => Object.fromEntries(table.headers.map((h, i) => [h, r[i] ?? null])));
}

export function writeJsonArray(path: string, table: Table): void {
  writeFileSync(path, JSON.stringify(objects(table), null, 1));
}

export function writeNdjson(path: string, table: Table): void {
  writeFileSync(
    path,
    `${objects(table)
      .map((o) => JSON.stringify(o))
      .join("\n")}\n`,
  );
}

export async function writeXlsx(path: string, table: Table, sheetName = "Sheet1"): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow([...table.headers]);
  for (const row of table.rows) sheet.addRow(row.map((c) => c ?? undefined));
  await workbook.xlsx.writeFile(path);
}

/** Parquet written by DuckDB itself from a CSV copy of the table (all columns text). */
export async function writeParquet(path: string, table: Table, csvScratch: string): Promise<void> {
  writeCsv(csvScratch, table);
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await connection.run(`copy (select * from read_csv('${csvScratch}', header = true, all_varchar = true)) to '${path}' (format parquet)`);
  connection.closeSync();
  instance.closeSync();
}
