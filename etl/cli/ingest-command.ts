import { mkdirSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import type { BatchReport } from "../ingest/batch-report.js";
import { ingestPaths } from "../ingest/ingest.js";
import { ingestLimits } from "../ingest/ingest-settings.js";
import { writeLineageFile } from "../ingest/lineage-snapshot.js";
import { acquireLoadLock } from "../ingest/load-lock.js";
import { type DatasetId, isDatasetId } from "../sources/index.js";
import { openWarehouse, type Warehouse } from "../warehouse/warehouse.js";
import { formatTable } from "./format-table.js";
import { terminalProgress } from "./progress-bar.js";

export interface IngestCommandOptions {
  readonly paths: readonly string[];
  readonly db: string;
  readonly dataset?: string;
  readonly asOf?: string;
  readonly sheet?: string;
  /** Confirms re-deliveries that would take much of a period out of effect. */
  readonly replace?: boolean;
  /** Overrides MAX_COLUMNS for this run. */
  readonly maxColumns?: number;
}

/** `etl ingest`: loads files, prints one reconciliation line per file and a summary; exit 1 if a file was rejected whole. */
export async function ingestCommand(options: IngestCommandOptions): Promise<number> {
  if (options.dataset && !isDatasetId(options.dataset)) throw new Error(`unknown dataset "${options.dataset}"`);
  if (options.asOf && !/^\d{4}-\d{2}-\d{2}$/.test(options.asOf)) throw new Error(`--as-of must be a date yyyy-mm-dd, got "${options.asOf}"`);
  const limits = ingestLimits(process.env, options.maxColumns === undefined ? {} : { maxColumns: options.maxColumns });
  createWarehouseFolder(options.db);
  const release = acquireLoadLock(options.db, "ingest");
  let warehouse: Warehouse;
  try {
    warehouse = await openWarehouse(options.db);
  } catch (error) {
    release();
    throw error;
  }
  const progress = terminalProgress();
  try {
    const reports = await ingestPaths(warehouse.connection, options.paths, {
      dataset: options.dataset as DatasetId | undefined,
      asOf: options.asOf,
      sheet: options.sheet,
      replace: options.replace,
      limits,
      progress,
      onFile: (report) => {
        progress.stop();
        console.log(reconciliationLine(report));
      },
    });
    console.log(`\n${summaryTable(reports)}`);
    const rejectedWhole = reports.filter((r) => r.status === "REJECTED").length;
    const skipped = reports.filter((r) => r.status === "SKIPPED").length;
    console.log(
      `\n${reports.length} file(s): ${reports.length - rejectedWhole - skipped} loaded, ${skipped} skipped (already loaded), ${rejectedWhole} rejected whole.`,
    );
    return rejectedWhole ? 1 : 0;
  } finally {
    progress.stop();
    await writeLineageFile(warehouse.connection, options.db).catch((error: Error) =>
      console.error(`warning: could not write the lineage file: ${error.message}`),
    );
    await warehouse.close();
    release();
  }
}

/**
 * The first ingest creates the warehouse, and with it its folder (`data/` by default):
 * made here, before the lock file that lives beside the warehouse.
 */
function createWarehouseFolder(db: string): void {
  if (db === ":memory:") return;
  const folder = dirname(resolve(db));
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw new Error(`cannot create the warehouse's folder ${folder} for --db ${db}: ${(error as Error).message}`);
  }
}

export function reconciliationLine(r: BatchReport): string {
  const name = basename(r.file);
  if (r.status === "SKIPPED") return `SKIPPED   ${name}: ${r.message ?? "already loaded"}`;
  if (r.status === "REJECTED") return `REJECTED  ${name}: ${r.message ?? "rejected whole"}`;
  const reasons = Object.entries(r.rejectedByReason)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
  return (
    `LOADED    ${name} [${[r.dataset, r.encoding].filter(Boolean).join(", ")}] read ${r.rowsRead} = loaded ${r.rowsLoaded} + quarantined ${r.rowsRejected}` +
    (reasons ? ` (${reasons})` : "") +
    (r.rowsReplaced
      ? `; superseded ${r.rowsReplaced} earlier rows ${r.period ? `of ${r.period}` : "with the same keys"} (kept: npm run etl -- restore <batch> brings a batch back)`
      : "") +
    (r.unknownColumns?.length ? `; unknown columns kept: ${r.unknownColumns.join(", ")}` : "") +
    (r.message ? `; ${r.message}` : "")
  );
}

function summaryTable(reports: readonly BatchReport[]): string {
  return formatTable(
    ["file", "dataset", "status", "read", "loaded", "quarantined", "replaced", "seconds"],
    reports.map((r) => [basename(r.file), r.dataset, r.status, r.rowsRead, r.rowsLoaded, r.rowsRejected, r.rowsReplaced, r.seconds.toFixed(1)]),
  );
}
