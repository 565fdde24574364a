import type { Db } from "./database.js";

export interface LatestBatchRow {
  dataset: string;
  batch_id: bigint;
  file_name: string;
  status: string;
  period: string | null;
  rows_loaded: bigint;
  rows_rejected: bigint;
  finished_at: Date | null;
}

/** The last batch loaded per dataset (freshness of each source), by dataset. */
export async function latestBatchPerDataset(db: Db): Promise<LatestBatchRow[]> {
  return db
    .selectFrom("lineage.batches as b")
    .distinctOn("b.dataset")
    .select(["b.dataset", "b.batch_id", "b.file_name", "b.status", "b.period", "b.rows_loaded", "b.rows_rejected", "b.finished_at"])
    .orderBy("b.dataset")
    .orderBy("b.finished_at", (ob) => ob.desc().nullsLast())
    .orderBy("b.batch_id", "desc")
    .execute();
}
