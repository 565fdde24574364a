import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { fileMode } from "../../core/warehouse/file-mode.js";

/**
 * `<warehouse>.load.lock`: written by ingest, build and restore while they hold the
 * warehouse (DuckDB allows one writer per file), so that `etl status` can say a load is
 * running without opening the file. A lock whose process is gone is stale.
 */
export interface LoadLock {
  readonly pid: number;
  readonly command: string;
  readonly startedAt: string;
}

export type LoadLockState = { readonly state: "none" } | ({ readonly state: "running" | "stale" } & LoadLock);

export const loadLockPath = (db: string) => `${db}.load.lock`;

export class LoadRunningError extends Error {
  override name = "LoadRunningError";
}

/** Takes the lock (replacing a stale one); refuses while another live process holds it. Returns its release. */
export function acquireLoadLock(db: string, command: string): () => void {
  if (db === ":memory:") return () => {};
  const path = loadLockPath(db);
  const mine: LoadLock = { pid: process.pid, command, startedAt: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, `${JSON.stringify(mine)}\n`, { flag: "wx", mode: fileMode() });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw error;
      const held = readLoadLock(db);
      if (held.state === "running") {
        throw new LoadRunningError(`a ${held.command} is already running on ${db} (pid ${held.pid}, since ${held.startedAt}): wait for it to finish`);
      }
      removeQuietly(path); // stale, or vanished meanwhile: try once more
    }
  }
  return () => {
    const held = readLoadLock(db);
    if (held.state !== "none" && held.pid === process.pid) removeQuietly(path);
  };
}

/** Whether a load holds the warehouse, read without opening it. */
export function readLoadLock(db: string): LoadLockState {
  let lock: Partial<LoadLock>;
  try {
    lock = JSON.parse(readFileSync(loadLockPath(db), "utf8")) as Partial<LoadLock>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { state: "none" };
    // Being written this very moment, or damaged: a process wrote it, treat it as live only if it parses.
    return { state: "stale", pid: 0, command: "load", startedAt: "unknown" };
  }
  const pid = Number(lock.pid);
  const held = { pid, command: String(lock.command ?? "load"), startedAt: String(lock.startedAt ?? "unknown") };
  return { state: Number.isInteger(pid) && pid > 0 && isAlive(pid) ? "running" : "stale", ...held };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/** Runs `work` holding the load lock (for commands whose own code does not take it, e.g. build). */
export async function withLoadLock<T>(db: string, command: string, work: () => Promise<T>): Promise<T> {
  const release = acquireLoadLock(db, command);
  try {
    return await work();
  } finally {
    release();
  }
}
