/**
 * The API and its SQL endpoint as `npm start` runs them, in this process: a sample
 * province built into a temp folder, published as version 1, served by the warehouse
 * holder, the GraphQL API on a free port and the SQL endpoint on another, with keys made
 * in a temporary key store. Clients: node-postgres and Debian's psql.
 */
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import pg from "pg";
import type { DataScope, Role } from "../../core/access/principal.js";
import { type Logger, silentLogger } from "../../core/logger.js";
import { readSecurityConfig } from "../../core/settings/security-config.js";
import { buildWarehouse } from "../../etl/build/build-warehouse.js";
import { ingestPaths } from "../../etl/ingest/ingest.js";
import { generateSample } from "../../etl/sample/generate-sample.js";
import { openWarehouse } from "../../etl/warehouse/warehouse.js";
import { type App, createApp } from "../../server/app.js";
import { createSqlEndpoint, type SqlEndpoint } from "../../server/sql-endpoint/pg-server.js";
import { readSqlSettings } from "../../server/sql-endpoint/sql-settings.js";
import { type ServedWarehouse, serveWarehouse } from "../../server/warehouse/serve-warehouse.js";
import { makeTempDir } from "../helpers/temp-dir.js";

export interface SqlFixture {
  readonly dir: string;
  readonly warehousePath: string;
  readonly app: App;
  readonly graphqlUrl: string;
  readonly endpoint: SqlEndpoint;
  readonly sqlPort: number;
  readonly served: ServedWarehouse;
  /** Lines the server logged. */
  readonly log: string[];
  key(role: Role, scope?: DataScope): string;
  /** A connected node-postgres client (closed by `close()` if still open). */
  client(password: string): Promise<pg.Client>;
  graphql(token: string, query: string): Promise<any>;
  close(): Promise<void>;
}

/** Builds a sample warehouse file (closed) in `dir`. */
export async function buildSampleFile(dir: string, units: number, seed: number): Promise<string> {
  const sampleDir = join(dir, "sample");
  await generateSample({ outDir: sampleDir, units, seed });
  const path = join(dir, "warehouse.duckdb");
  const warehouse = await openWarehouse(path);
  try {
    const reports = await ingestPaths(warehouse.connection, [sampleDir]);
    const rejected = reports.filter((r) => r.status === "REJECTED");
    if (rejected.length) throw new Error(`sample files rejected: ${rejected.map((r) => r.message).join("; ")}`);
    await buildWarehouse(warehouse.connection);
    await warehouse.connection.run("checkpoint");
  } finally {
    await warehouse.close();
  }
  return path;
}

export async function startSqlFixture(
  options: { units?: number; seed?: number; timeoutMs?: number; maxRows?: number; demoMode?: boolean; env?: Record<string, string> } = {},
): Promise<SqlFixture> {
  const temp = makeTempDir("uap-sql-");
  const warehousePath = await buildSampleFile(temp.dir, options.units ?? 500, options.seed ?? 7);
  const log: string[] = [];
  const logger: Logger = { info: (m) => log.push(m), error: (m, e) => log.push(`ERROR ${m} ${e ?? ""}`) };
  const served = await serveWarehouse(warehousePath, { logger: silentLogger, env: { PUBLISH_DIR: join(temp.dir, "versions") } });
  const security = {
    ...readSecurityConfig({
      API_KEYS: join(temp.dir, "keys.json"),
      AUDIT_LOG: join(temp.dir, "audit.jsonl"),
      DASHBOARD_ALLOWLIST: "off",
      WAREHOUSE: warehousePath,
    }),
    demoMode: options.demoMode ?? false,
  };
  const timeoutMs = options.timeoutMs ?? 30_000;
  // The API keeps its default time limit (a busy machine must not fail the GraphQL side of a comparison); the endpoint gets `timeoutMs`.
  const app = await createApp({
    warehouse: served.source,
    limits: { queryTimeoutMs: 30_000, maxDepth: 10, maxComplexity: 100_000, responseCacheBytes: 0 },
    security,
    logger: silentLogger,
  });
  const url = await app.listen(0, "127.0.0.1");
  const settings = readSqlSettings({ SQL_PORT: "0", SQL_MAX_ROWS: String(options.maxRows ?? 1_000_000), ...options.env });
  const endpoint = createSqlEndpoint({ source: served.source, security: app.security, settings, queryTimeoutMs: timeoutMs, logger });
  const sqlPort = await endpoint.listen(0, "127.0.0.1");
  const clients: pg.Client[] = [];
  return {
    dir: temp.dir,
    warehousePath,
    app,
    graphqlUrl: `${url}graphql`,
    endpoint,
    sqlPort,
    served,
    log,
    key: (role, scope = { kind: "PROVINCE" }) => app.security.keys.create({ role, scope, actor: "test" }).token,
    async client(password) {
      const client = new pg.Client({ host: "127.0.0.1", port: sqlPort, user: "analyst", database: "warehouse", password });
      client.on("error", () => {});
      clients.push(client);
      await client.connect();
      return client;
    },
    async graphql(token, query) {
      const response = await fetch(`${url}graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      });
      return response.json();
    },
    async close() {
      await Promise.all(clients.map((c) => c.end().catch(() => {})));
      await endpoint.close();
      await app.stop();
      await served.close();
      temp.remove();
    },
  };
}

/**
 * Runs psql with the key as password; its exit code, output and errors. Asynchronous: the
 * server answering it runs in this process.
 */
export function psql(port: number, password: string, args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "any", "-d", "warehouse", "-X", "-v", "ON_ERROR_STOP=1", ...args], {
      env: { ...process.env, PGPASSWORD: password, PGCONNECT_TIMEOUT: "10", PGSSLMODE: "disable" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** Whether psql is installed; in CI its absence is a failure, not a skip. */
export function psqlAvailable(): boolean {
  const found = spawnSync("psql", ["--version"], { encoding: "utf8" });
  if (found.status === 0) return true;
  if (process.env.CI === "true")
    throw new Error("psql (Debian's postgresql-client) is not installed: .ci/run installs it; the SQL endpoint's psql tests cannot run");
  return false;
}
