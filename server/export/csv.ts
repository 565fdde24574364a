import type { Column } from "./specs.js";

/** UTF-8 byte order mark: Excel reads the file as UTF-8 (Vietnamese letters intact) only with it. */
export const BOM = "\uFEFF";

/** Cells a spreadsheet would read as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV record (RFC 4180: comma-separated, CRLF, quotes doubled inside quoted cells). */
export function csvRecord(cells: readonly string[]): string {
  return `${cells.map(quote).join(",")}\r\n`;
}

/** The CSV cell of a value: empty for null, JSON text for lists, numbers and dates as GraphQL gives them. */
export function csvCell(column: Column, value: unknown): string {
  if (value === null || value === undefined) return "";
  if (column.list) return JSON.stringify(value, jsonBigInt);
  if (typeof value === "string") return column.text && FORMULA_START.test(value) ? `'${value}` : value;
  return String(value);
}

/** JSON.stringify replacer that writes BigInt values as digits (JSON has no BigInt). */
export function jsonBigInt(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}
