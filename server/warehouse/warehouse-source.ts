import type { Db } from "../../queries/database.js";

/** One request's hold on a warehouse: the version stays open until `release()`. */
export interface WarehouseLease {
  readonly db: Db;
  /** What `/health` names as the warehouse (the configured warehouse file). */
  readonly path: string;
  /** The published version read, or null for a warehouse served directly (no reloads). */
  readonly version: number | null;
  /** The DuckDB file this lease reads. */
  readonly file: string;
  readonly publishedAt: string | null;
  /**
   * True when the data read cannot change while it is served (a published version, or a
   * file opened read-only), so answers may be cached for it (server/response-cache.ts).
   */
  readonly immutable?: boolean;
  /** Idempotent. */
  release(): void;
}

/** Where requests get their warehouse from. */
export interface WarehouseSource {
  acquire(): WarehouseLease;
}

export function isWarehouseSource(value: unknown): value is WarehouseSource {
  return typeof (value as Partial<WarehouseSource> | undefined)?.acquire === "function";
}

/**
 * A warehouse opened by the caller and served as it is (tests; deployments without
 * reloads). `readOnly`: opened read-only, so it cannot change while served.
 */
export function staticWarehouse(warehouse: { readonly db: Db; readonly path: string; readonly readOnly?: boolean }): WarehouseSource {
  const lease: WarehouseLease = Object.freeze({
    db: warehouse.db,
    path: warehouse.path,
    version: null,
    file: warehouse.path,
    publishedAt: null,
    immutable: warehouse.readOnly === true,
    release() {},
  });
  return { acquire: () => lease };
}

/** Runs `work` with a lease, released when it settles. */
export async function withLease<T>(source: WarehouseSource, work: (lease: WarehouseLease) => Promise<T>): Promise<T> {
  const lease = source.acquire();
  try {
    return await work(lease);
  } finally {
    lease.release();
  }
}

/** What `/health` adds about the version served. */
export function versionHealth(lease: WarehouseLease): { warehouseVersion?: number; versionFile?: string; publishedAt?: string } {
  if (lease.version === null) return {};
  return { warehouseVersion: lease.version, versionFile: lease.file, publishedAt: lease.publishedAt ?? undefined };
}
