/**
 * XLSX through exceljs's streaming WorkbookWriter: one sheet, a header row, rows
 * committed as they come. Date values become real Excel date cells (`dd/mm/yyyy`).
 * Zip entry times and document properties are fixed so the same rows give the same bytes.
 */
import ExcelJS from "exceljs";
import type { CellValue, RowWriter } from "./row-writer.js";

/** Local midnight, so the zip's DOS timestamps do not depend on the time zone. */
const FIXED_ENTRY_DATE = new Date(2020, 0, 1, 0, 0, 0);
const FIXED_DOCUMENT_DATE = new Date(Date.UTC(2020, 0, 1));
const YIELD_EVERY_ROWS = 2_000;

interface ZipArchive {
  append(source: unknown, data: Record<string, unknown>): unknown;
}

/**
 * exceljs appends its first zip entries from its constructor (via `addThemes`), with the
 * current time: fixing the entry date there covers every entry.
 */
class FixedDateWorkbookWriter extends ExcelJS.stream.xlsx.WorkbookWriter {
  private datesFixed = false;

  override addThemes(): Promise<void> {
    if (!this.datesFixed) {
      const zip = (this as unknown as { zip: ZipArchive }).zip;
      const append = zip.append.bind(zip);
      zip.append = (source, data) => append(source, { ...data, date: FIXED_ENTRY_DATE });
      this.datesFixed = true;
    }
    return super.addThemes();
  }
}

export class XlsxWriter implements RowWriter<readonly CellValue[]> {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;
  rowsWritten = 0;
  private rowsSinceYield = 0;

  constructor(path: string, sheetName: string, headers: readonly string[]) {
    this.workbook = new FixedDateWorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
    this.workbook.creator = "Union Analytics Platform sample generator";
    this.workbook.lastModifiedBy = this.workbook.creator;
    this.workbook.created = FIXED_DOCUMENT_DATE;
    this.workbook.modified = FIXED_DOCUMENT_DATE;
    this.sheet = this.workbook.addWorksheet(sheetName);
    const header = this.sheet.addRow([...headers]);
    header.font = { bold: true };
    header.commit();
  }

  write(cells: readonly CellValue[]): void {
    const row = this.sheet.addRow([...cells]);
    for (let i = 0; i < cells.length; i++) if (cells[i] instanceof Date) row.getCell(i + 1).numFmt = "dd/mm/yyyy";
    row.commit();
    this.rowsWritten++;
    this.rowsSinceYield++;
  }

  /** exceljs buffers internally; yielding now and then lets its zip stream catch up. */
  async drain(): Promise<void> {
    if (this.rowsSinceYield < YIELD_EVERY_ROWS) return;
    this.rowsSinceYield = 0;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  async close(): Promise<void> {
    this.sheet.commit();
    await this.workbook.commit();
  }
}
