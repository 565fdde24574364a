/**
 * The mode of the files that hold the province's data (the warehouse, its published
 * versions, the audit log, the link decisions): readable by their owner only (0600) unless
 * FILE_MODE lets the owner's group read them too (0640). Nobody else reads them, and
 * only the owner writes them.
 */
import { chmodSync, existsSync } from "node:fs";

export const FILE_MODE_DEFAULT = "0600";
const ALLOWED: Readonly<Record<string, number>> = Object.freeze({ "0600": 0o600, "600": 0o600, "0640": 0o640, "640": 0o640 });

export class FileModeError extends Error {
  override name = "FileModeError";
}

/** FILE_MODE as a number: 0o600 (the default) or 0o640; anything else is refused. */
export function fileMode(env: NodeJS.ProcessEnv = process.env): number {
  const text = (env.FILE_MODE ?? FILE_MODE_DEFAULT).trim() || FILE_MODE_DEFAULT;
  const mode = ALLOWED[text];
  if (mode === undefined) {
    throw new FileModeError(`FILE_MODE=${JSON.stringify(env.FILE_MODE)}: expected 0600 (owner only, the default) or 0640 (the owner's group may read)`);
  }
  return mode;
}

/** Gives an existing file the data files' mode. */
export function restrictFile(path: string, mode = fileMode()): void {
  if (existsSync(path)) chmodSync(path, mode);
}

/**
 * Makes every file this process creates from now on (DuckDB's own too: its WAL, its
 * spill files) get at most FILE_MODE, and its folders the same plus the search bit
 * (0700 or 0750). For commands and servers, not for libraries: the umask is the process's.
 */
export function applyFileModeUmask(mode = fileMode()): void {
  const folderMode = mode | ((mode & 0o444) >> 2);
  process.umask(0o777 & ~folderMode);
}
