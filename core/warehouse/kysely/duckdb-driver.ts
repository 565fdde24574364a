import { AsyncLocalStorage } from "node:async_hooks";
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, type TransactionSettings } from "kysely";
import { DuckDBKyselyConnection } from "./duckdb-connection.js";

export interface DuckDBDialectConfig {
  readonly instance: DuckDBInstance;
  /** Upper bound on connections used at once; keep below libuv's thread pool (4). */
  readonly maxConnections?: number;
  /** Called with every SQL statement sent (tests count statements per request). */
  readonly onQuery?: (sql: string) => void;
}

/** A small pool: DuckDB connections are cheap, but each query occupies a libuv thread. */
export class DuckDBDriver implements Driver {
  readonly #config: DuckDBDialectConfig;
  readonly #idle: DuckDBKyselyConnection[] = [];
  readonly #waiting: ((c: DuckDBKyselyConnection) => void)[] = [];
  #created = 0;

  constructor(config: DuckDBDialectConfig) {
    this.#config = Object.freeze({ ...config });
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const scope = QueryScope.current();
    scope?.throwIfInterrupted();
    const connection = await this.#acquire();
    return scope ? new ScopedConnection(connection, scope) : connection;
  }

  async #acquire(): Promise<DuckDBKyselyConnection> {
    const idle = this.#idle.pop();
    if (idle) return idle;
    if (this.#created < (this.#config.maxConnections ?? 3)) {
      this.#created++;
      const raw = await this.#config.instance.connect();
      return new DuckDBKyselyConnection(raw, this.#config.onQuery);
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin transaction"));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("commit"));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const pooled = (connection instanceof ScopedConnection ? connection.inner : connection) as DuckDBKyselyConnection;
    const next = this.#waiting.shift();
    if (next) next(pooled);
    else this.#idle.push(pooled);
  }

  async destroy(): Promise<void> {
    for (const c of this.#idle.splice(0)) c.raw.closeSync();
  }
}

/** A statement stopped by `QueryScope.interrupt()`, or refused because its scope was already interrupted. */
export class QueryInterruptedError extends Error {
  constructor(options?: ErrorOptions) {
    super("the query was interrupted", options);
    this.name = "QueryInterruptedError";
  }
}

/**
 * The statements of one unit of work (e.g. one API request), so that a time limit can
 * stop them: run the work inside `scope.run(fn)`; `scope.interrupt()` interrupts the
 * DuckDB connections running its statements and fails its later statements, each
 * with QueryInterruptedError. Work outside any scope is unaffected.
 */
export class QueryScope {
  static readonly #active = new AsyncLocalStorage<QueryScope>();
  /** DuckDB forgets an interrupt that arrives before the statement starts executing, so it is repeated while statements remain. */
  static readonly #repeatMs = 25;
  readonly #inFlight = new Set<DuckDBConnection>();
  #interrupted = false;

  static current(): QueryScope | undefined {
    return QueryScope.#active.getStore();
  }

  run<T>(work: () => T): T {
    return QueryScope.#active.run(this, work);
  }

  get interrupted(): boolean {
    return this.#interrupted;
  }

  interrupt(): void {
    this.#interrupted = true;
    const repeat = () => {
      for (const connection of this.#inFlight) connection.interrupt();
      if (this.#inFlight.size) setTimeout(repeat, QueryScope.#repeatMs).unref();
    };
    repeat();
  }

  throwIfInterrupted(): void {
    if (this.#interrupted) throw new QueryInterruptedError();
  }

  /** Runs one statement on `connection` as part of this scope. */
  async track<T>(connection: DuckDBConnection, statement: () => Promise<T>): Promise<T> {
    this.throwIfInterrupted();
    this.#inFlight.add(connection);
    try {
      return await statement();
    } catch (error) {
      throw this.#interrupted ? new QueryInterruptedError({ cause: error }) : error;
    } finally {
      this.#inFlight.delete(connection);
    }
  }
}

/** A pooled connection lent to work running in a QueryScope: its statements are tracked by the scope. */
class ScopedConnection implements DatabaseConnection {
  constructor(
    readonly inner: DuckDBKyselyConnection,
    readonly scope: QueryScope,
  ) {}

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    return this.scope.track(this.inner.raw, () => this.inner.executeQuery<R>(compiledQuery));
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    const chunks = this.inner.streamQuery<R>(compiledQuery, chunkSize);
    for (;;) {
      const next = await this.scope.track(this.inner.raw, () => chunks.next());
      if (next.done) return;
      yield next.value;
    }
  }
}
