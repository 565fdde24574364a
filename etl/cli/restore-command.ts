import { AuditLog, currentActor } from "../../core/records/audit-log.js";
import { securityFilesBeside } from "../../core/settings/security-config.js";
import { writeLineageFile } from "../ingest/lineage-snapshot.js";
import { acquireLoadLock } from "../ingest/load-lock.js";
import { plural } from "../ingest/replacement.js";
import { RestoreRefusedError, type RestoreReport, restoreBatch } from "../ingest/restore-batch.js";
import { openWarehouse } from "../warehouse/warehouse.js";

/**
 * `etl restore <batch>`: a superseded batch's rows in effect again; exit 1 when there is
 * nothing to restore. Recorded in lineage.restores and in the audit log (RESTORE).
 */
export async function restoreCommand(options: { readonly db: string; readonly batch: string | undefined }): Promise<number> {
  if (!options.batch || !/^\d+$/.test(options.batch))
    throw new Error(`restore needs a batch number (npm run etl -- status lists the recent batches), got "${options.batch ?? ""}"`);
  const batchId = Number(options.batch);
  const actor = currentActor();
  const release = acquireLoadLock(options.db, "restore");
  let outcome: { report?: RestoreReport; error?: Error } = {};
  try {
    const warehouse = await openWarehouse(options.db);
    try {
      outcome = { report: await restoreBatch(warehouse.connection, batchId, actor) };
      await writeLineageFile(warehouse.connection, options.db).catch((error: Error) =>
        console.error(`warning: could not write the lineage file: ${error.message}`),
      );
    } catch (error) {
      outcome = { error: error as Error };
      if (!(error instanceof RestoreRefusedError)) throw error;
    } finally {
      await warehouse.close();
    }
  } finally {
    release();
    audit(options.db, actor, batchId, outcome);
  }
  if (outcome.error || !outcome.report) {
    console.error(`Nothing restored: ${outcome.error?.message ?? "no report"}.`);
    return 1;
  }
  console.log(restoredLine(outcome.report));
  return 0;
}

export function restoredLine(r: RestoreReport): string {
  const keys = r.replaceKeys.length <= 6 ? r.replaceKeys.join(", ") : `${r.replaceKeys.slice(0, 6).join(", ")} and ${r.replaceKeys.length - 6} more`;
  const from = r.supersededBatches.length ? ` of ${plural(r.supersededBatches.length, "batch")} ${r.supersededBatches.join(", ")}` : "";
  return (
    `RESTORED  batch ${r.batchId} (${r.fileName}, ${r.dataset}; ${keys}): ${r.rowsRestored} ${plural(r.rowsRestored, "row")} in effect again; ` +
    `${r.rowsSuperseded} ${plural(r.rowsSuperseded, "row")}${from} superseded in turn (restore ${r.supersededBatches[0] ?? "that batch"} to undo). Run npm run etl -- build to rebuild the models.`
  );
}

function audit(db: string, actor: string, batchId: number, outcome: { report?: RestoreReport; error?: Error }): void {
  const log = new AuditLog(process.env.AUDIT_LOG?.trim() || securityFilesBeside(db).AUDIT_LOG);
  try {
    const r = outcome.report;
    log.append({
      action: "RESTORE",
      actor,
      target: db,
      outcome: r ? "OK" : "FAILED",
      details: {
        command: "restore",
        batch: batchId,
        ...(r
          ? {
              restoreId: r.restoreId,
              dataset: r.dataset,
              rowsRestored: r.rowsRestored,
              rowsSuperseded: r.rowsSuperseded,
              supersededBatches: r.supersededBatches,
            }
          : {}),
        ...(outcome.error ? { error: outcome.error.message } : {}),
      },
    });
  } catch (failure) {
    console.error(`warning: could not write the audit log ${log.path}: ${(failure as Error).message}`);
  }
}
