import type { DuckDBConnection } from "@duckdb/node-api";
import type { DatasetId } from "../sources/index.js";
import { type BatchReport, type ProgressSink, silentProgress } from "./batch-report.js";
import { discoverFiles } from "./discover-files.js";
import { type IngestLimits, ingestLimits } from "./ingest-settings.js";
import { loadFile } from "./load-file.js";

export interface IngestOptions {
  readonly dataset?: DatasetId;
  readonly asOf?: string;
  readonly sheet?: string;
  readonly progress?: ProgressSink;
  /** Confirms re-deliveries that would take much of a period out of effect (`--replace`). */
  readonly replace?: boolean;
  readonly limits?: IngestLimits;
  /** Reads CSV, JSON and Parquet files straight into the raw table in two passes (see LoadOptions.direct). */
  readonly direct?: boolean;
  /** Called after each file, e.g. to print its reconciliation line. */
  readonly onFile?: (report: BatchReport) => void;
}

/** Ingests files and directories, registries first; one atomic batch per file. */
export async function ingestPaths(connection: DuckDBConnection, paths: readonly string[], options: IngestOptions = {}): Promise<BatchReport[]> {
  const limits = options.limits ?? ingestLimits();
  const { files, rejected } = discoverFiles(paths, options.dataset);
  const reports: BatchReport[] = rejected.map((error) => ({
    file: error.file,
    dataset: "unknown",
    status: "REJECTED",
    rowsRead: 0,
    rowsLoaded: 0,
    rowsRejected: 0,
    rowsReplaced: 0,
    rejectedByReason: {},
    message: error.reason,
    seconds: 0,
  }));
  for (const r of reports) options.onFile?.(r);
  for (const file of files) {
    const report = await loadFile(connection, file, {
      asOf: options.asOf,
      sheet: options.sheet,
      progress: options.progress ?? silentProgress,
      replace: options.replace,
      limits,
      direct: options.direct,
    });
    options.onFile?.(report);
    reports.push(report);
  }
  return reports;
}
