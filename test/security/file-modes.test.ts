/**
 * The files that hold the province's data are created readable by their owner only:
 * the warehouse, its published versions and CURRENT, the audit log, the link decisions,
 * the key store and its hash; 0640 when FILE_MODE says so, and nothing looser
 * (core/warehouse/file-mode.ts). And /health names no absolute path.
 */
import { spawn } from "node:child_process";
import { chmodSync, statSync } from "node:fs";
import { join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import { silentLogger } from "../../core/logger.js";
import { AuditLog } from "../../core/records/audit-log.js";
import { LinkDecisionLog } from "../../core/records/link-decision-log.js";
import { readSecurityConfig } from "../../core/settings/security-config.js";
import { readConfig } from "../../core/settings/server-config.js";
import { fileMode } from "../../core/warehouse/file-mode.js";
import { CURRENT_FILE, publishWarehouse } from "../../core/warehouse/versions.js";
import { openWarehouse } from "../../etl/warehouse/warehouse.js";
import { createApp } from "../../server/app.js";
import { shownPath } from "../../server/health.js";
import { openTinyWarehouse } from "../api/fixtures/tiny-warehouse.js";
import { makeTempDir } from "../helpers/temp-dir.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const temp = makeTempDir("uap-modes-");
afterAll(() => temp.remove());
const savedMode = process.env.FILE_MODE;
afterEach(() => {
  if (savedMode === undefined) delete process.env.FILE_MODE;
  else process.env.FILE_MODE = savedMode;
});

const modeOf = (path: string) => statSync(path).mode & 0o777;

/** Creates every kind of data file in `dir` (the source warehouse left 0644, as a copy from elsewhere would be); their modes. */
async function createAll(dir: string): Promise<Record<string, number>> {
  const created = await openWarehouse(join(dir, "empty.duckdb"));
  await created.close();
  const tiny = join(dir, "warehouse.duckdb");
  await (await openTinyWarehouse(tiny)).close();
  chmodSync(tiny, 0o644);
  const published = await publishWarehouse(tiny, { versionsDir: join(dir, "versions") });
  new AuditLog(join(dir, "audit.jsonl")).append({ action: "BUILD", target: tiny });
  new LinkDecisionLog(join(dir, "link-decisions.jsonl")).append({
    dataset: "d",
    source_key: "k",
    tax_code: "3200000000",
    decision: "ACCEPT",
    decided_by: "t",
    decided_at: new Date().toISOString(),
    note: null,
  });
  return {
    warehouse: modeOf(join(dir, "empty.duckdb")),
    version: modeOf(published.path),
    current: modeOf(join(published.versionsDir, CURRENT_FILE)),
    audit: modeOf(join(dir, "audit.jsonl")),
    links: modeOf(join(dir, "link-decisions.jsonl")),
  };
}

describe("FILE_MODE", () => {
  test("by default every data file is created 0600, whatever the umask and the source's mode", async () => {
    delete process.env.FILE_MODE;
    const before = process.umask(0o002); // the loosest common umask: files would be 0664
    try {
      expect(await createAll(join(temp.dir, "default"))).toEqual({ warehouse: 0o600, version: 0o600, current: 0o600, audit: 0o600, links: 0o600 });
    } finally {
      process.umask(before);
    }
  });

  test("FILE_MODE=0640 lets the owner's group read them", async () => {
    process.env.FILE_MODE = "0640";
    const before = process.umask(0o002);
    try {
      expect(await createAll(join(temp.dir, "group"))).toEqual({ warehouse: 0o640, version: 0o640, current: 0o640, audit: 0o640, links: 0o640 });
    } finally {
      process.umask(before);
    }
  });

  test("any other FILE_MODE is refused, by name: in code, by npm start (exit 2) and by the ETL (exit 2)", async () => {
    const bad = ["0644", "0666", "0777", "0660", "0700", "600x", "rw-------", "0o600"];
    for (const value of bad)
      expect(() => fileMode({ FILE_MODE: value }), value).toThrow(`FILE_MODE=${JSON.stringify(value)}: expected 0600 (owner only, the default) or 0640`);
    expect([fileMode({}), fileMode({ FILE_MODE: "600" }), fileMode({ FILE_MODE: " 0640 " })]).toEqual([0o600, 0o600, 0o640]);
    const spawnExit = (entry: string, args: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ["--import", "tsx", entry, ...args], {
          cwd: ROOT,
          env: { ...process.env, FILE_MODE: "0666", PORT: "0", WAREHOUSE: join(temp.dir, "none.duckdb") },
          stdio: ["ignore", "ignore", "pipe"],
        });
        let stderr = "";
        child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("close", (code) => resolve({ code, stderr }));
      });
    const [server, etl] = await Promise.all([spawnExit("server/main.ts", []), spawnExit("etl/cli.ts", ["status", "--db", join(temp.dir, "none.duckdb")])]);
    for (const result of [server, etl]) {
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('FILE_MODE="0666": expected 0600');
    }
  });
});

describe("/health names files without absolute paths", () => {
  test("inside the working folder: relative; elsewhere: the file name alone; never absolute, never `..`", () => {
    const cwd = process.cwd();
    const inside = ["data/warehouse.duckdb", "./data/versions/warehouse-3.duckdb", join(cwd, "data", "w.duckdb"), join(cwd, "a", "..", "b.duckdb")];
    const outside = [
      join(temp.dir, "warehouse.duckdb"),
      "/srv/union/data/versions/warehouse-12.duckdb",
      "../elsewhere/warehouse.duckdb",
      join(cwd, "..", "x.duckdb"),
      "/warehouse.duckdb",
    ];
    expect(inside.map((p) => shownPath(p, cwd))).toEqual([
      "data/warehouse.duckdb",
      `data${sep}versions${sep}warehouse-3.duckdb`,
      `data${sep}w.duckdb`,
      "b.duckdb",
    ]);
    expect(outside.map((p) => shownPath(p, cwd))).toEqual(["warehouse.duckdb", "warehouse-12.duckdb", "warehouse.duckdb", "x.duckdb", "warehouse.duckdb"]);
    expect(shownPath(":memory:")).toBe(":memory:");
    for (const shown of [...inside, ...outside].map((p) => shownPath(p, cwd))) {
      expect(shown.startsWith("/")).toBe(false);
      expect(shown.split(sep)).not.toContain("..");
    }
  });

  test("GET /health over a warehouse outside the working folder: no string in the answer is an absolute path", async () => {
    const tiny = await openTinyWarehouse(join(temp.dir, "served.duckdb"));
    const security = readSecurityConfig({
      DEMO_MODE: "1",
      DASHBOARD_ALLOWLIST: "off",
      API_KEYS: join(temp.dir, "k.json"),
      AUDIT_LOG: join(temp.dir, "a.jsonl"),
      LINK_DECISIONS: join(temp.dir, "l.jsonl"),
    });
    const app = await createApp({ warehouse: tiny.warehouse, limits: readConfig({}), security, logger: silentLogger });
    try {
      const url = await app.listen(0, "127.0.0.1");
      const text = await (await fetch(`${url}health`)).text();
      const strings: string[] = [];
      JSON.parse(text, (_key, value: unknown) => {
        if (typeof value === "string") strings.push(value);
        return value;
      });
      expect(JSON.parse(text)).toMatchObject({ status: "ok", warehouse: "served.duckdb" });
      expect(strings.filter((v) => v.startsWith("/") || v.includes(temp.dir) || v.includes(process.cwd()))).toEqual([]);
    } finally {
      await app.stop();
      await tiny.close();
    }
  });
});
