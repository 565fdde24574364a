import type { DuckDBConnection } from "@duckdb/node-api";
import { quoteLiteral } from "../../core/warehouse/sql-text.js";
import { isDatasetId } from "../sources/index.js";
import { plural, supersedeRows, timestampLiteral } from "./replacement.js";

/** What `etl restore <batch>` did. */
export interface RestoreReport {
  readonly restoreId: number;
  readonly batchId: number;
  readonly dataset: string;
  readonly fileName: string;
  /** The periods (or keys) whose rows in effect are the batch's again. */
  readonly replaceKeys: readonly string[];
  readonly rowsRestored: number;
  /** Rows in effect until now for those keys, superseded by the restored batch in turn. */
  readonly rowsSuperseded: number;
  readonly supersededBatches: readonly number[];
}

/** A restore that cannot be done: nothing changed; the message says why and what to do. */
export class RestoreRefusedError extends Error {
  override name = "RestoreRefusedError";
}

/**
 * Puts a superseded batch's rows back in effect, in one transaction: the rows in effect
 * for its periods (or keys) move to `superseded.<dataset>` marked with the batch, its own
 * rows move back to `raw.<dataset>`, and `lineage.restores` records it.
 */
export async function restoreBatch(connection: DuckDBConnection, batchId: number, actor: string): Promise<RestoreReport> {
  if (!Number.isSafeInteger(batchId) || batchId < 1)
    throw new RestoreRefusedError("a batch is named by its number, a whole number from 1 (npm run etl -- status lists the recent batches)");
  const batch = (await connection.runAndReadAll(`select dataset, file_name, status from lineage.batches where batch_id = ${batchId}`)).getRowsJS()[0];
  if (!batch) throw new RestoreRefusedError(`batch ${batchId} does not exist (npm run etl -- status lists the recent batches)`);
  const [dataset, fileName, status] = batch.map(String);
  if (status !== "LOADED" || !isDatasetId(dataset)) {
    throw new RestoreRefusedError(`batch ${batchId} (${fileName}) was ${status}: it loaded no rows, so there is nothing to restore`);
  }
  const count = async (sql: string) => Number((await connection.runAndReadAll(sql)).getRows()[0][0]);
  const superseded = await count(`select count(*) from superseded.${dataset} where batch_id = ${batchId}`);
  if (!superseded) {
    const inEffect = await count(`select count(*) from raw.${dataset} where batch_id = ${batchId}`);
    throw new RestoreRefusedError(
      `batch ${batchId} (${fileName}, ${dataset}) has no superseded rows: its ${inEffect} ${plural(inEffect, "row")} in the warehouse ${inEffect === 1 ? "is" : "are"} in effect already`,
    );
  }
  const restoreId = await count("select nextval('lineage.restore_id_seq')");
  const keys = `restore_keys_r${restoreId}`;
  const at = new Date();
  await connection.run(
    `create temp table ${keys} as select distinct replace_key as k from superseded.${dataset} where batch_id = ${batchId} and replace_key is not null`,
  );
  try {
    const condition = `replace_key in (select k from ${keys})`;
    await connection.run("begin transaction");
    try {
      const replaceKeys = ((await connection.runAndReadAll(`select coalesce(list(k order by k), []) from ${keys}`)).getRowsJS()[0][0] as string[]).map(String);
      const supersededBatches = (await connection.runAndReadAll(`select distinct batch_id from raw.${dataset} where ${condition} order by 1`))
        .getRowsJS()
        .map(([b]) => Number(b));
      const rowsSuperseded = await supersedeRows(connection, dataset, condition, batchId, at);
      await connection.run(
        `insert into raw.${dataset} by name select * exclude (superseded_by, superseded_at) from superseded.${dataset} where batch_id = ${batchId}`,
      );
      const rowsRestored = (await connection.run(`delete from superseded.${dataset} where batch_id = ${batchId}`)).rowsChanged;
      await connection.run(
        `insert into lineage.restores (restore_id, batch_id, dataset, replace_keys, rows_restored, rows_superseded, superseded_batches, actor, restored_at)
         values (${restoreId}, ${batchId}, ${quoteLiteral(dataset)}, [${replaceKeys.map(quoteLiteral).join(", ")}]::varchar[], ${rowsRestored}, ${rowsSuperseded},
                 [${supersededBatches.join(", ")}]::bigint[], ${quoteLiteral(actor)}, ${timestampLiteral(at)})`,
      );
      await connection.run("commit");
      return { restoreId, batchId, dataset, fileName, replaceKeys, rowsRestored, rowsSuperseded, supersededBatches };
    } catch (error) {
      await connection.run("rollback").catch(() => {});
      throw error;
    }
  } finally {
    await connection.run(`drop table if exists temp.main.${keys}`);
  }
}
