/**
 * The default sample province as a new user meets it, for the README's example outputs
 * (scripts/docs/docs-main.ts, test/docs/readme-outputs.test.ts): the README's round trip
 * run with the real CLI (`etl sample`, `ingest`, `build`, `ingest` again, `status`; then
 * `link-report` on the ground truth kept beside the warehouse, as `npm start` keeps it),
 * each command's output recorded; then the warehouse served as `npm start` serves the
 * sample it builds: published as version 1, demo mode, the GraphQL API and the SQL
 * endpoint on free local ports. The sample is the default one (4,000 units, seed 1,
 * 2019–2025), the one `npm start` builds.
 */
import "reflect-metadata";
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { DataScope, Role } from "../../core/access/principal.js";
import { silentLogger } from "../../core/logger.js";
import { readSecurityConfig } from "../../core/settings/security-config.js";
import { readConfig } from "../../core/settings/server-config.js";
import { type App, createApp } from "../../server/app.js";
import { createSqlEndpoint, type SqlEndpoint } from "../../server/sql-endpoint/pg-server.js";
import { readSqlSettings } from "../../server/sql-endpoint/sql-settings.js";
import { type ServedWarehouse, serveWarehouse } from "../../server/warehouse/serve-warehouse.js";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The README's paths in its round trip, and where they are in the sample's folder. */
const README_PATHS: Readonly<Record<string, string>> = { "/tmp/s": "s", "/tmp/w.duckdb": "data/warehouse.duckdb" };

/** The README's round trip (section "Commands"), in order; `link-report` follows on the warehouse `npm start` would serve. */
export const ROUND_TRIP: readonly string[] = [
  "sample --out /tmp/s",
  "ingest /tmp/s --db /tmp/w.duckdb",
  "build --db /tmp/w.duckdb",
  "ingest /tmp/s --db /tmp/w.duckdb",
  "status --db /tmp/w.duckdb",
  "link-report",
];
/** The commands that make the warehouse; the rest run while the API answers. */
const BUILD_STEPS = 3;

export interface CommandRun {
  readonly args: string;
  readonly code: number;
  /** What the command printed: stdout, then stderr without the progress lines a terminal draws over. */
  readonly output: string;
}

export interface DocsSample {
  /** The sample's folder: `s/` (the sample files), `data/warehouse.duckdb`, `data/sample-truth/`, `data/versions/`. */
  readonly dir: string;
  /** POSTs one operation to /graphql (demo mode: no key, unless `token`) and answers the response body. */
  graphql(query: string, options?: GraphqlOptions): Promise<Record<string, unknown>>;
  /** The output of the `occurrence`-th run of a round-trip command, as written in the README (`ingest /tmp/s --db /tmp/w.duckdb`). */
  etl(args: string, occurrence?: number): Promise<CommandRun>;
  /** Runs the CLI (`npm run etl -- <args>`) in another folder (cwd); paths in the output as they are. */
  etlIn(cwd: string, args: readonly string[], env?: NodeJS.ProcessEnv): Promise<CommandRun>;
  /** psql's output for one statement (a backslash command too), with an ANALYST key of the province (or `token`). */
  psql(statement: string, token?: string): Promise<string>;
  /** Rows of one statement through the SQL endpoint (node-postgres). */
  sqlRows(statement: string, token?: string): Promise<Record<string, unknown>[]>;
  /** A new API key in the served key store. */
  key(role: Role, scope?: DataScope): string;
  close(): Promise<void>;
}

export interface GraphqlOptions {
  readonly variables?: Readonly<Record<string, unknown>>;
  readonly operationName?: string;
  /** An API key; none: demo mode's province-wide ANALYST. */
  readonly token?: string;
}

export interface DocsSampleOptions {
  /** A folder to keep the sample in between runs (reused when it holds a finished one; delete it after changing the ETL); a temporary one when not given. */
  readonly keepIn?: string;
  readonly onProgress?: (line: string) => void;
}

const RUNS_FILE = "docs-runs.json";

export async function startDocsSample(options: DocsSampleOptions = {}): Promise<DocsSample> {
  const dir = options.keepIn ? resolve(options.keepIn) : mkdtempSync(join(tmpdir(), "uap-docs-"));
  const say = options.onProgress ?? (() => {});
  const warehousePath = join(dir, README_PATHS["/tmp/w.duckdb"]);
  const runsPath = join(dir, RUNS_FILE);
  const kept = existsSync(runsPath) && existsSync(warehousePath) ? (JSON.parse(readFileSync(runsPath, "utf8")) as CommandRun[]) : null;
  const runs: CommandRun[] = kept ?? [];

  const etlIn = (cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) => runCli(cwd, args, env);
  const roundTripStep = async (args: string) => {
    say(`npm run etl -- ${args}`);
    const mapped = args.split(" ").map((a) => (README_PATHS[a] ? join(dir, README_PATHS[a]) : a));
    const run = await etlIn(dir, mapped);
    let output = run.output;
    for (const [readme, local] of Object.entries(README_PATHS)) output = output.split(join(dir, local)).join(readme);
    const recorded = { args, code: run.code, output };
    runs.push(recorded);
    if (run.code !== 0) throw new Error(`npm run etl -- ${args} failed (exit ${run.code}):\n${run.output}`);
    return recorded;
  };

  if (!kept) {
    rmSync(join(dir, "data"), { recursive: true, force: true });
    rmSync(join(dir, "s"), { recursive: true, force: true });
    mkdirSync(dirname(warehousePath), { recursive: true });
    try {
      for (const args of ROUND_TRIP.slice(0, BUILD_STEPS)) await roundTripStep(args);
    } catch (error) {
      if (!options.keepIn) rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }
  // served as `npm start` serves the sample it built: published as version 1, read by the warehouse holder, demo mode
  const served: ServedWarehouse = await serveWarehouse(warehousePath, { logger: silentLogger, env: {} });
  const security = readSecurityConfig({
    DEMO_MODE: "1",
    WAREHOUSE: warehousePath,
    DASHBOARD_ALLOWLIST: "off",
    RATE_LIMIT_PER_MINUTE: "1000000",
  });
  const errors: string[] = [];
  const logger = { info: () => {}, error: (message: string, error?: unknown) => errors.push(`${message} ${error instanceof Error ? error.message : ""}`) };
  const app: App = await createApp({ warehouse: served.source, limits: readConfig({}), security, logger });
  const url = await app.listen(0, "127.0.0.1");
  const endpoint: SqlEndpoint = createSqlEndpoint({
    source: served.source,
    security: app.security,
    settings: readSqlSettings({ SQL_PORT: "0" }),
    queryTimeoutMs: 60_000,
    logger: silentLogger,
  });
  const sqlPort = await endpoint.listen(0, "127.0.0.1");
  const analyst = app.security.keys.create({ role: "ANALYST", scope: { kind: "PROVINCE" }, actor: "docs" }).token;

  // the rest of the round trip runs while the API answers
  const rest: Promise<void> = kept
    ? Promise.resolve()
    : (async () => {
        await roundTripStep(ROUND_TRIP[BUILD_STEPS]); // ingest again
        // `npm start` keeps the sample's ground truth beside the warehouse, for link-report
        cpSync(join(dir, "s", "_truth"), join(dirname(warehousePath), "sample-truth"), { recursive: true });
        for (const args of ROUND_TRIP.slice(BUILD_STEPS + 1)) await roundTripStep(args);
        writeFileSync(runsPath, `${JSON.stringify(runs, null, 2)}\n`);
      })();
  rest.catch(() => {}); // reported by etl()

  const clients: pg.Client[] = [];
  return {
    dir,
    async graphql(query, { variables = {}, operationName, token } = {}) {
      const response = await fetch(`${url}graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables, operationName }),
      });
      const body = (await response.json()) as Record<string, unknown>;
      if (errors.length) throw new Error(`the API logged an error: ${errors.join("; ")}`);
      return body;
    },
    async etl(args, occurrence = 0) {
      await rest;
      const run = runs.filter((r) => r.args === args)[occurrence];
      if (!run)
        throw new Error(
          `"npm run etl -- ${args}" (run ${occurrence + 1}) is not in the README's round trip (scripts/docs/sample-api.ts ROUND_TRIP): ${ROUND_TRIP.join("; ")}`,
        );
      return run;
    },
    etlIn,
    psql: (statement, token = analyst) => runPsql(sqlPort, token, statement),
    async sqlRows(statement, token = analyst) {
      const client = new pg.Client({ host: "127.0.0.1", port: sqlPort, user: "docs", database: "warehouse", password: token });
      client.on("error", () => {});
      clients.push(client);
      await client.connect();
      return (await client.query(statement)).rows as Record<string, unknown>[];
    },
    key: (role, scope = { kind: "PROVINCE" }) => app.security.keys.create({ role, scope, actor: "docs" }).token,
    async close() {
      await rest.catch(() => {});
      await Promise.all(clients.map((c) => c.end().catch(() => {})));
      await endpoint.close();
      await app.stop();
      await served.close();
      if (!options.keepIn) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The project's settings (README "Settings"), left out of the environment of what the docs run: the README shows the defaults. */
const SETTINGS = [
  "PORT",
  "HOST",
  "WAREHOUSE",
  "DISPLAY_TIME_ZONE",
  "QUERY_TIMEOUT_MS",
  "MAX_DEPTH",
  "MAX_COMPLEXITY",
  "MAX_EXPANDED_FIELDS",
  "MAX_ANSWER_ROWS",
  "MAX_RESPONSE_BYTES",
  "RESPONSE_CACHE_MB",
  "DUCKDB_MEMORY_LIMIT",
  "API_KEYS",
  "AUDIT_LOG",
  "AUDIT_ACTOR",
  "LINK_DECISIONS",
  "DEMO_MODE",
  "SUPPRESSION_K",
  "RATE_LIMIT_PER_MINUTE",
  "ALLOW_INTROSPECTION",
  "MAX_ALIASES",
  "MAX_BATCH",
  "MAX_TOKENS",
  "DASHBOARD_ALLOWLIST",
  "HEADERS_TIMEOUT_MS",
  "REQUEST_TIMEOUT_MS",
  "KEEP_ALIVE_TIMEOUT_MS",
  "MAX_CONNECTIONS_PER_CLIENT",
  "FILE_MODE",
  "PUBLISH_DIR",
  "RELOAD_POLL_MS",
  "SQL_PORT",
  "SQL_TLS_CERT",
  "SQL_TLS_KEY",
  "SQL_MAX_ROWS",
  "MAX_COLUMNS",
  "REPLACE_MIN_ROW_SHARE",
  "REPLACE_MAX_MISSING_KEY_SHARE",
  "UAP_MAX_LINE_BYTES",
  "UAP_FAILPOINT",
  "FORCE_COLOR",
];

/** This process's environment without the project's settings, plus `env`; tsx reads the repository's tsconfig wherever it runs. */
export function defaultEnv(env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const clean = { ...process.env };
  for (const name of SETTINGS) delete clean[name];
  return { ...clean, TSX_TSCONFIG_PATH: join(REPO_ROOT, "tsconfig.json"), ...env };
}

/** `npm run etl -- <args>` in `cwd`: the repository's CLI under tsx, with the default settings. */
function runCli(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<CommandRun> {
  return new Promise((done, fail) => {
    const child = spawn(join(REPO_ROOT, "node_modules", ".bin", "tsx"), [join(REPO_ROOT, "etl", "cli.ts"), ...args], {
      cwd,
      env: defaultEnv(env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", fail);
    child.on("close", (code) => {
      // progress lines ("… 50% reading") are what a terminal draws as a bar and clears
      const errors = stderr
        .split("\n")
        .filter((l) => !l.startsWith("… "))
        .join("\n");
      done({ args: args.join(" "), code: code ?? 1, output: stdout + errors });
    });
  });
}

/** psql as a user types it, with the key as password; what it prints (results on stdout, then errors on stderr). */
function runPsql(port: number, password: string, statement: string): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn("psql", ["-X", "-h", "127.0.0.1", "-p", String(port), "-U", "any", "-d", "warehouse", "-c", statement], {
      env: { ...process.env, PGPASSWORD: password, PGCONNECT_TIMEOUT: "10", PGSSLMODE: "disable", PAGER: "", PSQL_PAGER: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", (error) => fail(new Error(`psql could not run (${error.message}); install it: apt-get install postgresql-client`)));
    child.on("close", () => done(stdout + stderr));
  });
}
