import { readFileSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import { DATASETS } from "../sources/index.js";
import { quoteIdent } from "./sql-text.js";

const sqlFile = (name: string) => readFileSync(new URL(`./sql/${name}`, import.meta.url), "utf8");

/** Creates (idempotently) the macros, lineage, quarantine and one raw table per dataset. */
export async function initWarehouseSchema(connection: DuckDBConnection): Promise<void> {
  await connection.run(sqlFile("macros.sql"));
  await connection.run(sqlFile("lineage.sql"));
  for (const contract of Object.values(DATASETS)) {
    const columns = contract.columns.map((c) => `${quoteIdent(c.name)} varchar`).join(", ");
    await connection.run(
      `create table if not exists raw.${contract.id} (batch_id bigint not null, line_no bigint not null, ${columns}, extra json, replace_key varchar)`,
    );
  }
}

/** Macros only: what a read-only connection needs (macros live in the catalog already). */
export async function initMacros(connection: DuckDBConnection): Promise<void> {
  await connection.run(sqlFile("macros.sql"));
}
