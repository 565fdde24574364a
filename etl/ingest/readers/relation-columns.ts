import type { DuckDBConnection } from "@duckdb/node-api";
import { quoteIdent } from "../../../core/warehouse/sql-text.js";
import type { DetectedEncoding } from "../../encoding/index.js";

export async function columnNamesOf(connection: DuckDBConnection, relation: string): Promise<string[]> {
  const reader = await connection.runAndReadAll(`select * from ${relation} limit 0`);
  return reader.columnNames().filter((name) => name !== "__line_no");
}

/** Every column as text; decomposed Unicode (NFD) files are composed to NFC here. */
export function nfcProjection(headers: readonly string[], encoding: DetectedEncoding, from: string): string {
  return headers
    .map((h) => {
      const value = `${from}.${quoteIdent(h)}::varchar`;
      return `${encoding === "utf-8-nfd" ? `nfc_normalize(${value})` : value} as ${quoteIdent(h)}`;
    })
    .join(", ");
}
