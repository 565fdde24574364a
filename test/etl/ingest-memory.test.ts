import { spawn } from "node:child_process";
import { createWriteStream, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeTempDir } from "../helpers/temp-dir.js";

const ROOT = new URL("../..", import.meta.url).pathname;
const MB = 1024 * 1024;
/** The bound asserted: peak RSS ≤ CONSTANT + MULTIPLE × file size (node, tsx and DuckDB alone take about 200 MB). */
const CONSTANT = 320 * MB;
const MULTIPLE = 40;

const SI = "ma_don_vi,ten_don_vi,ma_so_thue,ky,so_lao_dong,quy_luong";
const siRow = (i: number) => `U${i},Công ty số ${i},3200000002,${(i % 12) + 1}/2023,${i % 50},${(i % 50) * 7_000_000}`;
const extras = Array.from({ length: 494 }, (_, i) => `x${i}`);

async function writeLines(path: string, header: string, rows: number, row: (i: number) => string): Promise<number> {
  const out = createWriteStream(path);
  out.write(`${header}\n`);
  for (let i = 0; i < rows; i++) if (!out.write(`${row(i)}\n`)) await new Promise<void>((r) => out.once("drain", () => r()));
  await new Promise<void>((r) => out.end(() => r()));
  return statSync(path).size;
}

/** One `etl ingest` in a child process; its peak RSS as it reports it on exit (test/etl/helpers/report-max-rss.mjs). */
function ingestPeak(dir: string, file: string): Promise<{ code: number | null; peakBytes: number; out: string }> {
  const report = join(dir, `rss-${Math.random().toString(36).slice(2)}`);
  const db = join(dir, `w-${Math.random().toString(36).slice(2)}.duckdb`);
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--import", join(ROOT, "test/etl/helpers/report-max-rss.mjs"), join(ROOT, "etl/cli.ts"), "ingest", file, "--db", db],
    {
      cwd: ROOT,
      env: { ...process.env, REPORT_MAX_RSS_TO: report },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, peakBytes: Number(readFileSync(report, "utf8")) * 1024, out })));
}

describe("ingest memory stays within a fixed multiple of the file size plus a constant", () => {
  const tmp = makeTempDir();
  afterAll(() => tmp.remove());

  const classes: { name: string; expectCode: number; write: (path: string) => Promise<number> }[] = [
    { name: "one row", expectCode: 0, write: (p) => writeLines(p, SI, 1, siRow) },
    { name: "many rows (400,000)", expectCode: 0, write: (p) => writeLines(p, SI, 400_000, siRow) },
    { name: "long lines (12 lines of 2 MB)", expectCode: 0, write: (p) => writeLines(p, `${SI},ghi_chu`, 12, (i) => `${siRow(i)},${"a".repeat(2_000_000)}`) },
    // One-byte cells: the most cells per byte a file can hold, at the column limit.
    {
      name: "wide (500 columns of one-byte cells, 10,000 rows)",
      expectCode: 0,
      write: (p) => writeLines(p, `${SI},${extras.join(",")}`, 10_000, (i) => `U${i},A,,1/2023,1,1,${extras.map(() => "1").join(",")}`),
    },
    {
      name: "too wide (50,000 columns, refused)",
      expectCode: 1,
      write: async (p) => {
        writeFileSync(p, `${Array.from({ length: 50_000 }, (_, i) => `c${i}`).join(",")}\n${"1,".repeat(49_999)}1\n`);
        return statSync(p).size;
      },
    },
  ];

  it.each(classes)(
    "$name",
    async ({ name, expectCode, write }) => {
      const file = join(tmp.dir, `si_contributions.${name.replace(/\W+/g, "-")}.csv`);
      const bytes = await write(file);
      const run = await ingestPeak(tmp.dir, file);
      expect(run.code, run.out).toBe(expectCode);
      const bound = CONSTANT + MULTIPLE * bytes;
      console.log(`${name}: ${(bytes / MB).toFixed(1)} MB file, peak RSS ${(run.peakBytes / MB).toFixed(0)} MB, bound ${(bound / MB).toFixed(0)} MB`);
      expect(run.peakBytes).toBeGreaterThan(50 * MB); // the report is real
      expect(run.peakBytes).toBeLessThan(bound);
    },
    180_000,
  );
});
