import type { DuckDBConnection, DuckDBMaterializedResult } from "@duckdb/node-api";
import type { ProgressSink } from "./batch-report.js";

/** Runs one long statement while polling DuckDB's own progress estimate. */
export async function runWithProgress(connection: DuckDBConnection, sql: string, label: string, progress: ProgressSink): Promise<DuckDBMaterializedResult> {
  progress.update(label, 0);
  const timer = setInterval(() => {
    const { percentage } = connection.progress;
    if (percentage >= 0) progress.update(label, Math.min(percentage / 100, 1));
  }, 250);
  try {
    return await connection.run(sql);
  } finally {
    clearInterval(timer);
    progress.update(label, 1);
  }
}
