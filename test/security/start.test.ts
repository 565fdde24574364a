/**
 * `npm start` (server/main.ts) and demo mode: it says so at start and in every
 * response; it is on for DEMO_MODE=1 or for the sample warehouse npm start built
 * itself (marked), and off for any other warehouse, where a key is needed.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { utimesSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { markSampleWarehouse } from "../../server/auth/demo-mode.js";
import { openTinyWarehouse } from "../api/fixtures/tiny-warehouse.js";
import { makeTempDir } from "../helpers/temp-dir.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function startMain(env: Record<string, string>): { child: ChildProcess; ready: Promise<{ url: string; stdout: () => string }>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, DEMO_MODE: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const exit = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const ready = new Promise<{ url: string; stdout: () => string }>((resolve, reject) => {
    child.stdout!.on("data", (chunk) => {
      stdout += chunk;
      const found = /GraphQL: (http:\/\/\S+\/graphql)/.exec(stdout);
      // the lines after the URL are printed in the same tick
      if (found && /DEMO MODE|API keys:/.test(stdout)) resolve({ url: found[1], stdout: () => stdout });
    });
    exit.then((code) => reject(new Error(`main exited (${code}) before serving: ${stderr}`)));
  });
  ready.catch(() => {});
  return { child, ready, exit };
}

const temp = makeTempDir("uap-start-");
const warehousePath = join(temp.dir, "warehouse.duckdb");
beforeAll(async () => {
  await (await openTinyWarehouse(warehousePath)).close();
});
afterAll(() => temp.remove());

const post = (url: string) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "{ viewer { role demoMode } coverage(year: 2024) { total { units } } }" }),
  });

test("DEMO_MODE=1: a banner at start, no key needed, `extensions.demoMode` in every response", async () => {
  const main = startMain({
    WAREHOUSE: warehousePath,
    PORT: "0",
    DEMO_MODE: "1",
    API_KEYS: join(temp.dir, "keys.json"),
    AUDIT_LOG: join(temp.dir, "audit.jsonl"),
  });
  try {
    const { url, stdout } = await main.ready;
    expect(stdout()).toMatch(/DEMO MODE/);
    const response = await post(url);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: unknown; extensions: Record<string, unknown> };
    expect(body.data).toEqual({ viewer: { role: "ANALYST", demoMode: true }, coverage: { total: { units: 24 } } });
    expect(body.extensions).toMatchObject({ demoMode: true });
  } finally {
    main.child.kill("SIGTERM");
    await main.exit;
  }
});

test("the sample warehouse npm start built (marked) is served in demo mode; once changed, it needs keys", async () => {
  markSampleWarehouse(warehousePath);
  const env = { WAREHOUSE: warehousePath, PORT: "0", API_KEYS: join(temp.dir, "keys.json"), AUDIT_LOG: join(temp.dir, "audit.jsonl") };
  const demo = startMain(env);
  try {
    const { url, stdout } = await demo.ready;
    expect(stdout()).toMatch(/DEMO MODE/);
    expect((await post(url)).status).toBe(200);
  } finally {
    demo.child.kill("SIGTERM");
    await demo.exit;
  }
  // A load into it (here: any write) ends demo mode: the marker stays, but the warehouse is no longer the one it describes.
  utimesSync(warehousePath, new Date(), new Date(Date.now() + 5_000));
  const real = startMain(env);
  try {
    const { url, stdout } = await real.ready;
    expect(stdout()).not.toMatch(/DEMO MODE/);
    expect(stdout()).toMatch(/API keys: .*keys\.json \(0 active\)/);
    const response = await post(url);
    expect(response.status).toBe(401);
  } finally {
    real.child.kill("SIGTERM");
    await real.exit;
  }
});
