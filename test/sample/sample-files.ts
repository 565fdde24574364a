/** Reading the generator's output back, independently of the ETL: records as text per file. */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import ExcelJS from "exceljs";
import { decodeVietnamese, detectEncoding } from "../../etl/encoding/index.js";
import { parseSmallCsv } from "../../etl/sample/reference-data.js";

/** sha256 of every file under `dir`, by path relative to it. */
export function hashTree(dir: string): Map<string, string> {
  const hashes = new Map<string, string>();
  const walk = (path: string) => {
    for (const name of readdirSync(path).sort()) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else hashes.set(relative(dir, full), createHash("sha256").update(readFileSync(full)).digest("hex"));
    }
  };
  walk(dir);
  return hashes;
}

/** A CSV file's text, decoded from whatever encoding it is in, as NFC, without a BOM. */
export function csvText(path: string): string {
  const bytes = readFileSync(path);
  return decodeVietnamese(bytes, detectEncoding(bytes))
    .normalize("NFC")
    .replace(/^\uFEFF/, "");
}

/** Records of a CSV file as objects keyed by header; `separator` guessed from the header line. */
export function readCsv(path: string): Record<string, string>[] {
  const text = csvText(path);
  const firstLine = text.slice(0, text.indexOf("\n"));
  const separator = firstLine.split(";").length > firstLine.split(",").length ? ";" : ",";
  const [header, ...records] = parseSmallCsv(text, separator);
  return records.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])));
}

export function readJsonArray(path: string): Record<string, unknown>[] {
  return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>[];
}

export function readNdjson(path: string): Record<string, unknown>[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Data rows of the first sheet as objects keyed by the header row (cells as exceljs reads them). */
export async function readXlsx(path: string): Promise<Record<string, unknown>[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.worksheets[0];
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, unknown>[] = [];
  for (let n = 2; n <= sheet.rowCount; n++) {
    const values = sheet.getRow(n).values as unknown[];
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i + 1] ?? null])));
  }
  return rows;
}

export async function readParquet(path: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      `select * exclude (file_row_number) from read_parquet('${path}', file_row_number = true) order by file_row_number`,
    );
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Rows of any data file of the sample, by extension. */
export async function readDataFile(path: string): Promise<Record<string, unknown>[]> {
  if (path.endsWith(".csv")) return readCsv(path);
  if (path.endsWith(".xlsx")) return readXlsx(path);
  if (path.endsWith(".ndjson")) return readNdjson(path);
  if (path.endsWith(".json")) return readJsonArray(path);
  if (path.endsWith(".parquet")) return readParquet(path);
  throw new Error(`not a sample data file: ${path}`);
}

export interface LedgerRow {
  readonly file: string;
  readonly lineNo: number;
  readonly dataset: string;
  readonly trueTaxCode: string;
  readonly dirt: string;
  readonly expectedReason: string;
}

export function readLedger(outDir: string): LedgerRow[] {
  return readCsv(join(outDir, "_truth", "rows.csv")).map((r) => ({
    file: r.file,
    lineNo: Number(r.line_no),
    dataset: r.dataset,
    trueTaxCode: r.true_tax_code,
    dirt: r.dirt,
    expectedReason: r.expected_reason,
  }));
}
