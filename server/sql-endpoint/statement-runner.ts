/**
 * One session's statements: where each goes (a session statement answered in place, a
 * catalog query to the pg_catalog emulation, a query over the relations to the
 * warehouse), the guard before anything runs, and the run itself: on the session's
 * scoped connection to the served warehouse version, under a lease on that version,
 * with the time limit (the connection is interrupted) and the row cap.
 */
import type { DuckDBConnection, DuckDBPreparedStatement, DuckDBValue } from "@duckdb/node-api";
import type { DataScope } from "../../core/access/principal.js";
import type { WarehouseSource } from "../warehouse/warehouse-source.js";
import type { EndpointDatabase, EndpointDatabases } from "./endpoint-database.js";
import { CATALOG_SCHEMAS, CATALOG_TABLES, rewriteCatalogQuery, SCHEMA_NAME } from "./pg-catalog.js";
import { bindParameters, ParameterError, type ParameterValue, parameterOids, pgColumnName, pgTypeOf } from "./pg-types.js";
import type { FieldDescription, PgError } from "./pg-wire.js";
import { type SessionAnswer, sessionStatement } from "./session-statements.js";
import { type CheckedStatement, checkStatement, StatementRefusal, sqlLiteral, withoutSchemas } from "./statement-guard.js";

/** What a statement is, once parsed and checked. */
export type Plan =
  | { readonly kind: "empty" }
  | { readonly kind: "session"; readonly answer: SessionAnswer }
  | {
      readonly kind: "query";
      readonly target: "data" | "catalog";
      readonly sql: string;
      readonly columns: readonly Column[];
      readonly parameterOids: readonly number[];
    };

export interface Column {
  readonly name: string;
  readonly typeOid: number;
  readonly typeSize: number;
}

export interface QueryResult {
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly DuckDBValue[])[];
}

/** A statement stopped or refused while running: its PostgreSQL error, and a reason for the log. */
export class StatementFailure extends Error {
  override name = "StatementFailure";
  constructor(
    readonly pgError: PgError,
    readonly reason: string,
  ) {
    super(pgError.message);
  }
}

/** Functions that ask the server rather than the warehouse (answered by the catalog, as PostgreSQL would). */
const SERVER_FUNCTION =
  /\b(version|current_schema|current_schemas|current_database|current_user|session_user|has_[a-z_]+_privilege|format_type|obj_description|col_description|pg_[a-z_]+)\s*\(|\bcurrent_(user|schema|catalog)\b/i;

export interface RunnerOptions {
  readonly source: WarehouseSource;
  readonly databases: EndpointDatabases;
  readonly scope: DataScope;
  readonly timeoutMs: number;
  readonly maxRows: number;
}

export class StatementRunner {
  #db: EndpointDatabase | null = null;
  #data: DuckDBConnection | null = null;
  #catalog: DuckDBConnection | null = null;
  /** The connection running a statement now (a cancel request interrupts it). */
  #running: DuckDBConnection | null = null;
  #cancelled = false;

  constructor(private readonly options: RunnerOptions) {}

  /** Opens the session's connections on the version served now. */
  async open(): Promise<void> {
    const lease = this.options.source.acquire();
    try {
      await this.#switchTo(lease);
    } finally {
      lease.release();
    }
  }

  get relationNames(): string[] {
    return this.#db?.relations.map((r) => r.spec.name) ?? [];
  }

  /** Parses, routes and checks a statement; describes its columns and parameters. Throws StatementRefusal. */
  async plan(sql: string, declaredOids: readonly number[] = []): Promise<Plan> {
    if (!sql.trim() || /^\s*;?\s*$/.test(sql)) return { kind: "empty" };
    const answer = sessionStatement(sql);
    if (answer) return { kind: "session", answer };
    return this.#withCurrentVersion(async () => {
      const target = await this.#route(sql);
      const text = target === "catalog" ? await this.#checkCatalog(sql) : await this.#checkData(sql);
      const prepared = await this.#prepare(target, text);
      try {
        const columns: Column[] = [];
        for (let i = 0; i < prepared.columnCount; i++) {
          const type = pgTypeOf(prepared.columnType(i));
          columns.push({ name: pgColumnName(prepared.columnName(i)), typeOid: type.oid, typeSize: type.size });
        }
        const oids = parameterOids(prepared).map((oid, i) => (declaredOids[i] ? declaredOids[i] : oid));
        return { kind: "query", target, sql: text, columns, parameterOids: oids };
      } finally {
        prepared.destroySync();
      }
    });
  }

  /** Runs a planned query with its parameters; at most maxRows rows, else a StatementFailure. */
  async run(plan: Extract<Plan, { kind: "query" }>, parameters: readonly ParameterValue[]): Promise<QueryResult> {
    return this.#withCurrentVersion(async () => {
      let prepared: DuckDBPreparedStatement;
      try {
        prepared = await this.#prepare(plan.target, plan.sql);
      } catch (error) {
        throw new StatementFailure({ code: "XX000", message: (error as Error).message }, "prepare failed");
      }
      const connection = plan.target === "data" ? this.#data! : this.#catalog!;
      try {
        try {
          bindParameters(prepared, parameters, plan.parameterOids);
        } catch (error) {
          if (error instanceof ParameterError) throw new StatementFailure({ code: "08P01", message: error.message }, "bad parameters");
          throw new StatementFailure({ code: "22P02", message: (error as Error).message }, "bad parameter value");
        }
        this.#running = connection;
        this.#cancelled = false;
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          connection.interrupt();
        }, this.options.timeoutMs);
        try {
          const reader = await prepared.streamAndReadUntil(this.options.maxRows + 1);
          if (reader.currentRowCount > this.options.maxRows) {
            throw new StatementFailure(
              {
                code: "54000",
                message: `The result has more than ${this.options.maxRows} rows (SQL_MAX_ROWS).`,
                hint: "Aggregate, filter, or add LIMIT; or page with LIMIT … OFFSET ….",
              },
              "row cap",
            );
          }
          const rows = reader.getRows();
          const columns = reader.columnTypes().map((type, i) => {
            const pg = pgTypeOf(type);
            return { name: pgColumnName(reader.columnName(i)), typeOid: pg.oid, typeSize: pg.size };
          });
          return { columns, rows };
        } catch (error) {
          if (error instanceof StatementFailure) throw error;
          if (timedOut) {
            throw new StatementFailure(
              { code: "57014", message: `canceling statement due to statement timeout: it ran longer than QUERY_TIMEOUT_MS (${this.options.timeoutMs} ms)` },
              "time limit",
            );
          }
          if (this.#cancelled) throw new StatementFailure({ code: "57014", message: "canceling statement due to user request" }, "cancelled");
          throw new StatementFailure({ code: "XX000", message: (error as Error).message.split("\n")[0] }, "execution error");
        } finally {
          clearTimeout(timer);
          this.#running = null;
        }
      } finally {
        prepared.destroySync();
      }
    });
  }

  /** A cancel request: interrupts the statement running now, if any. */
  cancel(): void {
    if (!this.#running) return;
    this.#cancelled = true;
    this.#running.interrupt();
  }

  async close(): Promise<void> {
    this.#closeConnections();
    if (this.#db) await this.options.databases.release(this.#db);
    this.#db = null;
  }

  /** Runs `work` under a lease on the served version, moving the session to it first when a new one was published. */
  async #withCurrentVersion<T>(work: () => Promise<T>): Promise<T> {
    const lease = this.options.source.acquire();
    try {
      if (!this.#db || lease.file !== this.#db.file) await this.#switchTo(lease);
      return await work();
    } finally {
      lease.release();
    }
  }

  async #switchTo(lease: ReturnType<WarehouseSource["acquire"]>): Promise<void> {
    const db = await this.options.databases.use(lease);
    let data: DuckDBConnection;
    try {
      data = await db.connect(this.options.scope);
    } catch (error) {
      await this.options.databases.release(db);
      throw error;
    }
    const previous = this.#db;
    this.#closeConnections();
    this.#db = db;
    this.#data = data;
    if (previous) await this.options.databases.release(previous);
  }

  #closeConnections(): void {
    this.#data?.closeSync();
    this.#catalog?.closeSync();
    this.#data = null;
    this.#catalog = null;
  }

  async #prepare(target: "data" | "catalog", sql: string): Promise<DuckDBPreparedStatement> {
    if (target === "catalog") this.#catalog ??= await this.#db!.catalog.connect();
    const connection = target === "data" ? this.#data! : this.#catalog!;
    return connection.prepare(sql);
  }

  /**
   * Where a statement goes, from DuckDB's parse of it: to the catalog when it names a
   * pg_catalog or information_schema table (or a pg_* one), or reads no table and calls a
   * server function (`select version()`), or is PostgreSQL syntax DuckDB cannot parse
   * (psql's `OPERATOR(pg_catalog.~)`); to the warehouse otherwise, where the guard decides.
   */
  async #route(sql: string): Promise<"data" | "catalog"> {
    let parsed: { error?: boolean; statements?: unknown[] };
    try {
      parsed = JSON.parse(await this.#serialize(this.#data!, sqlLiteral(sql)));
    } catch {
      return "data"; // the guard reports it
    }
    if (parsed.error) return /\b(pg_catalog|information_schema)\b/i.test(sql) ? "catalog" : "data";
    const tables = tableReferences(parsed.statements ?? []);
    const catalogTable = tables.some(({ schema, name }) => ["pg_catalog", "information_schema"].includes(schema) || name.startsWith("pg_"));
    if (catalogTable) return "catalog";
    return tables.length === 0 && SERVER_FUNCTION.test(sql) ? "catalog" : "data";
  }

  async #checkData(sql: string): Promise<string> {
    const db = this.#db!;
    const names = db.relations.map((r) => r.spec.name);
    const checked = await checkStatement(
      sql,
      { relations: new Set(names), schemas: new Set([SCHEMA_NAME]), reservedNames: db.reservedNames, describe: names.join(", ") },
      (literal) => this.#serialize(this.#data!, literal),
    );
    return this.#unqualified(this.#data!, sql, checked);
  }

  async #checkCatalog(sql: string): Promise<string> {
    const db = this.#db!;
    this.#catalog ??= await db.catalog.connect();
    const rewritten = rewriteCatalogQuery(sql, db.catalog.oids);
    const names = new Set([...CATALOG_TABLES, ...db.relations.map((r) => r.spec.name)]);
    await checkStatement(
      rewritten,
      { relations: names, schemas: CATALOG_SCHEMAS, reservedNames: new Set(), describe: "the pg_catalog and information_schema tables" },
      (literal) => this.#serialize(this.#catalog!, literal),
    );
    return rewritten;
  }

  /** `public.unit_year` → `unit_year` (the relations are the session's temporary views), by DuckDB's own printer. */
  async #unqualified(connection: DuckDBConnection, sql: string, checked: CheckedStatement): Promise<string> {
    if (!checked.qualified) return sql;
    const reader = await connection.runAndReadAll(`select json_deserialize_sql(${sqlLiteral(withoutSchemas(checked.parsed))}::json)`);
    return String(reader.getRows()[0][0]);
  }

  async #serialize(connection: DuckDBConnection, literal: string): Promise<string> {
    const reader = await connection.runAndReadAll(`select json_serialize_sql(${literal})`);
    return String(reader.getRows()[0][0]);
  }
}

/** The table references of a parse (schema and name, lower case). */
function tableReferences(node: unknown, into: { schema: string; name: string }[] = []): { schema: string; name: string }[] {
  if (Array.isArray(node)) {
    for (const item of node) tableReferences(item, into);
  } else if (node !== null && typeof node === "object") {
    const record = node as Record<string, unknown>;
    if (record.type === "BASE_TABLE" && !("class" in record))
      into.push({ schema: String(record.schema_name ?? "").toLowerCase(), name: String(record.table_name ?? "").toLowerCase() });
    for (const value of Object.values(record)) tableReferences(value, into);
  }
  return into;
}

export type { FieldDescription };
export { StatementRefusal };
