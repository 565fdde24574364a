/**
 * Published warehouse versions: how the ETL hands a built warehouse to the API without
 * ever sharing a DuckDB file between a writer and the readers.
 *
 * DuckDB lets one process write a database file, and no other process may open it
 * meanwhile. So the ETL keeps writing its own file (`data/warehouse.duckdb`), and
 * `publish` checkpoints it and copies it to an immutable version in the versions folder
 * (`data/versions/warehouse-<n>.duckdb`: copied to a temp name, fsynced, renamed), then
 * atomically replaces the pointer file `CURRENT` (written to a temp name, fsynced,
 * renamed). Servers open the version `CURRENT` names, read-only, and switch when it
 * changes (server/warehouse/warehouse-holder.ts).
 *
 * Servers record the versions they hold open in `.readers/<pid>.json` leases; publish
 * deletes the versions beyond the newest `keep` (default 2) that no live server holds.
 */
import {
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { failpoint } from "./failpoint.js";
import { fileMode, restrictFile } from "./file-mode.js";

/** The pointer file naming the version servers must serve. */
export const CURRENT_FILE = "CURRENT";
/** Folder of the servers' leases (one JSON file per server process). */
export const READERS_DIR = ".readers";
const LOCK_FILE = ".publish.lock";
const VERSION_FILE = /^warehouse-(\d+)\.duckdb$/;
const TEMP_FILE = /^\.(?:warehouse-\d+\.duckdb|CURRENT)\.tmp-(\d+)$/;
/** Versions kept by default: the one served and the one before it. */
export const DEFAULT_KEEP = 2;
/** The table a built warehouse must have to be worth serving. */
const SERVED_TABLE = "main.mart_unit_year";

/** What `CURRENT` holds. */
export interface PublishedVersion {
  readonly version: number;
  /** File name inside the versions folder, e.g. `warehouse-3.duckdb`. */
  readonly file: string;
  readonly publishedAt: string;
  /** The ETL warehouse it was copied from. */
  readonly source: string;
  readonly bytes: number;
  /** Rows of mart_unit_year, checked on the copy before it was published. */
  readonly martRows: number;
}

export interface PublishOptions {
  /** The versions folder (default: `versionsDirFor(db)`). */
  readonly versionsDir?: string;
  /** Versions to keep (newest first), at least 1; default 2. Versions a live server holds are always kept. */
  readonly keep?: number;
}

export interface PublishReport {
  readonly published: PublishedVersion;
  readonly versionsDir: string;
  /** Absolute path of the new version. */
  readonly path: string;
  /** The version CURRENT named before, if any. */
  readonly previous?: number;
  /** Version files deleted (old, or left behind by a publish that was killed). */
  readonly deleted: readonly string[];
  /** Old versions kept only because a running server still holds them. */
  readonly held: readonly number[];
  readonly seconds: number;
}

/** A publish that did not happen: CURRENT is unchanged. */
export class PublishFailedError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "PublishFailedError";
  }
}

/** The versions folder of a warehouse: `$PUBLISH_DIR`, else `versions/` beside the warehouse file. */
export function versionsDirFor(warehousePath: string, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.PUBLISH_DIR?.trim();
  return resolve(configured || join(dirname(resolve(warehousePath)), "versions"));
}

export const versionFileName = (version: number) => `warehouse-${version}.duckdb`;

/** The version CURRENT names, or undefined when nothing was published yet. Throws when CURRENT is unreadable. */
export function readCurrentVersion(versionsDir: string): PublishedVersion | undefined {
  const path = join(versionsDir, CURRENT_FILE);
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, "utf8");
  let parsed: Partial<PublishedVersion>;
  try {
    parsed = JSON.parse(text) as Partial<PublishedVersion>;
  } catch {
    throw new Error(`${path} is not valid JSON: ${JSON.stringify(text.slice(0, 80))}`);
  }
  if (!Number.isInteger(parsed.version) || parsed.file !== versionFileName(parsed.version!)) {
    throw new Error(`${path} does not name a warehouse version: ${JSON.stringify(text.slice(0, 200))}`);
  }
  return parsed as PublishedVersion;
}

/** Version numbers present in the folder, ascending. */
export function listVersions(versionsDir: string): number[] {
  if (!existsSync(versionsDir)) return [];
  return readdirSync(versionsDir)
    .map((name) => VERSION_FILE.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

/**
 * `etl publish`: opens the ETL warehouse (which takes DuckDB's write lock, so no ETL
 * process changes it meanwhile) and publishes it as the next version.
 */
export async function publishWarehouse(db: string, options: PublishOptions = {}): Promise<PublishReport> {
  const path = resolve(db);
  if (!existsSync(path)) throw new PublishFailedError(`no warehouse at ${path}: nothing to publish`);
  let instance: DuckDBInstance;
  try {
    // Read-only when nothing waits in the WAL: the warehouse file is then not touched at all
    // (and no writer can change it while it is copied).
    instance = await DuckDBInstance.create(path, { access_mode: pendingWalBytes(path) > 0 ? "READ_WRITE" : "READ_ONLY" });
  } catch (error) {
    throw new PublishFailedError(`cannot open ${path} to publish it (${firstLine(error)})`, { cause: error });
  }
  const connection = await instance.connect();
  try {
    return await publishOpenWarehouse(connection, path, options);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * Publishes a warehouse this process has open read-write on `connection` (no
 * transaction may be open on it): checkpoint, copy, check the copy, switch CURRENT,
 * delete old versions. Any failure leaves CURRENT as it was.
 */
export async function publishOpenWarehouse(connection: DuckDBConnection, warehousePath: string, options: PublishOptions = {}): Promise<PublishReport> {
  const started = performance.now();
  const source = resolve(warehousePath);
  const versionsDir = resolve(options.versionsDir ?? versionsDirFor(source));
  const keep = options.keep ?? DEFAULT_KEEP;
  if (!Number.isInteger(keep) || keep < 1) throw new PublishFailedError(`keep must be a whole number ≥ 1, got ${keep}`);
  mkdirSync(versionsDir, { recursive: true });
  const releaseLock = takePublishLock(versionsDir);
  let temp: string | undefined;
  try {
    const martRows = await servedRows(connection, source);
    // Everything committed goes into the main file, so the file alone is the whole warehouse.
    if (pendingWalBytes(source) > 0) {
      await connection.run("checkpoint").catch((error: unknown) => {
        throw new PublishFailedError(`checkpoint of ${source} failed (${firstLine(error)}): not published`, { cause: error });
      });
      const left = pendingWalBytes(source);
      if (left > 0) throw new PublishFailedError(`checkpoint of ${source} left ${left} bytes in its WAL (a full disk?): not published`);
    }

    const previous = safeCurrent(versionsDir);
    const version = Math.max(0, previous?.version ?? 0, ...listVersions(versionsDir)) + 1;
    const file = versionFileName(version);
    const target = join(versionsDir, file);
    temp = join(versionsDir, `.${file}.tmp-${process.pid}`);
    try {
      copyFileSync(source, temp, constants.COPYFILE_FICLONE);
      restrictFile(temp); // the copy has the source's mode; a version is the data's, whatever the source's
      fsyncFile(temp);
    } catch (error) {
      throw new PublishFailedError(`cannot copy ${source} to ${versionsDir} (${firstLine(error)}): not published`, { cause: error });
    }
    await checkCopy(temp, martRows);
    await failpoint("publish-before-switch");
    renameSync(temp, target);
    temp = undefined;
    fsyncDir(versionsDir);

    const published: PublishedVersion = {
      version,
      file,
      publishedAt: new Date().toISOString(),
      source,
      bytes: statSync(target).size,
      martRows,
    };
    writeCurrent(versionsDir, published);
    const { deleted, held } = pruneVersions(versionsDir, { keep, current: version, previous: previous?.version });
    return { published, versionsDir, path: target, previous: previous?.version, deleted, held, seconds: (performance.now() - started) / 1000 };
  } finally {
    if (temp) rmSync(temp, { force: true });
    releaseLock();
  }
}

function pendingWalBytes(warehousePath: string): number {
  const wal = `${warehousePath}.wal`;
  return existsSync(wal) ? statSync(wal).size : 0;
}

async function servedRows(connection: DuckDBConnection, source: string): Promise<number> {
  try {
    const reader = await connection.runAndReadAll(`select count(*)::bigint from ${SERVED_TABLE}`);
    return Number(reader.getRows()[0][0]);
  } catch (error) {
    throw new PublishFailedError(`${source} has no ${SERVED_TABLE} (${firstLine(error)}): run \`etl build\` before publishing`, { cause: error });
  }
}

/** The copy opens read-only, as a server will open it, and holds every mart row. */
async function checkCopy(path: string, martRows: number): Promise<void> {
  let rows: number;
  try {
    const instance = await DuckDBInstance.create(path, { access_mode: "READ_ONLY" });
    try {
      const connection = await instance.connect();
      try {
        rows = Number((await connection.runAndReadAll(`select count(*)::bigint from ${SERVED_TABLE}`)).getRows()[0][0]);
      } finally {
        connection.closeSync();
      }
    } finally {
      instance.closeSync();
    }
  } catch (error) {
    throw new PublishFailedError(`the copy ${path} does not open as a warehouse (${firstLine(error)}): not published`, { cause: error });
  }
  if (rows !== martRows) throw new PublishFailedError(`the copy ${path} has ${rows} rows of ${SERVED_TABLE}, the warehouse ${martRows}: not published`);
}

function writeCurrent(versionsDir: string, published: PublishedVersion): void {
  const temp = join(versionsDir, `.${CURRENT_FILE}.tmp-${process.pid}`);
  try {
    const fd = openSync(temp, "w", fileMode());
    try {
      writeSync(fd, `${JSON.stringify(published, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, join(versionsDir, CURRENT_FILE));
  } catch (error) {
    rmSync(temp, { force: true });
    throw new PublishFailedError(
      `cannot write ${join(versionsDir, CURRENT_FILE)} (${firstLine(error)}): version ${published.version} copied but not published`,
      { cause: error },
    );
  }
  fsyncDir(versionsDir);
}

function safeCurrent(versionsDir: string): PublishedVersion | undefined {
  try {
    return readCurrentVersion(versionsDir);
  } catch {
    return undefined;
  }
}

interface PruneOptions {
  readonly keep: number;
  readonly current: number;
  readonly previous: number | undefined;
}

/**
 * Deletes the versions beyond the newest `keep`, and those a killed publish left behind
 * without ever naming them in CURRENT, unless a live server holds them; and temp files
 * of publishes that died.
 */
export function pruneVersions(versionsDir: string, options: PruneOptions): { deleted: string[]; held: number[] } {
  const held = heldVersions(versionsDir);
  const versions = listVersions(versionsDir);
  const orphan = (v: number) => v !== options.current && v > (options.previous ?? 0);
  const published = versions.filter((v) => !orphan(v) && v <= options.current);
  const kept = new Set([options.current, ...published.slice(-options.keep)]);
  const deleted: string[] = [];
  const stillHeld: number[] = [];
  for (const v of versions) {
    if (kept.has(v)) continue;
    if (held.has(v)) {
      stillHeld.push(v);
      continue;
    }
    const file = versionFileName(v);
    rmSync(join(versionsDir, file), { force: true });
    rmSync(join(versionsDir, `${file}.wal`), { force: true });
    deleted.push(file);
  }
  for (const name of readdirSync(versionsDir)) {
    const temp = TEMP_FILE.exec(name);
    if (temp && Number(temp[1]) !== process.pid && !isAlive(Number(temp[1]))) {
      rmSync(join(versionsDir, name), { force: true });
      deleted.push(name);
    }
  }
  return { deleted, held: stillHeld };
}

/** Versions held open by live server processes, from their leases; leases of dead processes are removed. */
export function heldVersions(versionsDir: string): Set<number> {
  const dir = join(versionsDir, READERS_DIR);
  const held = new Set<number>();
  if (!existsSync(dir)) return held;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    let lease: { pid?: number; versions?: number[] };
    try {
      lease = JSON.parse(readFileSync(path, "utf8")) as typeof lease;
    } catch {
      continue; // being written; it names nothing we may delete yet
    }
    if (typeof lease.pid !== "number" || !isAlive(lease.pid)) {
      rmSync(path, { force: true });
      continue;
    }
    for (const v of lease.versions ?? []) held.add(v);
  }
  return held;
}

/** Writes (or, with no versions, removes) this process's lease: the versions it holds open. */
export function writeLease(versionsDir: string, versions: readonly number[], id = String(process.pid)): void {
  const dir = join(versionsDir, READERS_DIR);
  const path = join(dir, `${id}.json`);
  if (!versions.length) {
    rmSync(path, { force: true });
    return;
  }
  mkdirSync(dir, { recursive: true });
  const temp = `${path}.tmp`;
  writeFileSync(temp, JSON.stringify({ pid: process.pid, versions: [...versions].sort((a, b) => a - b), updatedAt: new Date().toISOString() }));
  renameSync(temp, path);
}

/** One publish at a time per versions folder; the lock of a dead process is taken over. */
function takePublishLock(versionsDir: string): () => void {
  const path = join(versionsDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSync(path, "utf8").trim());
      if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
        throw new PublishFailedError(`another publish (process ${owner}) is running in ${versionsDir}; try again when it ends`);
      }
      rmSync(path, { force: true });
    }
  }
  throw new PublishFailedError(`cannot take the publish lock ${path}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function fsyncFile(path: string): void {
  const fd = openSync(path, "r+");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename durable; not every platform can fsync a directory, which is fine there. */
function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // best effort
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0];
}
