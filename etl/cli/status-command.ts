import { existsSync } from "node:fs";
import { type LineageSnapshot, lineageFilePath, readLineageFile, readLineageSnapshot } from "../ingest/lineage-snapshot.js";
import { readLoadLock } from "../ingest/load-lock.js";
import { openWarehouse } from "../warehouse/warehouse.js";
import { formatTable } from "./format-table.js";

/**
 * `etl status`: rows in effect and superseded per dataset, the last batches, the
 * quarantine. It never waits for or takes the writer's lock: while a load or build runs
 * (its lock file names a live process) it reads the lineage file the last one wrote.
 */
export async function statusCommand(db: string): Promise<number> {
  const lock = readLoadLock(db);
  if (lock.state === "running") {
    console.log(`A load is running: ${lock.command} (pid ${lock.pid}), started ${lock.startedAt}.`);
    return printFromFile(db, "the figures below are from before it started");
  }
  if (lock.state === "stale") {
    console.log(`A stale lock (${lock.command}, pid ${lock.pid}, no longer running) was left by a load that did not finish; the next load replaces it.`);
  }
  if (!existsSync(db)) throw new Error(`no warehouse at ${db} (npm run etl -- ingest <files> --db ${db} makes one)`);
  let snapshot: LineageSnapshot;
  try {
    const warehouse = await openWarehouse(db, { readOnly: true });
    try {
      snapshot = await readLineageSnapshot(warehouse.connection);
    } finally {
      await warehouse.close();
    }
  } catch (error) {
    // Another process writes the warehouse without our lock file (a publish, an older CLI).
    if (!/lock/i.test((error as Error).message)) throw error;
    console.log("The warehouse is open for writing by another process.");
    return printFromFile(db, "the figures below are from the last finished load or build");
  }
  printSnapshot(snapshot);
  return 0;
}

function printFromFile(db: string, note: string): number {
  const snapshot = readLineageFile(db);
  if (!snapshot) {
    console.log(`No lineage file yet (${lineageFilePath(db)}): it is written when a load or build finishes.`);
    return 0;
  }
  console.log(`${note[0].toUpperCase()}${note.slice(1)} (${lineageFilePath(db)}, written ${snapshot.writtenAt}).\n`);
  printSnapshot(snapshot);
  return 0;
}

function printSnapshot(s: LineageSnapshot): void {
  console.log("Rows by dataset: only rows in effect count; superseded rows are kept for `etl restore`\n");
  console.log(
    formatTable(
      ["dataset", "rows in effect", "superseded", "last file", "status", "finished"],
      s.datasets.map((d) => [
        d.dataset,
        d.rowsInEffect,
        d.rowsSuperseded,
        d.lastBatch?.fileName ?? "-",
        d.lastBatch?.status ?? "-",
        d.lastBatch?.finished ?? "-",
      ]),
    ),
  );
  console.log("\nLast batches\n");
  console.log(
    formatTable(
      ["batch", "dataset", "file", "status", "read", "loaded", "quarantined", "replaced", "finished"],
      s.recentBatches.map((b) => [b.batchId, b.dataset, b.fileName, b.status, b.rowsRead, b.rowsLoaded, b.rowsRejected, b.rowsReplaced, b.finished]),
    ),
  );
  console.log("\nQuarantine\n");
  console.log(
    formatTable(
      ["dataset", "reason", "rows", "released"],
      s.quarantine.map((q) => [q.dataset, q.reason, q.rows, q.released]),
    ),
  );
  if (s.restores.length) {
    console.log("\nRestores\n");
    console.log(
      formatTable(
        ["restore", "batch", "dataset", "rows restored", "rows superseded", "at"],
        s.restores.map((r) => [r.restoreId, r.batchId, r.dataset, r.rowsRestored, r.rowsSuperseded, r.at]),
      ),
    );
  }
}
