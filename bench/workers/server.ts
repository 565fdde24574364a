/**
 * API part, server side: the app of server/app.ts on the built warehouse (read-only),
 * listening on 127.0.0.1, plus what the parent needs to measure it against the limit:
 * capture the statements one request sends (the warehouse dialect's `onQuery` hook
 * gives their text; Kysely's log event of the same queries gives their parameters),
 * and replay them with `connection.run` on a connection of the same DuckDB instance,
 * in this same process.
 */
import "reflect-metadata";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DuckDBValue } from "@duckdb/node-api";
import { type CompiledQuery, Kysely, type LogEvent } from "kysely";
import type { Logger } from "../../core/logger.js";
import { readSecurityConfig } from "../../core/settings/security-config.js";
import { readConfig } from "../../core/settings/server-config.js";
import { toDuckDBValue } from "../../core/warehouse/kysely/duckdb-connection.js";
import { DuckDBDialect } from "../../core/warehouse/kysely/duckdb-dialect.js";
import { openWarehouse } from "../../etl/warehouse/warehouse.js";
import type { Database } from "../../queries/database.js";
import { createApp } from "../../server/app.js";
import { median, peakRssMiB, rssMiB } from "../lib/stats.js";
import type { CapturedOperation, OperatorCost, ServerInput, ServerReady, ServerUsage, StatementProfile } from "../lib/types.js";
import { progress, serviceWorker } from "../lib/worker-side.js";

interface Statement {
  readonly sql: string;
  readonly parameters: readonly DuckDBValue[];
}

serviceWorker<ServerInput>(async (input) => {
  let capturing = false;
  let capturedText: string[] = [];
  let capturedQueries: { query: CompiledQuery; ms: number }[] = [];
  const errors: string[] = [];
  // as `npm start` serves it: DuckDB's memory limit of the server settings (DUCKDB_MEMORY_LIMIT)
  const warehouse = await openWarehouse<Database>(input.warehousePath, { readOnly: true, memoryLimit: readConfig(process.env).duckdbMemoryLimit });
  const db = new Kysely<Database>({
    dialect: new DuckDBDialect({
      instance: warehouse.instance,
      onQuery: (sql) => {
        if (capturing) capturedText.push(sql);
      },
    }),
    log: (event: LogEvent) => {
      if (capturing) capturedQueries.push({ query: event.query, ms: event.queryDurationMillis });
    },
  });
  const logger: Logger = {
    info: () => {},
    error: (message: string, error?: unknown) => {
      if (errors.length < 50) errors.push(`${message} ${error instanceof Error ? error.message : ""}`.trim());
    },
  };
  // Demo mode (no key) and no rate limit worth the name: the bench measures the queries, not the gate.
  const security = readSecurityConfig({ DEMO_MODE: "1", DASHBOARD_ALLOWLIST: "off", RATE_LIMIT_PER_MINUTE: String(Number.MAX_SAFE_INTEGER) });
  // Read-only: the app's whole-response cache may answer for it (switched off while the API part measures the queries).
  const app = await createApp({ warehouse: { db, path: input.warehousePath, readOnly: true }, limits: input.limits, security, logger });
  const base = await app.listen(0, "127.0.0.1");
  const url = base.replace("localhost", "127.0.0.1");
  const duckdbVersion = String((await warehouse.connection.runAndReadAll("select version()")).getRows()[0][0]);
  progress(`API server listening on ${url}graphql (pid ${process.pid})`);

  let cachedServer: Server | undefined;
  let lastElu = performance.eventLoopUtilization();
  let lastCpu = process.cpuUsage();
  let lastMark = performance.now();
  const captured = new Map<string, Statement[]>();
  const kyselyMs = new Map<string, number[]>();

  return {
    ready: (): ServerReady => ({ url, duckdbVersion, rssMiB: rssMiB(), peakRssMiB: peakRssMiB() }),
    captureStart: () => {
      capturedText = [];
      capturedQueries = [];
      capturing = true;
    },
    /** Ends a capture run of `op`: keeps its statements (the last run's) and the SQL time Kysely saw. */
    captureStop: (op: string): CapturedOperation => {
      capturing = false;
      if (capturedText.length !== capturedQueries.length) {
        throw new Error(`capture of ${op}: ${capturedText.length} statements seen by onQuery, ${capturedQueries.length} by the log`);
      }
      captured.set(
        op,
        capturedQueries.map(({ query }) => ({ sql: query.sql, parameters: query.parameters.map(toDuckDBValue) })),
      );
      const list = kyselyMs.get(op) ?? [];
      list.push(capturedQueries.reduce((s, q) => s + q.ms, 0));
      kyselyMs.set(op, list);
      return {
        statements: capturedQueries.length,
        kyselyMs: median(list),
        sqlPreview: capturedText.map((s) => s.replace(/\s+/g, " ").slice(0, 160)),
      };
    },
    /** Replays the captured statements of `op`, one after the other, `iterations` times; ms per iteration. */
    replay: async (op: string, iterations: number): Promise<number[]> => {
      const statements = captured.get(op);
      if (!statements) throw new Error(`nothing captured for ${op}`);
      const times: number[] = [];
      for (let i = 0; i < iterations; i++) {
        const t0 = performance.now();
        for (const s of statements) await warehouse.connection.run(s.sql, s.parameters.length ? [...s.parameters] : undefined);
        times.push(performance.now() - t0);
      }
      return times;
    },
    /**
     * Where the SQL time of `op` goes: each captured statement run once with DuckDB's
     * profiler (JSON), its latency and its most expensive operators.
     */
    profile: async (op: string): Promise<StatementProfile[]> => {
      const statements = captured.get(op);
      if (!statements) throw new Error(`nothing captured for ${op}`);
      const dir = mkdtempSync(join(tmpdir(), "uap-bench-profile-"));
      const connection = await warehouse.instance.connect();
      const out: StatementProfile[] = [];
      try {
        for (const [i, s] of statements.entries()) {
          const file = join(dir, `${i}.json`);
          await connection.run("pragma enable_profiling = 'json'");
          await connection.run(`pragma profiling_output = '${file}'`);
          await connection.run(s.sql, s.parameters.length ? [...s.parameters] : undefined);
          await connection.run("pragma disable_profiling");
          out.push(summarizeProfile(s.sql, JSON.parse(readFileSync(file, "utf8"))));
        }
      } finally {
        connection.closeSync();
        rmSync(dir, { recursive: true, force: true });
      }
      return out;
    },
    /**
     * The throughput limit: `clients` loops, each on its own DuckDB connection of this
     * instance, cycling through the captured statements of `ops` for `seconds`.
     */
    replayMix: async (ops: readonly string[], clients: number, seconds: number): Promise<{ requests: number; latenciesMs: number[] }> => {
      const mix = ops.map((op) => {
        const statements = captured.get(op);
        if (!statements) throw new Error(`nothing captured for ${op}`);
        return statements;
      });
      if (mix.every((m) => m.length === 0)) return { requests: 0, latenciesMs: [] };
      const connections = await Promise.all(Array.from({ length: clients }, () => warehouse.instance.connect()));
      const latenciesMs: number[] = [];
      const deadline = performance.now() + seconds * 1000;
      try {
        await Promise.all(
          connections.map(async (connection, c) => {
            for (let i = c; performance.now() < deadline; i++) {
              const t0 = performance.now();
              const statements = mix[i % mix.length];
              // an operation the API answers from its own cache sends no SQL: it costs nothing here
              if (!statements.length) await new Promise((resolve) => setImmediate(resolve));
              for (const s of statements) await connection.run(s.sql, s.parameters.length ? [...s.parameters] : undefined);
              latenciesMs.push(performance.now() - t0);
            }
          }),
        );
      } finally {
        for (const connection of connections) connection.closeSync();
      }
      return { requests: latenciesMs.length, latenciesMs };
    },
    /**
     * The cached-response limit: a bare node:http server in this process answering each
     * POST body of the mix with the bytes the API answered it with (fetched once now),
     * what a whole-response cache in front of the API could reach at best.
     */
    startCachedServer: async (bodies: readonly string[]): Promise<string> => {
      const answers = new Map<string, string>();
      for (const body of bodies) {
        const response = await fetch(`${url}graphql`, { method: "POST", headers: { "content-type": "application/json" }, body });
        answers.set(body, await response.text());
      }
      cachedServer = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          const answer = answers.get(Buffer.concat(chunks).toString("utf8"));
          res.writeHead(answer === undefined ? 404 : 200, { "content-type": "application/json; charset=utf-8" });
          res.end(answer ?? '{"errors":[{"message":"not cached"}]}');
        });
      });
      await new Promise<void>((resolve) => cachedServer!.listen(0, "127.0.0.1", resolve));
      return `http://127.0.0.1:${(cachedServer.address() as AddressInfo).port}/`;
    },
    stopCachedServer: async () => {
      cachedServer?.closeAllConnections();
      await new Promise<void>((resolve) => (cachedServer ? cachedServer.close(() => resolve()) : resolve()));
      cachedServer = undefined;
    },
    /** Event-loop utilisation and CPU seconds (all threads, DuckDB's included) since the previous call. */
    usage: (): ServerUsage => {
      const elu = performance.eventLoopUtilization(lastElu);
      const cpu = process.cpuUsage(lastCpu);
      const wallSeconds = (performance.now() - lastMark) / 1000;
      lastElu = performance.eventLoopUtilization();
      lastCpu = process.cpuUsage();
      lastMark = performance.now();
      return { wallSeconds, eventLoopUtilization: elu.utilization, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
    },
    /** Turns the API's whole-response cache on or off (emptied either way); its counters. */
    responseCache: (on: boolean) => {
      app.responseCache.clear();
      app.responseCache.enabled = on;
      return app.responseCache.stats;
    },
    responseCacheStats: () => app.responseCache.stats,
    memory: () => ({ rssMiB: rssMiB(), peakRssMiB: peakRssMiB() }),
    loggedErrors: () => [...errors],
    stop: async () => {
      cachedServer?.close();
      await app.stop();
      await db.destroy();
      await warehouse.close();
    },
  };
});

interface ProfileNode {
  operator_type?: string;
  operator_name?: string;
  operator_timing?: number;
  operator_cardinality?: number;
  extra_info?: Record<string, unknown>;
  children?: ProfileNode[];
  latency?: number;
  cpu_time?: number;
}

/** The statement's latency and its five most expensive operators (DuckDB's JSON profile). */
function summarizeProfile(sql: string, root: ProfileNode): StatementProfile {
  const operators: OperatorCost[] = [];
  const walk = (node: ProfileNode) => {
    if (node.operator_type || node.operator_name) {
      const info = node.extra_info ?? {};
      const detail = ["Table", "Conditions", "Join Type", "Groups", "Aggregates", "Filters", "Function"]
        .filter((k) => info[k] !== undefined)
        .map((k) => `${k}: ${Array.isArray(info[k]) ? (info[k] as unknown[]).join(", ") : String(info[k])}`)
        .join("; ");
      operators.push({
        operator: String(node.operator_type ?? node.operator_name),
        ms: (node.operator_timing ?? 0) * 1000,
        rows: node.operator_cardinality ?? 0,
        detail: detail.slice(0, 200),
      });
    }
    for (const child of node.children ?? []) walk(child);
  };
  walk(root);
  return {
    sql: sql.replace(/\s+/g, " ").slice(0, 200),
    latencyMs: (root.latency ?? 0) * 1000,
    cpuMs: (root.cpu_time ?? 0) * 1000,
    rowsThroughOperators: operators.reduce((a, o) => a + o.rows, 0),
    top: operators.sort((a, b) => b.ms - a.ms).slice(0, 5),
  };
}
