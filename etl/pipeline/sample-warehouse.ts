import { cpSync, existsSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { linkDecisionsPathFor } from "../../core/records/link-decision-log.js";
import { buildWarehouse } from "../build/build-warehouse.js";
import { ingestPaths } from "../ingest/ingest.js";
import { generateSample } from "../sample/generate-sample.js";
import { openWarehouse } from "../warehouse/warehouse.js";

export interface SampleWarehouseOptions {
  readonly units?: number;
  readonly seed?: number;
  readonly onProgress?: (step: string) => void;
  /** The build's steps (one per model and data test); they go to onProgress, one line each, when not given. */
  readonly onBuildProgress?: (step: string, done: number, total: number) => void;
}

/** Where the sample warehouse keeps its ground truth: `sample-truth/` beside it. */
export function sampleTruthDirFor(warehousePath: string): string {
  return join(dirname(warehousePath), "sample-truth");
}

/**
 * Makes the sample warehouse at `path` unless it exists: generate the sample province,
 * ingest it, build the marts. Built beside the target and renamed at the end, so an
 * interrupted first start never leaves a half-built warehouse behind.
 */
export async function ensureSampleWarehouse(path: string, options: SampleWarehouseOptions = {}): Promise<boolean> {
  if (existsSync(path)) return false;
  const say = options.onProgress ?? (() => {});
  const sampleDir = mkdtempSync(join(tmpdir(), "uap-sample-"));
  const building = join(dirname(path), `.building-${process.pid}.duckdb`);
  try {
    say(`generating the sample province in ${sampleDir}`);
    await generateSample({ outDir: sampleDir, units: options.units, seed: options.seed });
    const warehouse = await openWarehouse(building);
    try {
      say("ingesting the sample files");
      const reports = await ingestPaths(warehouse.connection, [sampleDir], {
        onFile: (r) => say(`  ${r.status.padEnd(8)} ${r.file.split("/").pop()} (${r.rowsLoaded} loaded, ${r.rowsRejected} quarantined)`),
      });
      const rejected = reports.filter((r) => r.status === "REJECTED");
      if (rejected.length) throw new Error(`sample files rejected: ${rejected.map((r) => r.message).join("; ")}`);
      say("building the warehouse models");
      await buildWarehouse(warehouse.connection, {
        linkDecisionsFile: linkDecisionsPathFor(path),
        onProgress: options.onBuildProgress ?? ((step, done, total) => say(`  build ${done}/${total}: ${step}`)),
      });
      await warehouse.connection.run("checkpoint");
    } finally {
      await warehouse.close();
    }
    renameSync(building, path);
    // the ground truth beside it, for `etl link-report` (README "Linking")
    cpSync(join(sampleDir, "_truth"), sampleTruthDirFor(path), { recursive: true });
    return true;
  } finally {
    rmSync(sampleDir, { recursive: true, force: true });
    rmSync(building, { force: true });
    rmSync(`${building}.wal`, { force: true });
  }
}
