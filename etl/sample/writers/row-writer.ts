/** What every sample file writer does: take rows one at a time, stream them, close. */
export interface RowWriter<Row> {
  /** Writes one data record; records are numbered from 2 (the header, real or not, is 1). */
  write(row: Row): void;
  readonly rowsWritten: number;
  /** Waits while the output is backed up. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** A cell of a spreadsheet row: text, number, a real date cell (UTC midnight) or empty. */
export type CellValue = string | number | Date | null;
