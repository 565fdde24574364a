/**
 * The warehouse the API serves, switched atomically when the ETL publishes a new version.
 *
 * The holder opens the version `CURRENT` names in the versions folder (read-only), watches
 * the pointer (fs.watch, and a poll as a safety net), opens a newly published version,
 * checks that it answers, and switches to it for new requests. Each request holds a lease
 * on the version it started with, so it reads one version from start to end; a replaced
 * version is closed when its last lease is released (reference counting). If the new
 * version cannot be opened, the holder keeps serving the old one and says so in the log.
 * See core/warehouse/versions.ts for the publishing side.
 */
import { type FSWatcher, watch } from "node:fs";
import { join, resolve } from "node:path";
import { consoleLogger, type Logger } from "../../core/logger.js";
import { openWarehouseFile, type Warehouse, type WarehouseOptions } from "../../core/warehouse/open-warehouse.js";
import { CURRENT_FILE, type PublishedVersion, readCurrentVersion, writeLease } from "../../core/warehouse/versions.js";
import type { Database } from "../../queries/database.js";
import type { WarehouseLease, WarehouseSource } from "./warehouse-source.js";

export interface HolderOptions {
  readonly versionsDir: string;
  /** What `/health` names as the warehouse (default: the versions folder). */
  readonly label?: string;
  /** Poll interval besides the file watch (default 1000 ms). */
  readonly pollMs?: number;
  /** Watch the folder for changes of CURRENT (default true); the poll runs anyway. */
  readonly watch?: boolean;
  readonly logger?: Logger;
  /** How versions are opened (always read-only). */
  readonly open?: Omit<WarehouseOptions, "readOnly">;
}

interface OpenVersion {
  readonly published: PublishedVersion;
  readonly file: string;
  readonly warehouse: Warehouse<Database>;
  /** Leases, plus one while it is the current version. */
  refs: number;
  readonly closed: Promise<void>;
  markClosed(): void;
}

let holderSequence = 0;

export class WarehouseHolder implements WarehouseSource {
  readonly versionsDir: string;
  readonly #label: string;
  readonly #logger: Logger;
  readonly #options: HolderOptions;
  readonly #leaseId = `${process.pid}-${++holderSequence}`;
  readonly #open = new Set<OpenVersion>();
  /** Versions being opened: in the lease before they are opened, so publish never deletes them. */
  readonly #opening = new Set<number>();
  #current!: OpenVersion;
  #queue: Promise<unknown> = Promise.resolve();
  #checking = false;
  #closed = false;
  #timer: NodeJS.Timeout | undefined;
  #watcher: FSWatcher | undefined;
  /** The last problem logged, so a poll does not repeat it every second. */
  #lastProblem: string | undefined;

  private constructor(options: HolderOptions) {
    this.#options = options;
    this.versionsDir = resolve(options.versionsDir);
    this.#label = options.label ?? this.versionsDir;
    this.#logger = options.logger ?? consoleLogger;
  }

  /** Opens the version CURRENT names and starts watching; throws when nothing is published or it cannot be opened. */
  static async open(options: HolderOptions): Promise<WarehouseHolder> {
    const holder = new WarehouseHolder(options);
    const published = readCurrentVersion(holder.versionsDir);
    if (!published) {
      throw new Error(`no warehouse version published in ${holder.versionsDir} (no ${CURRENT_FILE} file): run \`npm run etl -- publish\``);
    }
    holder.#current = await holder.#openVersion(published);
    holder.#startWatching();
    return holder;
  }

  /** The version new requests get. */
  get version(): number {
    return this.#current.published.version;
  }

  get current(): PublishedVersion {
    return this.#current.published;
  }

  /** Versions open now, with the requests in flight on each (tests, diagnostics). */
  openVersions(): { version: number; inFlight: number; current: boolean }[] {
    return [...this.#open]
      .map((v) => ({ version: v.published.version, inFlight: v.refs - (v === this.#current ? 1 : 0), current: v === this.#current }))
      .sort((a, b) => a.version - b.version);
  }

  acquire(): WarehouseLease {
    if (this.#closed) throw new Error("the warehouse holder is closed");
    const held = this.#current;
    held.refs++;
    let released = false;
    return {
      db: held.warehouse.db,
      path: this.#label,
      version: held.published.version,
      file: held.file,
      publishedAt: held.published.publishedAt,
      immutable: true,
      release: () => {
        if (released) return;
        released = true;
        this.#unref(held);
      },
    };
  }

  /** Re-reads CURRENT now and switches if it names another version; true when it switched. Checks never overlap. */
  check(): Promise<boolean> {
    const run = this.#queue.then(() => this.#check());
    this.#queue = run.catch(() => {});
    return run;
  }

  /** Stops watching; each open version closes when its last request ends; resolves when all are closed. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    this.#watcher?.close();
    await this.#queue;
    const waiting = [...this.#open].map((v) => v.closed);
    this.#unref(this.#current);
    await Promise.all(waiting);
  }

  async #check(): Promise<boolean> {
    if (this.#closed) return false;
    let next: PublishedVersion | undefined;
    try {
      next = readCurrentVersion(this.versionsDir);
    } catch (error) {
      this.#problem(`cannot read ${join(this.versionsDir, CURRENT_FILE)} (${(error as Error).message}); still serving version ${this.version}`, error);
      return false;
    }
    if (!next || next.version === this.version) return false;
    let opened: OpenVersion;
    try {
      opened = await this.#openVersion(next);
    } catch (error) {
      this.#problem(`cannot open warehouse version ${next.version} (${(error as Error).message.split("\n")[0]}); still serving version ${this.version}`, error);
      return false;
    }
    if (this.#closed) {
      this.#unref(opened);
      return false;
    }
    const previous = this.#current;
    this.#current = opened;
    this.#lastProblem = undefined;
    this.#logger.info(
      `serving warehouse version ${next.version} (${opened.file}); version ${previous.published.version} closes when its ${previous.refs - 1} request(s) in flight finish`,
    );
    this.#unref(previous);
    return true;
  }

  async #openVersion(published: PublishedVersion): Promise<OpenVersion> {
    const file = join(this.versionsDir, published.file);
    this.#opening.add(published.version);
    this.#writeLease();
    let warehouse: Warehouse<Database> | undefined;
    try {
      warehouse = await openWarehouseFile<Database>(file, { ...this.#options.open, readOnly: true });
      // It must answer before any request is sent to it.
      await warehouse.connection.run("select count(*) from main.mart_unit_year");
      let markClosed!: () => void;
      const closed = new Promise<void>((done) => (markClosed = done));
      const version: OpenVersion = { published, file, warehouse, refs: 1, closed, markClosed };
      this.#open.add(version);
      return version;
    } catch (error) {
      await warehouse?.close().catch(() => {});
      throw error;
    } finally {
      this.#opening.delete(published.version);
      this.#writeLease();
    }
  }

  #unref(version: OpenVersion): void {
    version.refs--;
    if (version.refs > 0) return;
    this.#open.delete(version);
    version.warehouse
      .close()
      .catch((error: unknown) => this.#logger.error(`closing warehouse version ${version.published.version} failed`, error))
      .finally(() => {
        this.#writeLease();
        version.markClosed();
      });
  }

  #writeLease(): void {
    const versions = [...new Set([...[...this.#open].map((v) => v.published.version), ...this.#opening])];
    try {
      writeLease(this.versionsDir, versions, this.#leaseId);
    } catch (error) {
      this.#problem(`cannot write the reader lease in ${this.versionsDir} (${(error as Error).message}); publish may delete versions this server holds`, error);
    }
  }

  #problem(message: string, error: unknown): void {
    if (message === this.#lastProblem) return;
    this.#lastProblem = message;
    this.#logger.error(message, error);
  }

  #startWatching(): void {
    const poll = () => {
      if (this.#checking || this.#closed) return;
      this.#checking = true;
      this.check()
        .catch((error: unknown) => this.#problem(`checking for a new warehouse version failed (${(error as Error).message})`, error))
        .finally(() => (this.#checking = false));
    };
    this.#timer = setInterval(poll, this.#options.pollMs ?? 1000);
    this.#timer.unref();
    if (this.#options.watch === false) return;
    try {
      this.#watcher = watch(this.versionsDir, (_event, name) => {
        if (name === CURRENT_FILE) poll();
      });
      this.#watcher.on("error", () => this.#watcher?.close());
      this.#watcher.unref();
    } catch {
      // the poll is enough
    }
  }
}
