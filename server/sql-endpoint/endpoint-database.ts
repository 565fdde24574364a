/**
 * The DuckDB the SQL endpoint runs statements on: for each published warehouse version
 * the API serves, a second DuckDB instance on the same file, opened read-only with
 * external access disabled and its configuration locked, so that no statement can read
 * or write a file, attach a database, load an extension or change a setting, whatever
 * the statement guard let through. (The API's own instance keeps its settings: the
 * exports write Parquet files through it.)
 *
 * Each session gets a connection of its own, with one temporary view per exposed
 * relation holding the session's scope: `unit_year` on a district key's connection has
 * only its districts' rows.
 */
import { type DuckDBConnection, DuckDBInstance, type DuckDBType } from "@duckdb/node-api";
import type { DataScope } from "../../core/access/principal.js";
import type { Logger } from "../../core/logger.js";
import { type RelationSpec, relationSql } from "../../queries/relations/relations.js";
import type { WarehouseLease, WarehouseSource } from "../warehouse/warehouse-source.js";
import { CatalogDatabase } from "./pg-catalog.js";

export interface RelationColumns {
  readonly spec: RelationSpec;
  readonly columns: readonly { readonly name: string; readonly type: DuckDBType; readonly comment: string }[];
}

export interface EndpointDatabaseOptions {
  readonly memoryLimit?: string;
  readonly relations: readonly RelationSpec[];
}

/** One warehouse version, opened for the endpoint. */
export class EndpointDatabase {
  /** Sessions on it. */
  refs = 0;

  private constructor(
    readonly file: string,
    readonly version: number | null,
    readonly instance: DuckDBInstance,
    readonly relations: readonly RelationColumns[],
    /** Every table and view name of the warehouse (lower case): CTEs may not shadow them. */
    readonly reservedNames: ReadonlySet<string>,
    readonly catalog: CatalogDatabase,
  ) {}

  static async open(lease: WarehouseLease, options: EndpointDatabaseOptions): Promise<EndpointDatabase> {
    const config: Record<string, string> = { access_mode: "READ_ONLY", enable_external_access: "false", lock_configuration: "true" };
    if (options.memoryLimit) config.memory_limit = options.memoryLimit;
    const instance = await DuckDBInstance.create(lease.file, config);
    const connection = await instance.connect();
    try {
      const relations: RelationColumns[] = [];
      for (const spec of options.relations) {
        let prepared: Awaited<ReturnType<typeof connection.prepare>>;
        try {
          prepared = await connection.prepare(`select * from (${relationSql(spec, { kind: "PROVINCE" })}) limit 0`);
        } catch (error) {
          // A version built before this relation's tables existed: served without it.
          if (/Catalog Error/.test((error as Error).message)) continue;
          throw error;
        }
        const columns = [];
        for (let i = 0; i < prepared.columnCount; i++) {
          const name = prepared.columnName(i);
          columns.push({ name, type: prepared.columnType(i), comment: spec.columns.find((c) => c.name === name)?.comment ?? "" });
        }
        prepared.destroySync();
        const names = columns.map((c) => c.name).join(",");
        if (names !== spec.columns.map((c) => c.name).join(","))
          throw new Error(`relation ${spec.name}: its SELECT gives columns ${names}, not those it declares`);
        relations.push({ spec, columns });
      }
      const reserved = await connection.runAndReadAll(
        "select lower(table_name) from duckdb_tables() union select lower(view_name) from duckdb_views() where not internal",
      );
      const reservedNames = new Set(reserved.getRows().map((r) => String(r[0])));
      const catalog = await CatalogDatabase.create(relations);
      return new EndpointDatabase(lease.file, lease.version, instance, relations, reservedNames, catalog);
    } catch (error) {
      instance.closeSync();
      throw error;
    } finally {
      connection.closeSync();
    }
  }

  /** A connection for one session: the relations as temporary views narrowed to `scope`. */
  async connect(scope: DataScope): Promise<DuckDBConnection> {
    const connection = await this.instance.connect();
    try {
      for (const { spec } of this.relations) await connection.run(`create temp view ${spec.name} as ${relationSql(spec, scope)}`);
    } catch (error) {
      connection.closeSync();
      throw error;
    }
    return connection;
  }

  close(): void {
    this.catalog.close();
    this.instance.closeSync();
  }
}

/**
 * The endpoint's databases, one per warehouse version in use: opened when a statement
 * first reads a version, closed when no session is on it any more and a newer one is served.
 */
export class EndpointDatabases {
  readonly #open = new Map<string, Promise<EndpointDatabase>>();
  #latest: string | null = null;

  constructor(
    readonly source: WarehouseSource,
    private readonly options: EndpointDatabaseOptions,
    private readonly logger: Logger,
  ) {}

  /** The database of `lease`'s version, with a session reference taken. */
  async use(lease: WarehouseLease): Promise<EndpointDatabase> {
    let opening = this.#open.get(lease.file);
    if (!opening) {
      opening = EndpointDatabase.open(lease, this.options);
      this.#open.set(lease.file, opening);
      opening.catch(() => this.#open.delete(lease.file));
    }
    const db = await opening;
    db.refs++;
    if (this.#latest !== lease.file) {
      const previous = this.#latest;
      this.#latest = lease.file;
      if (previous) await this.#closeIfUnused(previous);
    }
    return db;
  }

  /** Gives back a session's reference. */
  async release(db: EndpointDatabase): Promise<void> {
    db.refs--;
    if (db.file !== this.#latest) await this.#closeIfUnused(db.file);
  }

  async #closeIfUnused(file: string): Promise<void> {
    const opening = this.#open.get(file);
    if (!opening) return;
    const db = await opening.catch(() => null);
    if (!db || db.refs > 0) return;
    this.#open.delete(file);
    try {
      db.close();
    } catch (error) {
      this.logger.error(`SQL endpoint: closing warehouse version ${db.version ?? db.file} failed`, error);
    }
  }

  async close(): Promise<void> {
    const all = [...this.#open.values()];
    this.#open.clear();
    for (const opening of all) {
      const db = await opening.catch(() => null);
      db?.close();
    }
  }
}
