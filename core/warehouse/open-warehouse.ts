import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { Kysely } from "kysely";
import { restrictFile } from "./file-mode.js";
import { DuckDBDialect } from "./kysely/duckdb-dialect.js";

export interface WarehouseOptions {
  readonly readOnly?: boolean;
  /** Called with every SQL statement Kysely sends. */
  readonly onQuery?: (sql: string) => void;
  readonly threads?: number;
  readonly memoryLimit?: string;
}

/** An open DuckDB warehouse: one instance, a connection for ETL work, and Kysely for queries. */
export interface Warehouse<DB = any> {
  readonly path: string;
  readonly readOnly: boolean;
  readonly instance: DuckDBInstance;
  readonly connection: DuckDBConnection;
  readonly db: Kysely<DB>;
  close(): Promise<void>;
}

/**
 * Opens a warehouse file. `initialiseWritable` runs on a writable open before Kysely is
 * attached: the ETL passes its schema set-up; the server opens read-only and passes none.
 */
export async function openWarehouseFile<DB = any>(
  path: string,
  options: WarehouseOptions = {},
  initialiseWritable?: (connection: DuckDBConnection) => Promise<void>,
): Promise<Warehouse<DB>> {
  const readOnly = options.readOnly ?? false;
  const creating = path !== ":memory:" && !readOnly && !existsSync(path);
  if (creating) mkdirSync(dirname(path), { recursive: true });
  const config: Record<string, string> = { access_mode: readOnly ? "READ_ONLY" : "READ_WRITE" };
  if (options.threads) config.threads = String(options.threads);
  if (options.memoryLimit) config.memory_limit = options.memoryLimit;
  const instance = await DuckDBInstance.create(path, config);
  // A new warehouse holds the province's data: readable by its owner only (FILE_MODE).
  if (creating) restrictFile(path);
  const connection = await instance.connect();
  if (!readOnly && initialiseWritable) await initialiseWritable(connection);
  const db = new Kysely<DB>({ dialect: new DuckDBDialect({ instance, onQuery: options.onQuery }) });
  return Object.freeze({
    path,
    readOnly,
    instance,
    connection,
    db,
    async close() {
      await db.destroy();
      connection.closeSync();
      instance.closeSync();
    },
  });
}
