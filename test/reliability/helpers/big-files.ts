/** Large generated inputs, written streaming (never held in memory). */

import { spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, statfsSync } from "node:fs";
import { join } from "node:path";
import type { BatchReport } from "../../../etl/ingest/batch-report.js";
import { ROOT } from "./etl-process.js";

/** A file of one line, `prefix` then `x` up to `bytes` bytes, with no line end at all. */
export async function writeOneLineFile(path: string, bytes: number, prefix = "ma_so_thue,ten_doanh_nghiep,"): Promise<void> {
  const out = createWriteStream(path);
  const chunk = Buffer.alloc(8 * 1024 * 1024, "x");
  out.write(prefix);
  for (let written = prefix.length; written < bytes; ) {
    const piece = chunk.subarray(0, Math.min(chunk.length, bytes - written));
    written += piece.length;
    if (!out.write(piece)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

/** Free bytes for an unprivileged user on the file system holding `dir`. */
export function freeBytes(dir: string): number {
  const s = statfsSync(dir);
  return Number(s.bavail) * Number(s.bsize);
}

/** Ingests in a child process (helpers/ingest-rss.ts) and returns the reports with the child's peak memory. */
export async function ingestMeasuringMemory(
  db: string,
  files: readonly string[],
  env: Record<string, string> = {},
): Promise<{ reports: BatchReport[]; maxRssMiB: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "test/reliability/helpers/ingest-rss.ts"), db, ...files], {
    cwd: ROOT,
    env: { ...process.env, UAP_FAILPOINT: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  const line = stdout.trim().split("\n").pop() ?? "";
  if (code !== 0 || !line.startsWith("{")) throw new Error(`ingest child exited ${code}: ${stdout}\n${stderr}`);
  return JSON.parse(line) as { reports: BatchReport[]; maxRssMiB: number };
}
