/**
 * Incremental build part: on a copy of the built warehouse, one new month of social
 * insurance (the month after the latest, its rows those of the latest month: every unit
 * reporting again) is ingested as its own file, then `buildWarehouse` runs incrementally.
 * Reported as `build.incremental` (issue 17: ≤ 15 % of the full build's time at 1 M units).
 */
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { quoteLiteral } from "../../core/warehouse/sql-text.js";
import { buildWarehouse } from "../../etl/build/build-warehouse.js";
import { ingestPaths } from "../../etl/ingest/ingest.js";
import { DATASETS } from "../../etl/sources/index.js";
import { openWarehouse } from "../../etl/warehouse/warehouse.js";
import { peakRssMiB } from "../lib/stats.js";
import type { IncrementalBuildResult } from "../lib/types.js";
import { oneShotWorker, progress } from "../lib/worker-side.js";

export interface IncrementalBuildInput {
  readonly warehousePath: string;
  readonly fullSeconds: number;
}

oneShotWorker<IncrementalBuildInput, IncrementalBuildResult>(async (input) => {
  const copy = join(dirname(input.warehousePath), "incremental-copy.duckdb");
  const delivery = join(dirname(input.warehousePath), "incremental-month");
  rmSync(delivery, { recursive: true, force: true });
  mkdirSync(delivery, { recursive: true });
  copyFileSync(input.warehousePath, copy);
  let month = "";
  try {
    const warehouse = await openWarehouse(copy);
    try {
      const c = warehouse.connection;
      const [[latest, next]] = (
        await c.runAndReadAll(
          "select max(month)::varchar, strftime(max(month) + interval 1 month, '%Y-%m') from main.stg_si__contributions where month is not null",
        )
      ).getRowsJS() as [string, string][];
      month = next;
      const columns = DATASETS.si_contributions.columns.map((col) =>
        col.name === "ky" ? `${quoteLiteral(next)} as ky` : `${col.name}::varchar as ${col.name}`,
      );
      const file = join(delivery, `si_contributions.${next}.csv`);
      await c.run(
        `copy (select ${columns.join(", ")} from raw.si_contributions where util.parse_month(ky::varchar) = ${quoteLiteral(latest)}::date) to ${quoteLiteral(file)} (header)`,
      );
      progress(`build incremental: ingesting ${next} of social insurance`);
      const i0 = performance.now();
      const [report] = await ingestPaths(c, [file]);
      const ingestSeconds = (performance.now() - i0) / 1000;
      if (report.status !== "LOADED") throw new Error(`the new month was not loaded: ${report.status} ${report.message ?? ""}`);
      progress(`build incremental: building (${report.rowsLoaded.toLocaleString("en")} new rows)`);
      const built = await buildWarehouse(c, {
        onProgress: (step, done, total) => {
          if (!step.startsWith("test ")) progress(`build incremental ${String(done + 1).padStart(3)}/${total} ${step}`);
        },
      });
      const count = (action: string) => built.models.filter((m) => m.action === action).length;
      return {
        ok: true,
        month,
        rowsAdded: report.rowsLoaded,
        ingestSeconds,
        seconds: built.seconds,
        shareOfFull: built.seconds / input.fullSeconds,
        testsRun: built.testsRun,
        peakRssMiB: peakRssMiB(),
        models: { built: count("built"), partial: count("partial"), unchanged: count("unchanged"), skipped: count("skipped") },
        rebuilt: built.models
          .filter((m) => m.action !== "skipped")
          .map((m) => ({ model: m.model, action: m.action, reason: m.reason, ...(m.keys ? { partitions: m.keys } : {}), seconds: m.seconds })),
      };
    } finally {
      await warehouse.close();
    }
  } catch (error) {
    return {
      ok: false,
      error: error instanceof Error ? error.message : String(error),
      month,
      rowsAdded: 0,
      ingestSeconds: 0,
      seconds: 0,
      shareOfFull: Number.NaN,
      testsRun: 0,
      peakRssMiB: peakRssMiB(),
      models: { built: 0, partial: 0, unchanged: 0, skipped: 0 },
      rebuilt: [],
    };
  } finally {
    for (const path of [copy, `${copy}.wal`, `${copy}.lineage.json`]) rmSync(path, { force: true });
    rmSync(delivery, { recursive: true, force: true });
  }
});
