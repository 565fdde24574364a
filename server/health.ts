import { latestBatchPerDataset } from "../queries/batches.js";
import type { Db } from "../queries/database.js";
import type { Logger } from "./logger.js";

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

/** `GET /health`: the warehouse answers, and how fresh each source is (its last batch). */
export async function healthReport(db: Db, warehousePath: string, logger: Logger): Promise<HealthReport> {
  try {
    const batches = await latestBatchPerDataset(db);
    return {
      status: "ok",
      warehouse: warehousePath,
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
    return { status: "error", warehouse: warehousePath, error: "the warehouse did not answer" };
  }
}
