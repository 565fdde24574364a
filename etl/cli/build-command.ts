import { buildWarehouse } from "../build/build-warehouse.js";
import { linkDecisionsPathFor } from "../link/decision-log.js";
import { openWarehouse } from "../warehouse/warehouse.js";
import { terminalProgress } from "./progress-bar.js";

/** `etl build`: raw → staging → intermediate → marts in one transaction, then the data tests. */
export async function buildCommand(db: string): Promise<number> {
  const warehouse = await openWarehouse(db);
  const progress = terminalProgress();
  try {
    const started = Date.now();
    const report = await buildWarehouse(warehouse.connection, {
      linkDecisionsFile: linkDecisionsPathFor(db),
      onProgress: (step, done, total) => progress.update(`build: ${step}`, total ? done / total : 0),
    });
    progress.stop();
    console.log(JSON.stringify(report, (_k, v) => (typeof v === "bigint" ? Number(v) : v), 2));
    console.log(`\nBuild finished in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return 0;
  } catch (error) {
    progress.stop();
    console.error(`Build failed; the previous build is unchanged.\n${(error as Error).message}`);
    return 1;
  } finally {
    await warehouse.close();
  }
}
