import { readFileSync, renameSync, writeFileSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import { fileMode } from "../../core/warehouse/file-mode.js";
import { DATASET_IDS } from "../sources/index.js";

/**
 * What `etl status` shows: rows in effect and superseded per dataset, the recent
 * batches, the quarantine and the restores. Written beside the warehouse
 * (`<warehouse>.lineage.json`) at the end of each load, build and restore, so status can
 * answer while a writer holds the warehouse.
 */
export interface LineageSnapshot {
  readonly writtenAt: string;
  readonly datasets: readonly DatasetLine[];
  readonly recentBatches: readonly BatchLine[];
  readonly quarantine: readonly { readonly dataset: string; readonly reason: string; readonly rows: number; readonly released: number }[];
  readonly restores: readonly {
    readonly restoreId: number;
    readonly batchId: number;
    readonly dataset: string;
    readonly rowsRestored: number;
    readonly rowsSuperseded: number;
    readonly at: string;
  }[];
}

export interface DatasetLine {
  readonly dataset: string;
  readonly rowsInEffect: number;
  readonly rowsSuperseded: number;
  readonly lastBatch: BatchLine | null;
}

export interface BatchLine {
  readonly batchId: number;
  readonly dataset: string;
  readonly fileName: string;
  readonly status: string;
  readonly rowsRead: number;
  readonly rowsLoaded: number;
  readonly rowsRejected: number;
  readonly rowsReplaced: number;
  readonly finished: string;
}

export const lineageFilePath = (db: string) => `${db}.lineage.json`;

const RECENT_BATCHES = 10;

export async function readLineageSnapshot(connection: DuckDBConnection): Promise<LineageSnapshot> {
  const rows = async (sql: string) => (await connection.runAndReadAll(sql)).getRowsJS();
  const batchColumns = `batch_id, dataset, file_name, status, rows_read, rows_loaded, rows_rejected, rows_replaced, coalesce(strftime(finished_at, '%Y-%m-%d %H:%M:%S'), '')`;
  const toBatch = (r: unknown[]): BatchLine => ({
    batchId: Number(r[0]),
    dataset: String(r[1]),
    fileName: String(r[2]),
    status: String(r[3]),
    rowsRead: Number(r[4]),
    rowsLoaded: Number(r[5]),
    rowsRejected: Number(r[6]),
    rowsReplaced: Number(r[7]),
    finished: String(r[8]),
  });
  const last = new Map(
    (await rows(`select ${batchColumns} from lineage.batches qualify row_number() over (partition by dataset order by batch_id desc) = 1`)).map((r) => [
      String(r[1]),
      toBatch(r),
    ]),
  );
  // A warehouse made before superseded rows were kept, opened read-only (not upgraded), lacks those tables.
  const tables = new Set((await rows("select table_schema || '.' || table_name from information_schema.tables")).map(([t]) => String(t)));
  const countOf = (table: string) => (tables.has(table) ? `(select count(*) from ${table})` : "0");
  const sizes = await rows(DATASET_IDS.map((d) => `select '${d}', ${countOf(`raw.${d}`)}, ${countOf(`superseded.${d}`)}`).join(" union all "));
  return {
    writtenAt: new Date().toISOString(),
    datasets: sizes.map(([d, inEffect, superseded]) => ({
      dataset: String(d),
      rowsInEffect: Number(inEffect),
      rowsSuperseded: Number(superseded),
      lastBatch: last.get(String(d)) ?? null,
    })),
    recentBatches: (await rows(`select ${batchColumns} from lineage.batches order by batch_id desc limit ${RECENT_BATCHES}`)).map(toBatch),
    quarantine: (
      await rows(
        `select dataset, reason_code, count(*), count(*) filter (where released_at is not null) from quarantine.rejected_rows group by all order by dataset, reason_code`,
      )
    ).map(([dataset, reason, n, released]) => ({ dataset: String(dataset), reason: String(reason), rows: Number(n), released: Number(released) })),
    restores: (!tables.has("lineage.restores")
      ? []
      : await rows(
          `select restore_id, batch_id, dataset, rows_restored, rows_superseded, strftime(restored_at, '%Y-%m-%d %H:%M:%S') from lineage.restores order by restore_id desc limit 5`,
        )
    ).map(([id, batch, dataset, restored, superseded, at]) => ({
      restoreId: Number(id),
      batchId: Number(batch),
      dataset: String(dataset),
      rowsRestored: Number(restored),
      rowsSuperseded: Number(superseded),
      at: String(at),
    })),
  };
}

/** Writes the snapshot beside the warehouse: a temp file renamed over the old one, so a reader sees one or the other whole. */
export async function writeLineageFile(connection: DuckDBConnection, db: string): Promise<void> {
  if (db === ":memory:") return;
  const snapshot = await readLineageSnapshot(connection);
  const path = lineageFilePath(db);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(snapshot, null, 1)}\n`, { mode: fileMode() });
  renameSync(temp, path);
}

export function readLineageFile(db: string): LineageSnapshot | undefined {
  try {
    return JSON.parse(readFileSync(lineageFilePath(db), "utf8")) as LineageSnapshot;
  } catch {
    return undefined;
  }
}

/** Opens the warehouse just to rewrite its lineage file (after a build, which changes the quarantine's releases). */
export async function refreshLineageFile(db: string): Promise<void> {
  const { openWarehouse } = await import("../warehouse/warehouse.js");
  try {
    const warehouse = await openWarehouse(db);
    try {
      await writeLineageFile(warehouse.connection, db);
    } finally {
      await warehouse.close();
    }
  } catch (error) {
    console.error(`warning: could not write the lineage file: ${(error as Error).message}`);
  }
}
