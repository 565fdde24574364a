import type { DetectedEncoding } from "../../encoding/index.js";

/**
 * A file read into a temporary relation of text columns: `__line_no` plus one column
 * per header, as named in the file. Malformed records (wrong column count, broken
 * quoting) are listed separately so they reach the quarantine: nothing is lost.
 */
export interface StagedFile {
  /** A temp view or table with `__line_no` and the file's columns, all VARCHAR, NFC. */
  readonly relation: string;
  readonly headers: readonly string[];
  /** Temp relation of malformed records: `line_no`, `text`, `message`; or undefined. */
  readonly malformed?: string;
  readonly encoding: DetectedEncoding;
  readonly delimiter?: string;
  readonly sheet?: string;
  /** Whether `relation` already carries each row's judgement (`__check`, `__replace_key`), made while reading. */
  readonly judged?: boolean;
}

/**
 * Given the file's headers, the SELECT that judges the rows of a source with those
 * columns, adding `__check` and `__replace_key` (see `FileValidation.judgeRows`); or
 * undefined when the file cannot be judged (a required column is missing: that is
 * reported after staging).
 */
export type RowJudge = (headers: readonly string[]) => ((source: string) => string) | undefined;

export interface StageContext {
  readonly path: string;
  /** Unique suffix for the temp relations of this load. */
  readonly tag: string;
  readonly sheet?: string;
  /** Directory for transcoded copies of legacy-encoded files. */
  readonly tempDir: string;
  /** Readers that read in one statement (CSV, JSON, Parquet) judge the rows as they read them. */
  readonly judge?: RowJudge;
  /** A file with more columns is refused before its rows are read (MAX_COLUMNS); no limit when undefined. */
  readonly maxColumns?: number;
}

/**
 * A file opened for a typed load: the SELECT that reads it, once, straight into the raw
 * table (etl/ingest/load-file.ts numbers the rows afterwards by their order).
 */
export interface DirectSource {
  /** A parenthesised SELECT of the file's records in file order, one column per header (NFC text, or typed as a Parquet file types them). */
  readonly select: string;
  readonly headers: readonly string[];
  /** The DuckDB type of each header of a typed source; absent headers are text. */
  readonly types?: ReadonlyMap<string, string>;
  readonly encoding: DetectedEncoding;
  readonly delimiter?: string;
  /** CSV: the temp table where reading keeps the malformed records (see `malformedLines`). */
  readonly rejects?: string;
  /** Turns an error of the reading statement into what to report (a CSV reader's errors said plainly). */
  readonly readError?: (error: unknown) => never;
}
