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
}

export interface StageContext {
  readonly path: string;
  /** Unique suffix for the temp relations of this load. */
  readonly tag: string;
  readonly sheet?: string;
  /** Directory for transcoded copies of legacy-encoded files. */
  readonly tempDir: string;
}
