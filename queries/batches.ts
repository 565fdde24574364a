import type { Selectable } from "kysely";
import type { Db, LineageBatchesTable } from "./database.js";

/** The columns of `lineage.batches` the freshness of a source shows. */
export type LatestBatchRow = Pick<
  Selectable<LineageBatchesTable>,
  "dataset" | "batch_id" | "file_name" | "status" | "period" | "rows_loaded" | "rows_rejected" | "finished_at"
>;

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
