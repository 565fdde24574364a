import { closeSync, openSync, readSync } from "node:fs";
import { FileRejectedError } from "../ingest-errors.js";

/**
 * Refuses a file wider than `max` columns before any row is read: DuckDB's readers and
 * the validation SQL cost memory per column (50,000 columns took 3.5 GB), so width is
 * bounded like line length.
 */
export function refuseWideFile(path: string, columns: number, max: number | undefined, what: string): void {
  if (max === undefined || columns <= max) return;
  throw new FileRejectedError(
    path,
    "TOO_MANY_COLUMNS",
    `rejected whole: the file has ${columns} columns (${what}), more than the ${max} accepted (MAX_COLUMNS, or --max-columns); no dataset has that many: is it the right file?`,
  );
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * The fields of a CSV file's first record, counted over its bytes (the delimiters and
 * quotes are ASCII in every encoding we read), 64 KiB at a time and never past
 * `limitBytes`: the header is never held whole.
 */
export function csvHeaderFieldCount(path: string, delimiter: string, limitBytes: number): number {
  const delim = delimiter.charCodeAt(0);
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(64 * 1024);
    let fields = 1;
    let quoted = false;
    let position = 0;
    let bom = true;
    while (position <= limitBytes) {
      const read = readSync(fd, buffer, 0, buffer.length, position);
      if (read === 0) break;
      let start = 0;
      if (bom && position === 0 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) start = 3;
      bom = false;
      for (let i = start; i < read; i++) {
        const byte = buffer[i];
        if (byte === QUOTE) quoted = !quoted;
        else if (!quoted && byte === delim) fields++;
        else if (!quoted && (byte === LF || byte === CR)) return fields;
      }
      position += read;
    }
    return fields;
  } finally {
    closeSync(fd);
  }
}
