import { basename } from "node:path";
import { PublishFailedError, type PublishReport, publishWarehouse, versionsDirFor } from "../../core/warehouse/versions.js";

export interface PublishCommandOptions {
  readonly db: string;
  /** The versions folder (default `$PUBLISH_DIR`, else `versions/` beside the warehouse). */
  readonly versionsDir?: string;
  readonly keep?: number;
  /** Also write the exposed relations as Hive-partitioned Parquet with a manifest into this folder (etl/lake/write-lake.ts). */
  readonly parquet?: string;
}

/**
 * `etl publish` (and `etl build --publish`): copies the warehouse to the next version and
 * points CURRENT at it; running servers switch to it. Exit 1, CURRENT unchanged, when it fails.
 */
export async function publishCommand(options: PublishCommandOptions): Promise<number> {
  const versionsDir = options.versionsDir ?? versionsDirFor(options.db);
  try {
    const report = await publishWarehouse(options.db, { versionsDir, keep: options.keep });
    console.log(publishedLine(report));
    if (options.parquet) {
      const { writeLake } = await import("../lake/write-lake.js");
      const started = Date.now();
      const manifest = await writeLake({
        warehouseFile: report.path,
        dir: options.parquet,
        version: report.published.version,
        publishedAt: report.published.publishedAt,
      });
      const rows = manifest.relations.map((r) => `${r.name} ${r.rows} rows in ${r.partitions} partitions`).join(", ");
      console.log(
        `LAKE version ${report.published.version} → ${options.parquet} (${((Date.now() - started) / 1000).toFixed(1)} s): ${rows}; manifest ${options.parquet}/manifest.json`,
      );
      if (manifest.skipped.length) console.log(`  not in this version: ${manifest.skipped.join(", ")}`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof PublishFailedError)) throw error;
    console.error(`NOT PUBLISHED  ${error.message}\nThe version servers use (${versionsDir}/CURRENT) is unchanged.`);
    return 1;
  }
}

export function publishedLine(r: PublishReport): string {
  const mib = (r.published.bytes / 2 ** 20).toFixed(1);
  return (
    `PUBLISHED version ${r.published.version}: ${r.path} (${mib} MiB, ${r.published.martRows} rows of mart_unit_year, ${r.seconds.toFixed(1)} s); ` +
    `CURRENT → ${r.published.file}${r.previous ? ` (was version ${r.previous})` : ""}` +
    (r.deleted.length ? `; deleted ${r.deleted.map((f) => basename(f)).join(", ")}` : "") +
    (r.held.length ? `; kept for running servers: version ${r.held.join(", ")}` : "")
  );
}
