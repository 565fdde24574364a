import { basename, isAbsolute, relative, resolve, sep } from "node:path";
import type { Logger } from "../core/logger.js";
import { latestBatchPerDataset } from "../queries/batches.js";
import type { Db } from "../queries/database.js";

export interface HealthReport {
  readonly status: "ok" | "error";
  readonly warehouse: string;
  readonly batches?: readonly {
    readonly dataset: string;
    readonly batchId: number;
    readonly fileName: string;
    readonly status: string;
    readonly period: string | null;
    readonly rowsLoaded: number;
    readonly rowsRejected: number;
    readonly finishedAt: string | null;
  }[];
  readonly error?: string;
}

/**
 * A file as /health names it: relative to the server's working folder when inside it
 * (`data/warehouse.duckdb`), else its name alone, so that the answer never tells a
 * client where on disk the server keeps its data.
 */
export function shownPath(path: string, cwd = process.cwd()): string {
  if (path === ":memory:") return path;
  const inside = relative(cwd, resolve(cwd, path));
  return inside && !inside.startsWith(`..${sep}`) && inside !== ".." && !isAbsolute(inside) ? inside : basename(path);
}

/** `GET /health`: the warehouse answers, and how fresh each source is (its last batch). */
export async function healthReport(db: Db, warehousePath: string, logger: Logger): Promise<HealthReport> {
  const warehouse = shownPath(warehousePath);
  try {
    const batches = await latestBatchPerDataset(db);
    return {
      status: "ok",
      warehouse,
      batches: batches.map((b) => ({
        dataset: b.dataset,
        batchId: Number(b.batch_id),
        fileName: b.file_name,
        status: b.status,
        period: b.period,
        rowsLoaded: Number(b.rows_loaded),
        rowsRejected: Number(b.rows_rejected),
        finishedAt: b.finished_at ? b.finished_at.toISOString() : null,
      })),
    };
  } catch (error) {
    logger.error("health check: the warehouse did not answer", error);
    return { status: "error", warehouse, error: "the warehouse did not answer" };
  }
}
