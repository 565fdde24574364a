import type { DatasetId } from "../sources/index.js";

export type BatchStatus = "LOADED" | "REJECTED" | "SKIPPED";

/** What happened to one file: printed by the CLI and stored in lineage.batches. */
export interface BatchReport {
  readonly file: string;
  readonly dataset: DatasetId | "unknown";
  readonly status: BatchStatus;
  readonly batchId?: number;
  readonly duplicateOf?: number;
  readonly encoding?: string;
  readonly rowsRead: number;
  readonly rowsLoaded: number;
  readonly rowsRejected: number;
  readonly rowsReplaced: number;
  readonly rejectedByReason: Readonly<Record<string, number>>;
  readonly period?: string;
  readonly unknownColumns?: readonly string[];
  readonly message?: string;
  readonly seconds: number;
}

export interface ProgressSink {
  /** A fraction in [0, 1] of the current step, with a label. */
  update(label: string, fraction: number): void;
}

export const silentProgress: ProgressSink = Object.freeze({ update() {} });
