import "reflect-metadata";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { openWarehouse } from "../etl/warehouse/warehouse.js";
import type { Database } from "../queries/database.js";
import { createApp } from "./app.js";
import { ConfigError, readConfig } from "./config.js";
import { consoleLogger } from "./logger.js";

/**
 * `npm start`: reads the settings (PORT, WAREHOUSE, QUERY_TIMEOUT_MS, MAX_DEPTH,
 * MAX_COMPLEXITY, HOST), builds the sample warehouse when the file does not exist,
 * opens it read-only and serves the API.
 */
async function main(): Promise<number> {
  let config;
  try {
    config = readConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const path = resolve(config.warehousePath);
  if (!existsSync(path) && !(await buildSampleWarehouse(path))) return 1;

  const warehouse = await openWarehouse<Database>(path, { readOnly: true });
  const app = await createApp({ warehouse, limits: config, logger: consoleLogger });
  const url = await app.listen(config.port, config.host);
  console.log(`Union Analytics API on warehouse ${path}`);
  console.log(`  GraphQL: ${url}graphql`);
  console.log(`  health:  ${url}health`);

  await new Promise<void>((done) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => done());
  });
  console.log("stopping…");
  await app.stop();
  await warehouse.close();
  return 0;
}

/** Generates, ingests and builds the sample province into `path`; false (with a message) when that is not possible. */
async function buildSampleWarehouse(path: string): Promise<boolean> {
  console.log(`No warehouse at ${path}: building the sample province (generate, ingest, build); this takes a moment.`);
  let ensureSampleWarehouse: typeof import("../etl/pipeline/sample-warehouse.js").ensureSampleWarehouse;
  try {
    ({ ensureSampleWarehouse } = await import("../etl/pipeline/sample-warehouse.js"));
  } catch (error) {
    console.error(
      `Cannot build the sample warehouse: the ETL pipeline (etl/pipeline/sample-warehouse.ts) could not be loaded (${(error as Error).message}).\n` +
        "Build a warehouse with `npm run etl -- ingest <dir>` and `npm run etl -- build`, or point WAREHOUSE at an existing file.",
    );
    return false;
  }
  const started = Date.now();
  await ensureSampleWarehouse(path, { onProgress: (step) => console.log(`  ${step}`) });
  console.log(`Sample warehouse ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return true;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("The API stopped on an unexpected error:", error);
    process.exit(1);
  },
);
