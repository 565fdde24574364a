import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLockPath } from "../../etl/ingest/load-lock.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { writeCsv } from "../helpers/write-formats.js";

const ROOT = new URL("../..", import.meta.url).pathname;
const BIG_ROWS = 800_000;

async function writeBigSiCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write("ma_don_vi,ten_don_vi,ma_so_thue,ky,so_lao_dong,quy_luong\n");
  for (let i = 0; i < rows; i += 10_000) {
    let chunk = "";
    for (let j = i; j < Math.min(rows, i + 10_000); j++) chunk += `U${j},Công ty số ${j},3200000002,${(j % 12) + 1}/2023,${j % 50},${(j % 50) * 7_000_000}\n`;
    if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

const etlArgs = (args: string[]) => ["--import", "tsx", join(ROOT, "etl/cli.ts"), ...args];
const etlSync = (...args: string[]) => {
  const r = spawnSync(process.execPath, etlArgs(args), { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: r.stdout + r.stderr };
};
/** `etl status` in a child process, with how long it took. */
function status(db: string): Promise<{ code: number | null; out: string; ms: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, etlArgs(["status", "--db", db]), { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, out, ms: performance.now() - started })));
}

function waitForOutput(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = "";
    child.stderr!.on("data", (d: Buffer) => {
      seen += d.toString();
      if (seen.includes(text)) resolve();
    });
    child.on("exit", (code) => reject(new Error(`exited (${code}) before "${text}": ${seen}`)));
  });
}

describe("etl status answers while a load runs, without the writer's lock", () => {
  const tmp = makeTempDir();
  const db = join(tmp.dir, "w.duckdb");
  const big = join(tmp.dir, "si_contributions.2023.csv");
  beforeAll(async () => {
    const small = join(tmp.dir, "si_contributions.2024-01.csv");
    writeCsv(small, {
      headers: ["ma_don_vi", "ten_don_vi", "ma_so_thue", "ky", "so_lao_dong", "quy_luong"],
      rows: [["A", "Công ty A", "3200000002", "01/2024", "3", "1.000"]],
    });
    expect(etlSync("ingest", small, "--db", db).code).toBe(0);
    expect(existsSync(`${db}.lineage.json`)).toBe(true);
    await writeBigSiCsv(big, BIG_ROWS);
  }, 120_000);
  afterAll(() => tmp.remove());

  it("during an ingest of a large file: exit 0, says a load is running, prints the last batches, and returns before the load ends", async () => {
    const ingest = spawn(process.execPath, etlArgs(["ingest", big, "--db", db]), { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    const ingestExit = new Promise<number | null>((r) => ingest.on("exit", (code) => r(code)));
    await waitForOutput(ingest, "reading");
    const during = await status(db);
    const ingestStillRunning = ingest.exitCode === null;
    expect(during.code, during.out).toBe(0);
    expect(during.out).toMatch(new RegExp(`A load is running: ingest \\(pid ${ingest.pid}\\), started \\d{4}-`));
    expect(during.out).toMatch(/Last batches[\s\S]*si_contributions\.2024-01\.csv\s+LOADED\s+1\s+1\s+0\s+0/);
    expect(during.out).toMatch(/si_contributions\s+1\s+0\s+si_contributions\.2024-01\.csv/);
    expect(ingestStillRunning).toBe(true);
    expect(during.ms).toBeLessThan(30_000);

    expect(await ingestExit).toBe(0);
    expect(existsSync(loadLockPath(db))).toBe(false);
    const after = await status(db);
    expect(after.code).toBe(0);
    expect(after.out).not.toContain("A load is running");
    expect(after.out).toMatch(new RegExp(`si_contributions\\s+${(1 + BIG_ROWS).toLocaleString("en-US")}\\s+0\\s+si_contributions\\.2023\\.csv\\s+LOADED`));
  }, 240_000);

  it("a lock left by a killed load (its process gone) is reported as stale, and status reads the warehouse itself", async () => {
    const gone = spawnSync(process.execPath, ["-e", "process.pid"]).pid;
    writeFileSync(loadLockPath(db), JSON.stringify({ pid: gone, command: "ingest", startedAt: "2025-01-01T00:00:00.000Z" }));
    const result = await status(db);
    expect(result.code).toBe(0);
    expect(result.out).toContain(`A stale lock (ingest, pid ${gone}, no longer running)`);
    expect(result.out).not.toContain("A load is running");
    expect(result.out).toMatch(/si_contributions\s+800,001\s+0/);
    // The next load replaces the stale lock and removes it when done.
    const small2 = join(tmp.dir, "si_contributions.2024-02.csv");
    writeCsv(small2, {
      headers: ["ma_don_vi", "ten_don_vi", "ma_so_thue", "ky", "so_lao_dong", "quy_luong"],
      rows: [["B", "Công ty B", "3200000002", "02/2024", "3", "1.000"]],
    });
    expect(etlSync("ingest", small2, "--db", db).code).toBe(0);
    expect(existsSync(loadLockPath(db))).toBe(false);
  }, 120_000);
});
