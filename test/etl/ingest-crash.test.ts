import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openWarehouse } from "../../etl/warehouse/warehouse.js";
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

function runEtl(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", join(ROOT, "etl/cli.ts"), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
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

const exitOf = (child: ChildProcess) => new Promise<number | null>((r) => child.on("exit", (code) => r(code)));

async function counts(db: string) {
  const warehouse = await openWarehouse(db);
  try {
    const reader = await warehouse.connection.runAndReadAll(`
      select (select count(*) from raw.si_contributions)::int, (select count(*) from lineage.batches)::int,
             (select count(*) from quarantine.rejected_rows)::int`);
    return reader.getRowsJS()[0];
  } finally {
    await warehouse.close();
  }
}

describe("a killed ingest leaves the warehouse exactly as before", () => {
  const tmp = makeTempDir();
  const db = join(tmp.dir, "w.duckdb");
  const big = join(tmp.dir, "si_contributions.2023.csv");
  beforeAll(async () => {
    const small = join(tmp.dir, "si_contributions.2024-01.csv");
    writeCsv(small, {
      headers: ["ma_don_vi", "ten_don_vi", "ma_so_thue", "ky", "so_lao_dong", "quy_luong"],
      rows: [["A", "Công ty A", "3200000002", "01/2024", "3", "1.000"]],
    });
    const first = runEtl(["ingest", small, "--db", db]);
    expect(await exitOf(first)).toBe(0);
    await writeBigSiCsv(big, BIG_ROWS);
  });
  afterAll(() => tmp.remove());

  it("SIGKILL after every row of a large file is written but before commit: nothing of it remains", async () => {
    expect(await counts(db)).toEqual([1, 1, 0]);
    const child = runEtl(["ingest", big, "--db", db], { UAP_FAILPOINT: "ingest-before-commit" });
    await waitForOutput(child, "failpoint ingest-before-commit reached");
    child.kill("SIGKILL");
    await exitOf(child);
    expect(await counts(db)).toEqual([1, 1, 0]);
  });

  it("SIGKILL while the file is being read: nothing of it remains", async () => {
    const child = runEtl(["ingest", big, "--db", db]);
    await waitForOutput(child, "reading");
    child.kill("SIGKILL");
    await exitOf(child);
    expect(await counts(db)).toEqual([1, 1, 0]);
  });

  it("the next ingest of the same file loads it completely", async () => {
    const child = runEtl(["ingest", big, "--db", db]);
    expect(await exitOf(child)).toBe(0);
    expect(await counts(db)).toEqual([1 + BIG_ROWS, 2, 0]);
  });
});
