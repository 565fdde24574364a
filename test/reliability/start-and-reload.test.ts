/**
 * `npm start` serves published versions: on first start it publishes the warehouse as
 * version 1 (versions/ beside it), and it switches to each version `etl publish` makes.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTinyWarehouse } from "../api/fixtures/tiny-warehouse.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { etl, ROOT } from "./helpers/etl-process.js";

function startMain(env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout, stderr })),
  );
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      stdout += d.toString();
      const found = /GraphQL: (http:\/\/\S+\/)graphql/.exec(stdout);
      if (found) resolve(found[1]);
    });
    exit.then(({ code }) => reject(new Error(`main exited (${code}) before serving: ${stdout}\n${stderr}`)));
  });
  url.catch(() => {});
  return { child, url, exit, stdout: () => stdout };
}

describe("npm start on published versions", () => {
  const tmp = makeTempDir("uap-start-reload-");
  const warehouse = join(tmp.dir, "warehouse.duckdb");
  beforeAll(async () => {
    await (await openTinyWarehouse(warehouse)).close();
  });
  afterAll(() => tmp.remove());

  it("publishes the warehouse as version 1 on first start, then switches to the version `etl publish` makes, without a restart", async () => {
    const main = startMain({ WAREHOUSE: warehouse, PORT: "0", RELOAD_POLL_MS: "50", DEMO_MODE: "1", PUBLISH_DIR: "" });
    try {
      const url = await main.url;
      expect(main.stdout()).toContain(`publishing ${warehouse} as the first`);
      expect(main.stdout()).toMatch(/serving: version 1 \(.*versions\/warehouse-1\.duckdb\)/);
      expect(existsSync(join(tmp.dir, "versions", "CURRENT"))).toBe(true);
      const ask = async () =>
        (await (
          await fetch(`${url}graphql`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ query: "{ coverage(year: 2024) { total { units } } }" }),
          })
        ).json()) as {
          data: unknown;
          extensions: { warehouseVersion: number };
        };
      expect(await ask()).toMatchObject({ data: { coverage: { total: { units: 24 } } }, extensions: { warehouseVersion: 1 } });

      const publish = await etl(["publish", "--db", warehouse]);
      expect(publish.code, publish.stderr).toBe(0);
      expect(publish.stdout).toMatch(/PUBLISHED version 2: .*versions\/warehouse-2\.duckdb .*CURRENT → warehouse-2\.duckdb \(was version 1\)/);
      const deadline = Date.now() + 20_000;
      while ((await ask()).extensions.warehouseVersion !== 2) {
        if (Date.now() > deadline) throw new Error(`still on version 1: ${main.stdout()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const health = (await (await fetch(`${url}health`)).json()) as Record<string, unknown>;
      // No absolute path: the files outside the working folder are named alone.
      expect(health).toMatchObject({ status: "ok", warehouse: "warehouse.duckdb", warehouseVersion: 2, versionFile: "warehouse-2.duckdb" });
      expect(JSON.stringify(health)).not.toContain(tmp.dir);
      expect(main.stdout()).toMatch(/serving warehouse version 2 .*; version 1 closes when its \d+ request\(s\) in flight finish/);
    } finally {
      main.child.kill("SIGTERM");
    }
    expect((await main.exit).code).toBe(0);
  });

  it("refuses a bad RELOAD_POLL_MS with the other settings' problems, exit code 2", async () => {
    const main = startMain({ WAREHOUSE: warehouse, PORT: "http", RELOAD_POLL_MS: "fast" });
    const { code, stderr } = await main.exit;
    expect(code).toBe(2);
    expect(stderr).toMatch(/PORT="http"/);
    expect(stderr).toMatch(/RELOAD_POLL_MS="fast": expected how often to check for a new warehouse version/);
  });
});
