import { sql } from "kysely";
import type { Db } from "./database.js";

/**
 * Results (forecasts, paces, plans) cached per warehouse version and arguments, so a
 * dashboard polling the same forecast costs nothing after the first call.
 *
 * The version is what the results are computed from: the ingested batches
 * (`lineage.batches`: count, last id, last finish) and a fingerprint of every row of
 * the tables read (`mart_unit_year`, the unlinked membership returns of
 * `fct_membership_yearly`, `ref.targets`), so a rebuild that changes no batch (an
 * analyst's link decision, a new target row) is a new version too. Reading it is one
 * statement; it is read again at most every `versionCheckMs` (30 s by default), and
 * between two reads a cached result is answered without any SQL. A server on a
 * read-only warehouse (`npm start`) never sees a new version at all: DuckDB lets no
 * other process write the file while it is open.
 *
 * Identical calls in flight share one computation; a failed computation is not kept.
 */
export interface ResultCacheOptions {
  readonly versionCheckMs?: number;
  /** Most results kept (least recently used dropped first). */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

export const DEFAULT_VERSION_CHECK_MS = 30_000;
const DEFAULT_MAX_ENTRIES = 500;

/** One statement: the warehouse version as text. */
export async function warehouseVersion(db: Db): Promise<string> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom("lineage.batches as b")
        .select(sql<string>`concat_ws('/', count(*), max(${sql.ref("b.batch_id")}), max(${sql.ref("b.finished_at")}))`.as("v"))
        .as("batches"),
      eb
        .selectFrom("mart_unit_year as u")
        .select(sql<string>`concat_ws('/', count(*), bit_xor(hash(${sql.table("u")})))`.as("v"))
        .as("mart"),
      eb
        .selectFrom("fct_membership_yearly as m")
        .where("m.tax_code", "is", null)
        .select(sql<string>`concat_ws('/', count(*), bit_xor(hash(${sql.table("m")})))`.as("v"))
        .as("returns"),
      eb
        .selectFrom("ref.targets as t")
        .select(sql<string>`concat_ws('/', count(*), bit_xor(hash(${sql.table("t")})))`.as("v"))
        .as("targets"),
    ])
    .executeTakeFirstOrThrow();
  return [row.batches, row.mart, row.returns, row.targets].join("|");
}

export class ResultCache {
  private readonly versionCheckMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private version: string | null = null;
  private checkedAt = -Infinity;
  private checking: Promise<void> | null = null;
  private readonly entries = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: Db,
    options: ResultCacheOptions = {},
  ) {
    this.versionCheckMs = options.versionCheckMs ?? DEFAULT_VERSION_CHECK_MS;
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.now = options.now ?? Date.now;
  }

  /** Results held now. */
  get size(): number {
    return this.entries.size;
  }

  /** The cached result of `kind` with `args`, computing it when the warehouse version has none. */
  async get<T>(kind: string, args: unknown, compute: () => Promise<T>): Promise<T> {
    await this.checkVersion();
    const key = `${kind}:${canonicalJson(args)}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit as Promise<T>;
    }
    // A version change clears every entry at once (checkVersion), so a result computed while
    // a new version was being detected never outlives it.
    const pending = compute();
    this.entries.set(key, pending);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    try {
      return await pending;
    } catch (error) {
      if (this.entries.get(key) === pending) this.entries.delete(key);
      throw error;
    }
  }

  private async checkVersion(): Promise<void> {
    if (this.now() - this.checkedAt < this.versionCheckMs) return;
    this.checking ??= (async () => {
      try {
        const version = await warehouseVersion(this.db);
        if (version !== this.version) {
          this.entries.clear();
          this.version = version;
        }
        this.checkedAt = this.now();
      } finally {
        this.checking = null;
      }
    })();
    await this.checking;
  }
}

const caches = new WeakMap<Db, ResultCache>();

/** The cache of one warehouse (one per Kysely instance, for the life of the process). */
export function resultCacheFor(db: Db): ResultCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new ResultCache(db);
    caches.set(db, cache);
  }
  return cache;
}

/** Replaces the cache of a warehouse (tests: a zero check interval, a fake clock). */
export function configureResultCache(db: Db, options: ResultCacheOptions): ResultCache {
  const cache = new ResultCache(db, options);
  caches.set(db, cache);
  return cache;
}

/**
 * JSON with object keys sorted, so equal arguments give equal keys (`JSON.stringify` already
 * leaves out properties whose value is undefined).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}
