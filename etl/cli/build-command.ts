import { existsSync } from "node:fs";
import { linkDecisionsPathFor } from "../../core/records/link-decision-log.js";
import { type BuildConfig, readBuildConfig } from "../../core/settings/build-config.js";
import { formatDisplayTime, readDisplayTimeZone } from "../../core/settings/display-time.js";
import { ConfigError } from "../../core/settings/server-config.js";
import { type BuildReport, buildWarehouse } from "../build/build-warehouse.js";
import { openWarehouse } from "../warehouse/warehouse.js";
import { terminalProgress } from "./progress-bar.js";

export interface BuildCommandOptions {
  readonly db: string;
  /** The whole report as JSON on stdout (every model's time and rows, every data test) instead of the summary. */
  readonly json?: boolean;
  /** Build every model whole, not only what changed since the last build. */
  readonly full?: boolean;
}

/**
 * Exit code 2 and a message when there is no warehouse at `db`: opening a missing file would
 * create an empty warehouse and "build" nothing from it. Null when there is one.
 */
export function refuseMissingWarehouse(db: string): number | null {
  if (db === ":memory:" || existsSync(db)) return null;
  console.error(
    `error: no warehouse at ${db}: there is nothing to build yet. Load data into it first with \`npm run etl -- ingest <dir> --db ${db}\` (or give --db the warehouse you ingested into).`,
  );
  return 2;
}

/**
 * `etl build`: raw → staging → intermediate → marts, each model committed into a shadow
 * table, then the data tests, then one short transaction swaps the new tables in
 * (etl/build/build-warehouse.ts). Memory: BUILD_MEMORY_LIMIT, BUILD_TEMP_DIR, BUILD_THREADS.
 */
export async function buildCommand(options: BuildCommandOptions): Promise<number> {
  const { db } = options;
  const refused = refuseMissingWarehouse(db);
  if (refused !== null) return refused;
  let zone: string;
  let settings: BuildConfig;
  try {
    zone = readDisplayTimeZone();
    settings = readBuildConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`error: ${error.problems.join("; ")}`);
    return 2;
  }
  const warehouse = await openWarehouse(db);
  const progress = terminalProgress({ milestones: 4 });
  try {
    const report = await buildWarehouse(warehouse.connection, {
      linkDecisionsFile: linkDecisionsPathFor(db),
      settings,
      full: options.full,
      onProgress: (step, done, total) => progress.update(`build: ${step}`, total ? done / total : 0),
    });
    progress.stop();
    if (options.json) console.log(JSON.stringify(report, (_k, v) => (typeof v === "bigint" ? Number(v) : v), 2));
    else console.log(buildSummary(report, db, zone));
    return 0;
  } catch (error) {
    progress.stop();
    console.error(`Build failed; the previous build is unchanged.\n${(error as Error).message}`);
    return 1;
  } finally {
    await warehouse.close();
  }
}

/** A few lines for people: what was built and why, the tests, the time, where. */
export function buildSummary(report: BuildReport, db: string, zone: string): string {
  const failed = report.tests.filter((t) => t.failures > 0).length;
  const layers = new Map<string, number>();
  for (const m of report.models) layers.set(m.layer, (layers.get(m.layer) ?? 0) + 1);
  const martRows = report.rowsByModel.mart_unit_year;
  const finished = new Date(report.startedAt.getTime() + report.seconds * 1000);
  const n = (value: number) => value.toLocaleString("en-US");
  const by = (action: string) => report.models.filter((m) => m.action === action);
  const rebuilt = report.models.filter((m) => m.action !== "skipped");
  const kinds = `${[...layers].map(([layer, count]) => `${layer} ${count}`).join(", ")}`;
  const what = report.full
    ? [`  models built: ${n(report.models.length)} (${kinds}), every one whole (${report.fullReason ?? "--full"})`]
    : [
        `  models built: ${n(report.models.length)} (${kinds}), incremental: ${n(by("built").length)} rebuilt whole, ${n(by("partial").length)} in part, ${n(by("unchanged").length)} rebuilt with the same result, ${n(by("skipped").length)} skipped (no input changed)`,
        ...rebuilt.map((m) => `    ${m.model.padEnd(34)} ${describeAction(m)}`),
      ];
  return [
    `Built ${db} in ${report.seconds.toFixed(1)} s, finished ${formatDisplayTime(finished, zone)}.`,
    ...what,
    `  data tests:   ${n(report.testsRun - failed)} passed, ${n(failed)} failed${report.testsSkipped ? `, ${n(report.testsSkipped)} not run (their tables were kept as they were)` : ""}`,
    `  memory:       DuckDB limit ${report.settings.memoryLimit} (BUILD_MEMORY_LIMIT), ${report.settings.threads} thread(s), spilling to ${report.settings.tempDirectory}`,
    ...(martRows === undefined ? [] : [`  unit-years:   ${n(Number(martRows))} in mart_unit_year`]),
    `Every model's time, rows and reason, and every data test: add --json.${report.full ? "" : " Everything whole: --full."}`,
  ].join("\n");
}

/** `in part (year 2025; unit 1,220 keys): int_si_unit_months changed, 0.4 s`. */
function describeAction(model: BuildReport["models"][number]): string {
  // a dimension the change reached no key of is left out (e.g. a link key whose link did not change)
  const reached = Object.entries(model.keys ?? {}).filter(([, k]) => k.count > 0);
  const keys = reached.length
    ? ` (${reached.map(([dim, k]) => `${dim} ${k.count <= 3 ? k.values.join(", ") : `${k.count.toLocaleString("en-US")} keys`}`).join("; ")})`
    : "";
  const label = { built: "whole", partial: "in part", unchanged: "same result", skipped: "skipped" }[model.action];
  return `${label}${keys}: ${model.reason}, ${model.seconds.toFixed(1)} s`;
}
