import "reflect-metadata";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { keyFileProblem } from "../core/access/key-file-guard.js";
import { consoleLogger } from "../core/logger.js";
import { formatDisplayTime, readDisplayTimeZone } from "../core/settings/display-time.js";
import { readSecurityConfig } from "../core/settings/security-config.js";
import { ConfigError, readConfig } from "../core/settings/server-config.js";
import { applyFileModeUmask, FileModeError, fileMode } from "../core/warehouse/file-mode.js";
import { readCurrentVersion, versionsDirFor } from "../core/warehouse/versions.js";
import { terminalProgress } from "../etl/cli/progress-bar.js";
import { createApp } from "./app.js";
import { DEMO_BANNER, inDemoMode, isUntouchedSample, markSampleWarehouse } from "./auth/demo-mode.js";
import { readHttpSettings } from "./http-settings.js";
import { readSqlSettings } from "./sql-endpoint/sql-settings.js";
import { SqlEndpointStartError, startSqlEndpoint } from "./sql-endpoint/start-sql-endpoint.js";
import { readReloadSettings } from "./warehouse/reload-settings.js";
import { serveWarehouse } from "./warehouse/serve-warehouse.js";

/**
 * `npm start`: reads the settings (PORT, WAREHOUSE, QUERY_TIMEOUT_MS, MAX_DEPTH,
 * MAX_COMPLEXITY, RESPONSE_CACHE_MB, HOST, the slow-client ones of server/http-settings.ts,
 * FILE_MODE, DISPLAY_TIME_ZONE (core/settings/display-time.ts), and the security ones of core/settings/security-config.ts), refuses a key store
 * others may write (core/access/key-file-guard.ts),
 * builds the sample warehouse when the file does not exist (and then serves it in demo
 * mode), and serves the API on its published versions (core/warehouse/versions.ts),
 * switching to each new one the ETL publishes (server/warehouse/warehouse-holder.ts).
 */
async function main(): Promise<number> {
  // Every bad setting at once, the server's and the security's.
  const problems: string[] = [];
  const settings = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  const config = settings(() => readConfig());
  let security = settings(() => readSecurityConfig());
  const reload = settings(() => readReloadSettings());
  const sqlSettings = settings(() => readSqlSettings()); // SQL_PORT, SQL_TLS_CERT/KEY, SQL_MAX_ROWS (server/sql-endpoint)
  const http = settings(() => readHttpSettings());
  const zone = settings(() => readDisplayTimeZone());
  const mode = settings(() => {
    try {
      return fileMode();
    } catch (error) {
      throw error instanceof FileModeError ? new ConfigError([error.message]) : error;
    }
  });
  if (!config || !security || !reload || !http || mode === undefined || !zone) {
    console.error(new ConfigError(problems).message);
    return 2;
  }
  const unsafe = keyFileProblem(security.keyStorePath);
  if (unsafe) {
    console.error(`Refusing to start: ${unsafe}`);
    return 3;
  }
  // Every file this server creates (a sample warehouse, its versions, DuckDB's own files, the audit log) is its owner's only.
  applyFileModeUmask(mode);
  if (!sqlSettings) {
    console.error(new ConfigError(problems).message);
    return 2;
  }
  const path = resolve(config.warehousePath);
  if (!existsSync(path) && !readCurrentVersion(versionsDirFor(path))) {
    if (!(await buildSampleWarehouse(path))) return 1;
    markSampleWarehouse(path);
  }
  // Demo mode: DEMO_MODE=1, or the sample warehouse this command built (and nothing loaded into since).
  if (isUntouchedSample(path)) security = inDemoMode(security);

  const served = await serveWarehouse(path, { pollMs: reload.pollMs, logger: consoleLogger, open: { memoryLimit: config.duckdbMemoryLimit } });
  // Listen for SIGINT/SIGTERM before anything is served: a signal that comes while the SQL
  // endpoint starts (right after the banner) still stops everything cleanly, exit 0.
  const stopRequested = new Promise<void>((done) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => done());
  });
  const app = await createApp({ warehouse: served.source, limits: config, security, http, logger: consoleLogger });
  let url: string;
  try {
    url = await app.listen(config.port, config.host);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    // One line an operator can act on, not a stack trace.
    console.error(`port ${config.port} is in use; set PORT to another port`);
    await app.stop();
    await served.close();
    return 1;
  }
  console.log(`Union Analytics API on warehouse ${path}, started ${formatDisplayTime(new Date(), zone)}`);
  console.log(`  serving: ${served.description}`);
  console.log(`  dashboard: ${url}`);
  console.log(`  GraphQL: ${url}graphql`);
  console.log(`  health:  ${url}health`);
  const sql = await startSqlEndpoint({
    settings: sqlSettings,
    portConfigured: Boolean(process.env.SQL_PORT?.trim()),
    source: served.source,
    security: app.security,
    queryTimeoutMs: config.queryTimeoutMs,
    memoryLimit: config.duckdbMemoryLimit,
    host: config.host,
    logger: consoleLogger,
  });
  console.log(`  SQL:     ${sql.description}`);
  if (security.demoMode) console.log(`  ${DEMO_BANNER}`);
  else
    console.log(
      `  API keys: ${resolve(security.keyStorePath)} (${app.security.keys.keys().filter((k) => !k.revokedAt).length} active); audit log: ${resolve(security.auditLogPath)}`,
    );

  await stopRequested;
  console.log("stopping…");
  await sql.close();
  await app.stop();
  await served.close();
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
  // The build's steps as one bar (a few milestone lines when stdout is not a terminal).
  const progress = terminalProgress({ stream: process.stdout, milestones: 4 });
  try {
    await ensureSampleWarehouse(path, {
      onProgress: (step) => console.log(`  ${step}`),
      onBuildProgress: (step, done, total) => progress.update(`build ${done}/${total}: ${step}`, total ? done / total : 0),
    });
  } finally {
    progress.stop();
  }
  console.log(`Sample warehouse ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return true;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof SqlEndpointStartError) {
      console.error(error.message);
      process.exit(1);
    }
    console.error("The API stopped on an unexpected error:", error);
    process.exit(1);
  },
);
