import { closeSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { quoteLiteral } from "../../../core/warehouse/sql-text.js";
import { type DetectedEncoding, detectEncoding, transcodeFileToUtf8 } from "../../encoding/index.js";
import { FileRejectedError } from "../ingest-errors.js";
import { csvHeaderFieldCount, refuseWideFile } from "./column-limit.js";
import { nfcProjection } from "./relation-columns.js";
import type { DirectSource, StageContext, StagedFile } from "./staged-file.js";

const SAMPLE_BYTES = 1 << 20;
/** DuckDB's default max_line_size. */
export const DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;

/** The longest CSV line accepted, in bytes: `UAP_MAX_LINE_BYTES`, default 4 MiB. Longer lines are rejected, never buffered whole. */
export function maxLineBytes(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.UAP_MAX_LINE_BYTES?.trim();
  if (!text) return DEFAULT_MAX_LINE_BYTES;
  if (!/^\d+$/.test(text) || Number(text) < 1024) throw new Error(`UAP_MAX_LINE_BYTES must be a whole number of bytes ≥ 1024, got "${text}"`);
  return Number(text);
}

/** Whether the file's first line ends within `limit` bytes; reads 64 KiB at a time and never past the limit. */
export function firstLineEndsWithin(path: string, limit: number): boolean {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(64 * 1024);
    for (let position = 0; position <= limit; ) {
      const read = readSync(fd, buffer, 0, buffer.length, position);
      if (read === 0) return true;
      const newline = buffer.subarray(0, read).indexOf(0x0a);
      if (newline >= 0) return position + newline <= limit;
      position += read;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

export function readSample(path: string, bytes = SAMPLE_BYTES): Buffer {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const read = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** Comma, semicolon or tab: whichever occurs most in the header line outside quotes. */
export function sniffDelimiter(headerLine: string): string {
  const counts = new Map<string, number>([
    [",", 0],
    [";", 0],
    ["\t", 0],
  ]);
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
}

/** A CSV file ready to be read by DuckDB: its UTF-8 source, dialect, headers and reader call. */
interface PreparedCsv {
  readonly encoding: DetectedEncoding;
  readonly delimiter: string;
  readonly headers: readonly string[];
  /** `read_csv(…)` of the file, every column as text; `extra` adds options. */
  readonly read: (extra?: string) => string;
  readonly readError: (error: unknown) => never;
}

/**
 * Checks a CSV file before any row is read (binary data, the first line's length, the
 * header's width: nothing of a too-wide file is transcoded or read), transcodes a legacy
 * encoding to a UTF-8 temp file and binds DuckDB's reader to learn the headers.
 */
async function prepareCsv(connection: DuckDBConnection, context: StageContext): Promise<PreparedCsv> {
  const sample = readSample(context.path);
  const limit = maxLineBytes();
  if (sample.includes(0)) {
    throw new FileRejectedError(
      context.path,
      "BINARY",
      "rejected whole: the file holds NUL bytes, so it is binary data (or UTF-16 text), not a CSV file; save CSV as UTF-8",
    );
  }
  if (!firstLineEndsWithin(context.path, limit)) {
    throw new FileRejectedError(
      context.path,
      "LINE_TOO_LONG",
      `rejected whole: line 1 is longer than ${limit} bytes, the longest line accepted (UAP_MAX_LINE_BYTES); is it a CSV file?`,
    );
  }
  const rawDelimiter = sniffDelimiter(
    sample
      .subarray(0, 64 * 1024)
      .toString("latin1")
      .split(/\r?\n/)[0] ?? "",
  );
  refuseWideFile(
    context.path,
    csvHeaderFieldCount(context.path, rawDelimiter, limit),
    context.maxColumns,
    `fields of the header line, separated by ${delimiterName(rawDelimiter)}`,
  );
  const encoding = detectEncoding(sample);
  const source = await utf8Source(context, encoding);
  const firstLine =
    readSample(source, 64 * 1024)
      .toString("utf8")
      .replace(/^\uFEFF/, "")
      .split(/\r?\n/)[0] ?? "";
  if (!firstLine.trim()) throw new FileRejectedError(context.path, "EMPTY_FILE", "the file is empty or has no header line");
  const delimiter = sniffDelimiter(firstLine);
  const options = `header = true, delim = ${quoteLiteral(delimiter)}, quote = '"', escape = '"', skip = 0, max_line_size = ${limit}`;
  const read = (extra = "") => `read_csv(${quoteLiteral(source)}, ${options}, all_varchar = true${extra})`;
  const readError = (error: unknown): never => {
    throw csvReadError(context.path, error, limit);
  };
  // The headers first: DuckDB binds the reader (its sniffer reads a sample, not the file).
  const headers = (await connection.runAndReadAll(`select * from ${read()} limit 0`).catch(readError)).columnNames();
  // The reads that follow name those columns, so DuckDB does not sniff the file again.
  const columns = `{${headers.map((h) => `${quoteLiteral(h)}: 'VARCHAR'`).join(", ")}}`;
  const readNamed = (extra = "") => `read_csv(${quoteLiteral(source)}, ${options}, auto_detect = false, columns = ${columns}${extra})`;
  return { encoding, delimiter, headers, read: readNamed, readError };
}

/** `read_csv` keeping the malformed records (wrong field count, broken quoting) in `rejects` (`rejects`_scan alongside). */
const withRejects = (csv: PreparedCsv, rejects: string) =>
  csv.read(`, store_rejects = true, rejects_table = ${quoteLiteral(rejects)}, rejects_scan = ${quoteLiteral(`${rejects}_scan`)}`);

/** The malformed records of a read as a view `<rejects>_lines` (`line_no`, `text`, `message`, one row per record) when there are any; returns how many. */
export async function malformedLines(connection: DuckDBConnection, rejects: string): Promise<number> {
  const errors = Number((await connection.runAndReadAll(`select count(*) from ${rejects}`)).getRows()[0][0]);
  if (!errors) return 0;
  await connection.run(
    `create temp view ${rejects}_lines as
       select line::bigint as line_no, first(csv_line) as text, arg_min(error_type || ': ' || error_message, column_idx) as message
       from ${rejects} group by line`,
  );
  return Number((await connection.runAndReadAll(`select count(*) from ${rejects}_lines`)).getRows()[0][0]);
}

/**
 * A CSV file for a typed load: a parenthesised SELECT of its records (every column as
 * NFC text, in file order) read by DuckDB's parallel reader, the malformed records kept
 * in the temp table `stage_rejects_<tag>` (see `malformedLines`).
 */
export async function openCsv(connection: DuckDBConnection, context: StageContext): Promise<DirectSource> {
  const csv = await prepareCsv(connection, context);
  const rejects = `stage_rejects_${context.tag}`;
  return {
    select: `(select ${nfcProjection(csv.headers, csv.encoding, "c")} from ${withRejects(csv, rejects)} c)`,
    headers: csv.headers,
    encoding: csv.encoding,
    delimiter: csv.delimiter,
    rejects,
    readError: csv.readError,
  };
}

/**
 * CSV goes through DuckDB's own reader (parallel, streaming, never a JS array).
 * Legacy encodings are first transcoded to a UTF-8 temp file.
 */
export async function stageCsv(connection: DuckDBConnection, context: StageContext): Promise<StagedFile> {
  const csv = await prepareCsv(connection, context);
  const { headers, encoding, delimiter } = csv;
  const loaded = `stage_csv_${context.tag}`;
  const rejects = `stage_rejects_${context.tag}`;
  // When the rows can be judged, reading, validation and the stage table are one statement.
  const judge = context.judge?.(headers);
  await connection
    .run(
      judge
        ? `create temp table ${loaded} as ${judge(`(select ${nfcProjection(headers, encoding, "c")} from ${withRejects(csv, rejects)} c)`)}`
        : `create temp table ${loaded} as select * from ${withRejects(csv, rejects)}`,
    )
    .catch(csv.readError);
  const malformedCount = await malformedLines(connection, rejects);
  const view = `stage_${context.tag}`;
  // Judged rows were composed to NFC as they were read; otherwise the view composes them.
  const projection = (from: string) => (judge ? `${from}.* exclude (__row)` : nfcProjection(headers, encoding, from));
  await connection.run(
    malformedCount
      ? recordNumberView(view, loaded, `${rejects}_lines`, projection)
      : `create temp view ${view} as select rowid + 2 as __line_no, ${judge ? "*" : nfcProjection(headers, encoding, loaded)} from ${loaded}`,
  );
  return { relation: view, headers, malformed: malformedCount ? `${rejects}_lines` : undefined, encoding, delimiter, judged: judge !== undefined };
}

const delimiterName = (d: string) => (d === "\t" ? "tabs" : d === ";" ? "semicolons" : "commas");

/** DuckDB's reader errors that mean "this is no CSV we can read", said plainly; others pass unchanged. */
function csvReadError(path: string, error: unknown, limit: number): unknown {
  const message = error instanceof Error ? error.message : String(error);
  const tooLong = /Maximum line size of \d+ bytes exceeded\. Actual Size:\s*(\d+) bytes/.exec(message);
  if (tooLong) {
    return new FileRejectedError(
      path,
      "LINE_TOO_LONG",
      `rejected whole: a line is longer than ${limit} bytes (${tooLong[1]} bytes), the longest line accepted (UAP_MAX_LINE_BYTES)`,
    );
  }
  if (/Error when sniffing file/i.test(message)) {
    return new FileRejectedError(
      path,
      "UNREADABLE",
      "rejected whole: not readable as CSV: DuckDB's reader found no consistent layout of fields, quotes and line ends (binary or damaged data?)",
    );
  }
  return error;
}

async function utf8Source(context: StageContext, encoding: DetectedEncoding): Promise<string> {
  if (encoding === "utf-8" || encoding === "utf-8-nfd") return context.path;
  const target = join(context.tempDir, `transcoded-${context.tag}.csv`);
  await transcodeFileToUtf8(context.path, target, encoding);
  return target;
}

/**
 * Record numbers (header = 1): DuckDB keeps file order in the table's rowid; records it
 * rejected as malformed are not in the table, so each loaded record is shifted by the
 * malformed records before it (an ASOF join on the rejects' positions).
 */
function recordNumberView(view: string, loaded: string, malformed: string, projection: (from: string) => string): string {
  return `create temp view ${view} as
    with shifts as (
      select line_no - 2 - (row_number() over (order by line_no) - 1) as from_row, row_number() over (order by line_no) as shift
      from ${malformed}
    ), numbered as (select rowid as __row, * from ${loaded})
    select numbered.__row + 2 + coalesce(shifts.shift, 0) as __line_no, ${projection("numbered")}
    from numbered asof left join shifts on numbered.__row >= shifts.from_row`;
}
