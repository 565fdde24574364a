import type { DuckDBInstance } from "@duckdb/node-api";
import { CompiledQuery, type DatabaseConnection, type Driver, type TransactionSettings } from "kysely";
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
    const next = this.#waiting.shift();
    if (next) next(connection as DuckDBKyselyConnection);
    else this.#idle.push(connection as DuckDBKyselyConnection);
  }

  async destroy(): Promise<void> {
    for (const c of this.#idle.splice(0)) c.raw.closeSync();
  }
}
