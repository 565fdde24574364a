/** Reading export files back: a CSV parser (RFC 4180) and DuckDB for Parquet. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { makeTempDir } from "../helpers/temp-dir.js";

/** The records of a CSV text (comma or the given separator, double quotes, CRLF or LF), the BOM removed. */
export function parseCsv(text: string, separator = ","): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = "";
  let quoted = false;
  let i = text.startsWith("\uFEFF") ? 1 : 0;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === separator) {
      record.push(cell);
      cell = "";
    } else if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      record.push(cell);
      records.push(record);
      record = [];
      cell = "";
    } else cell += ch;
  }
  if (cell !== "" || record.length) {
    record.push(cell);
    records.push(record);
  }
  return records;
}

export interface ParquetContents {
  readonly columns: { name: string; type: string }[];
  readonly rows: Record<string, unknown>[];
}

/** A Parquet file's columns (name, DuckDB type) and rows, read by DuckDB. */
export async function readParquet(bytes: Uint8Array): Promise<ParquetContents> {
  const temp = makeTempDir("uap-export-read-");
  const path = join(temp.dir, "file.parquet");
  writeFileSync(path, bytes);
  const instance = await DuckDBInstance.create(":memory:");
  try {
    const connection = await instance.connect();
    const described = await connection.runAndReadAll(`describe select * from read_parquet('${path}')`);
    const columns = described.getRowObjectsJS().map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
    const read = await connection.runAndReadAll(`select * from read_parquet('${path}')`);
    const rows = read.getRowObjectsJS() as Record<string, unknown>[];
    connection.closeSync();
    return { columns, rows };
  } finally {
    instance.closeSync();
    temp.remove();
  }
}

/**
 * A value as JSON would carry it, for comparing DuckDB's values with GraphQL's:
 * BIGINT (bigint) as a number while exact, else digits; DATE as `yyyy-mm-dd`; lists and
 * structs element by element. GraphQL's BigInt strings of digits become numbers too.
 */
export function plain(value: unknown): unknown {
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  if (typeof value === "string" && /^-?\d{16,}$/.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
  return value;
}
