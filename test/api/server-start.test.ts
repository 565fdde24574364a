import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { KeyStore } from "../../core/access/api-keys.js";
import { ConfigError, readConfig } from "../../core/settings/server-config.js";
import { openTinyWarehouse } from "./fixtures/tiny-warehouse.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

describe("server/config", () => {
  test("defaults", () => {
    expect(readConfig({})).toEqual({
      port: 4000,
      host: undefined,
      warehousePath: "data/warehouse.duckdb",
      queryTimeoutMs: 30_000,
      maxDepth: 10,
      maxComplexity: 100_000,
      maxExpandedFields: 2000,
      maxAnswerRows: 50_000,
      maxResponseBytes: 20_000_000,
      responseCacheBytes: 64 * 1024 * 1024,
      duckdbMemoryLimit: "1GB",
    });
    expect(Object.isFrozen(readConfig({}))).toBe(true);
    expect(readConfig({ PORT: "0", WAREHOUSE: "/srv/w.duckdb", QUERY_TIMEOUT_MS: "500", HOST: "127.0.0.1", DUCKDB_MEMORY_LIMIT: "1.5GB" })).toMatchObject({
      port: 0,
      warehousePath: "/srv/w.duckdb",
      queryTimeoutMs: 500,
      host: "127.0.0.1",
      duckdbMemoryLimit: "1.5GB",
    });
  });

  test("every bad setting is reported at once, with what was expected", () => {
    let error: unknown;
    try {
      readConfig({ PORT: "http", MAX_DEPTH: "0", QUERY_TIMEOUT_MS: "1.5", WAREHOUSE: " ", DUCKDB_MEMORY_LIMIT: "lots" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toHaveLength(5);
    expect((error as ConfigError).message).toMatch(/PORT="http": expected the TCP port/);
    expect((error as ConfigError).message).toMatch(/DUCKDB_MEMORY_LIMIT="lots": expected the DuckDB memory limit/);
    expect((error as ConfigError).message).toMatch(/MAX_DEPTH="0"/);
  });
});

/** `tsx server/main.ts` with the given environment; resolves with the child once it printed its GraphQL URL. */
function startMain(env: Record<string, string>): { child: ChildProcess; url: Promise<string>; exit: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on("close", (code) => resolve({ code, stderr })));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (chunk) => {
      stdout += chunk;
      const found = /GraphQL: (http:\/\/\S+\/graphql)/.exec(stdout);
      if (found) resolve(found[1]);
    });
    exit.then(({ code }) => reject(new Error(`main exited (${code}) before serving: ${stderr}`)));
  });
  url.catch(() => {}); // a test that expects the exit does not wait for the URL
  return { child, url, exit };
}

describe("npm start (server/main.ts)", () => {
  let dir: string;
  let warehousePath: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "uap-main-"));
    warehousePath = join(dir, "warehouse.duckdb");
    await (await openTinyWarehouse(warehousePath)).close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("serves an existing warehouse read-only on the configured port, prints the URL, stops on SIGTERM", async () => {
    // Not the sample it built itself: every request needs a key (test/security covers the rest).
    const keyStore = join(dir, "keys.json");
    const { token } = new KeyStore(keyStore).create({ role: "ANALYST", scope: { kind: "PROVINCE" } });
    const main = startMain({ WAREHOUSE: warehousePath, PORT: "0", API_KEYS: keyStore, AUDIT_LOG: join(dir, "audit.jsonl") });
    const url = await main.url;
    const request = {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ coverage(year: 2024) { total { units } } }" }),
    };
    expect((await fetch(url, request)).status).toBe(401);
    const response = await fetch(url, { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } });
    expect(await response.json()).toMatchObject({ data: { coverage: { total: { units: 24 } } } });
    const health = await (await fetch(url.replace(/graphql$/, "health"))).json();
    expect(health).toMatchObject({ status: "ok", warehouse: "warehouse.duckdb" }); // its name alone: no absolute path
    main.child.kill("SIGTERM");
    expect((await main.exit).code).toBe(0);
  });

  test("refuses bad settings with a clear message and exit code 2", async () => {
    const main = startMain({ WAREHOUSE: warehousePath, PORT: "eighty" });
    const { code, stderr } = await main.exit;
    expect(code).toBe(2);
    expect(stderr).toMatch(/Invalid server configuration/);
    expect(stderr).toMatch(/PORT="eighty"/);
  });
});
