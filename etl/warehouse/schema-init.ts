import { readFileSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import { quoteIdent } from "../../core/warehouse/sql-text.js";
import { DATASETS } from "../sources/index.js";

const sqlFile = (name: string) => readFileSync(new URL(`./sql/${name}`, import.meta.url), "utf8");

/** Creates (idempotently) the macros, lineage, quarantine, and per dataset a raw table (rows in effect) and a superseded one. */
export async function initWarehouseSchema(connection: DuckDBConnection): Promise<void> {
  await connection.run(sqlFile("macros.sql"));
  await connection.run(sqlFile("lineage.sql"));
  for (const contract of Object.values(DATASETS)) {
    const columns = contract.columns.map((c) => `${quoteIdent(c.name)} varchar`).join(", ");
    await connection.run(
      `create table if not exists raw.${contract.id} (batch_id bigint not null, line_no bigint not null, ${columns}, extra json, replace_key varchar, row_key varchar)`,
    );
    // Warehouses made before rows carried their row key (etl/sources: replacement.rowKey).
    await connection.run(`alter table raw.${contract.id} add column if not exists row_key varchar`);
    await connection.run(
      `create table if not exists superseded.${contract.id} (batch_id bigint not null, line_no bigint not null, ${columns}, extra json, replace_key varchar, row_key varchar,
         superseded_by bigint not null, superseded_at timestamp not null)`,
    );
  }
}

/** Macros only: what a read-only connection needs (macros live in the catalog already). */
export async function initMacros(connection: DuckDBConnection): Promise<void> {
  await connection.run(sqlFile("macros.sql"));
}
