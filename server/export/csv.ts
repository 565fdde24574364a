import type { Column } from "./specs.js";

/** UTF-8 byte order mark: Excel reads the file as UTF-8 (Vietnamese letters intact) only with it. */
export const BOM = "\uFEFF";

/** Cells a spreadsheet would read as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * How a CSV file is written: the list separator, the decimal mark of numbers, and
 * whether text that a spreadsheet would turn into a number or a date is written so
 * that it stays text.
 */
export interface CsvDialect {
  /** `excel=vi` names it in the query string; `rfc4180` is the default. */
  readonly name: "rfc4180" | "vi";
  readonly separator: "," | ";";
  readonly decimalMark: "." | ",";
  /**
   * Text made only of digits and number or date punctuation (tax codes, GSO codes,
   * periods such as `2024-12`) written as the formula `="…"`, whose value is that text:
   * Excel parses every other cell by the locale's number and date rules (a 13-digit
   * branch code becomes 3.2E+12, `00123` loses its zeros, `2024-12` becomes a date).
   */
  readonly codesAsText: boolean;
}

/** RFC 4180: comma-separated, decimal points; what BI tools and the other exports read. */
export const RFC4180: CsvDialect = Object.freeze({ name: "rfc4180", separator: ",", decimalMark: ".", codesAsText: false });

/**
 * A Vietnamese-locale Excel (`?excel=vi`): Windows' list separator there is `;` and the
 * decimal mark `,` (vi-VN), which Excel uses for a CSV opened by double-click; codes stay text.
 */
export const EXCEL_VI: CsvDialect = Object.freeze({ name: "vi", separator: ";", decimalMark: ",", codesAsText: true });

/** The dialects by their `excel=` value. */
export const EXCEL_DIALECTS: Readonly<Record<string, CsvDialect>> = Object.freeze({ vi: EXCEL_VI });

/**
 * Text Excel would read as a number, a date or a time: digits with only number or date
 * punctuation (`3200123456001`, `3200123456-001`, `0123`, `2024-12`, `1/7`, `1,5`, `1e5`).
 */
const NUMBER_OR_DATE_LIKE = /^[\s+-]*\d[\d\s.,:/%+-]*(?:[eE][+-]?\d+)?$/;

/** One CSV record (RFC 4180 quoting, CRLF) with the dialect's separator. */
export function csvRecord(cells: readonly string[], dialect: CsvDialect = RFC4180): string {
  return `${cells.map((cell) => quote(cell, dialect)).join(dialect.separator)}\r\n`;
}

/** The CSV cell of a value: empty for null, JSON text for lists, numbers with the dialect's decimal mark, dates as GraphQL gives them. */
export function csvCell(column: Column, value: unknown, dialect: CsvDialect = RFC4180): string {
  if (value === null || value === undefined) return "";
  if (column.list) return JSON.stringify(value, jsonBigInt);
  if (typeof value === "string") {
    if (column.text && dialect.codesAsText && NUMBER_OR_DATE_LIKE.test(value)) return `="${value}"`;
    return column.text && FORMULA_START.test(value) ? `'${value}` : value;
  }
  if (typeof value === "number" && dialect.decimalMark !== ".") return String(value).replace(".", dialect.decimalMark);
  return String(value);
}

/** JSON.stringify replacer that writes BigInt values as digits (JSON has no BigInt). */
export function jsonBigInt(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

function quote(cell: string, dialect: CsvDialect): string {
  const special = dialect.separator === "," ? /[",\r\n]/ : /[";\r\n]/;
  return special.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}
