import type { DuckDBAppender, DuckDBConnection } from "@duckdb/node-api";
import ExcelJS from "exceljs";
import { quoteIdent } from "../../../core/warehouse/sql-text.js";
import { type DetectedEncoding, decodeLegacyText, detectTextEncoding } from "../../encoding/index.js";
import { FileRejectedError } from "../ingest-errors.js";
import { refuseWideFile } from "./column-limit.js";
import type { StageContext, StagedFile } from "./staged-file.js";
import { cellText } from "./xlsx-cell-text.js";
import { hasZipEndRecord } from "./zip-end-record.js";

/** Rows held back to detect a legacy font encoding before anything is appended. */
const ENCODING_SAMPLE_ROWS = 500;

interface SheetRow {
  readonly lineNo: number;
  readonly cells: (string | null)[];
}

/**
 * XLSX streamed with exceljs (never a whole workbook in memory) and appended to a temp
 * table through DuckDB's Appender. The first sheet unless one is named; the header is
 * the first non-empty row; record numbers are the sheet's row numbers.
 */
export async function stageXlsx(connection: DuckDBConnection, context: StageContext): Promise<StagedFile> {
  if (!hasZipEndRecord(context.path)) {
    throw new FileRejectedError(
      context.path,
      "TRUNCATED",
      "rejected whole: not a complete XLSX workbook: it lacks the zip end record every workbook ends with, so it was cut short (truncated) or is not an XLSX file",
    );
  }
  const rows = sheetRows(context);
  const first = await rows.next();
  if (first.done) throw new FileRejectedError(context.path, "EMPTY_FILE", `sheet ${context.sheet ?? "1"} has no header row`);
  refuseWideFile(context.path, first.value.cells.length, context.maxColumns, `cells of the header row of sheet ${context.sheet ?? "1"}`);
  const headers = uniqueHeaders(first.value.cells);
  const held: SheetRow[] = [];
  let next = await rows.next();
  while (!next.done && held.length < ENCODING_SAMPLE_ROWS) {
    held.push(next.value);
    next = await rows.next();
  }
  const encoding = detectTextEncoding([...headers, ...held.flatMap((r) => r.cells.filter((c): c is string => c !== null))]);
  const decodedHeaders = headers.map((h) => decodeLegacyText(h, encoding));

  const table = `stage_${context.tag}`;
  await connection.run(
    `create temp table ${table} (__line_no bigint, ${uniqueHeaders(decodedHeaders)
      .map((h) => `${quoteIdent(h)} varchar`)
      .join(", ")})`,
  );
  const appender = await connection.createAppender(table, "main", "temp");
  const append = (row: SheetRow) => appendRow(appender, row, headers.length, encoding);
  held.forEach(append);
  while (!next.done) {
    append(next.value);
    next = await rows.next();
  }
  appender.closeSync();
  return { relation: table, headers: uniqueHeaders(decodedHeaders), encoding, sheet: context.sheet };
}

function appendRow(appender: DuckDBAppender, row: SheetRow, width: number, encoding: DetectedEncoding): void {
  appender.appendBigInt(BigInt(row.lineNo));
  for (let i = 0; i < width; i++) {
    const text = row.cells[i] ?? null;
    if (text === null) appender.appendNull();
    else appender.appendVarchar(decodeLegacyText(text, encoding));
  }
  appender.endRow();
}

async function* sheetRows(context: StageContext): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(context.path, {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  let found = false;
  try {
    for await (const sheet of reader) {
      const name = (sheet as unknown as { name: string }).name;
      if (found || (context.sheet !== undefined && name !== context.sheet)) continue;
      found = true;
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as ExcelJS.CellValue[];
        const cells = values.slice(1).map(cellText);
        if (cells.some((c) => c !== null && c.trim() !== "")) yield { lineNo: row.number, cells };
      }
    }
  } catch (error) {
    throw new FileRejectedError(context.path, "UNREADABLE", `not a readable XLSX workbook: ${(error as Error).message}`);
  }
  if (!found) {
    throw new FileRejectedError(context.path, "MISSING_SHEET", context.sheet ? `no sheet named "${context.sheet}"` : "the workbook has no sheet");
  }
}

/** Empty headers become `column_N`; repeated ones get a suffix so every column survives. */
function uniqueHeaders(cells: readonly (string | null)[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((cell, i) => {
    const base = cell?.trim() || `column_${i + 1}`;
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count ? `${base}_${count + 1}` : base;
  });
}
