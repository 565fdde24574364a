import type { DuckDBConnection, DuckDBValue } from "@duckdb/node-api";
import { listValue } from "@duckdb/node-api";
import type { CompiledQuery, DatabaseConnection, QueryResult } from "kysely";

/** Kysely's view of one DuckDB connection: runs compiled queries, returns JS rows. */
export class DuckDBKyselyConnection implements DatabaseConnection {
  readonly #connection: DuckDBConnection;
  readonly #onQuery: ((sql: string) => void) | undefined;

  constructor(connection: DuckDBConnection, onQuery?: (sql: string) => void) {
    this.#connection = connection;
    this.#onQuery = onQuery;
  }

  get raw(): DuckDBConnection {
    return this.#connection;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    this.#onQuery?.(compiledQuery.sql);
    const params = compiledQuery.parameters.map(toDuckDBValue);
    const reader = await this.#connection.runAndReadAll(compiledQuery.sql, params.length ? params : undefined);
    const rows = reader.getRowObjectsJS() as R[];
    const changed = reader.rowsChanged;
    return { rows, numAffectedRows: changed > 0 ? BigInt(changed) : undefined };
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery, chunkSize = 2048): AsyncIterableIterator<QueryResult<R>> {
    this.#onQuery?.(compiledQuery.sql);
    const params = compiledQuery.parameters.map(toDuckDBValue);
    const reader = await this.#connection.streamAndRead(compiledQuery.sql, params.length ? params : undefined);
    let emitted = 0;
    while (!reader.done) {
      await reader.readUntil(emitted + chunkSize);
      const rows = reader.getRowObjectsJS().slice(emitted) as R[];
      emitted += rows.length;
      if (rows.length) yield { rows };
    }
  }
}

/** Kysely hands us plain JS values; DuckDB wants typed values for dates and lists. */
export function toDuckDBValue(value: unknown): DuckDBValue {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (Array.isArray(value)) return listValue(value.map(toDuckDBValue));
  if (typeof value === "bigint") return value.toString();
  return value as DuckDBValue;
}
