import { type Dialect, type Kysely, PostgresAdapter, PostgresQueryCompiler } from "kysely";
import { type DuckDBDialectConfig, DuckDBDriver } from "./duckdb-driver.js";
import { DuckDBIntrospector } from "./duckdb-introspector.js";

/**
 * Our own small Kysely dialect for @duckdb/node-api, laid out like Kysely's built-in
 * dialects. We do not use the community `kysely-duckdb` package because it peers on
 * duckdb-wasm and web-worker, which this server has no use for. DuckDB accepts
 * Postgres' `$n` placeholders and quoting, so the Postgres adapter and compiler fit.
 */
export class DuckDBDialect implements Dialect {
  readonly #config: DuckDBDialectConfig;

  constructor(config: DuckDBDialectConfig) {
    this.#config = Object.freeze({ ...config });
  }

  createAdapter() {
    return new PostgresAdapter();
  }

  createDriver() {
    return new DuckDBDriver(this.#config);
  }

  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }

  createIntrospector(db: Kysely<any>) {
    return new DuckDBIntrospector(db);
  }
}
