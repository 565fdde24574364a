import { readFileSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import { quoteIdent, quoteLiteral } from "../../core/warehouse/sql-text.js";
import { rawType, rawValueFromText } from "../ingest/raw-types.js";
import { DATASETS, type DatasetContract } from "../sources/index.js";

const sqlFile = (name: string) => readFileSync(new URL(`./sql/${name}`, import.meta.url), "utf8");

/**
 * Creates (idempotently) the macros, lineage, quarantine, and per dataset a raw table
 * (rows in effect) and a superseded one, their columns typed by kind (etl/ingest/raw-types.ts).
 */
export async function initWarehouseSchema(connection: DuckDBConnection): Promise<void> {
  await connection.run(sqlFile("macros.sql"));
  await connection.run(sqlFile("lineage.sql"));
  for (const contract of Object.values(DATASETS)) {
    const columns = contract.columns.map((c) => `${quoteIdent(c.name)} ${rawType(c)}`).join(", ");
    await connection.run(
      `create table if not exists raw.${contract.id} (batch_id bigint not null, line_no bigint not null, ${columns}, extra json, replace_key varchar, row_key varchar)`,
    );
    // Warehouses made before rows carried their row key (etl/sources: replacement.rowKey).
    await connection.run(`alter table raw.${contract.id} add column if not exists row_key varchar`);
    await connection.run(
      `create table if not exists superseded.${contract.id} (batch_id bigint not null, line_no bigint not null, ${columns}, extra json, replace_key varchar, row_key varchar,
         superseded_by bigint not null, superseded_at timestamp not null)`,
    );
    for (const schema of ["raw", "superseded"]) await typeRawColumns(connection, schema, contract);
  }
}

/**
 * Warehouses made before raw rows were typed hold every value as text: each such column
 * is converted in place by the careful parser of its kind, the one ingest judged it with
 * (so every loaded value converts; a half-year becomes its `YYYY-H1` label from `nam`
 * and `ky`, converted before `nam`). One transaction per table.
 */
async function typeRawColumns(connection: DuckDBConnection, schema: string, contract: DatasetContract): Promise<void> {
  const reader = await connection.runAndReadAll(
    `select column_name, data_type from information_schema.columns where table_schema = ${quoteLiteral(schema)} and table_name = ${quoteLiteral(contract.id)}`,
  );
  const types = new Map(reader.getRows().map(([name, type]) => [String(name), String(type).toLowerCase()]));
  const stale = contract.columns
    .filter((c) => types.get(c.name) === "varchar" && rawType(c) !== "varchar")
    .concat(contract.columns.filter((c) => c.kind === "half" && types.get(c.name) === "varchar" && types.get("nam") === "varchar"));
  if (!stale.length) return;
  const ordered = [...new Set([...stale.filter((c) => c.kind === "half"), ...stale])];
  await connection.run("begin transaction");
  try {
    for (const column of ordered) {
      const text = (name: string) => quoteIdent(name);
      await connection.run(
        `alter table ${schema}.${contract.id} alter column ${quoteIdent(column.name)} set data type ${rawType(column)} using ${rawValueFromText(column, text)}`,
      );
    }
    await connection.run("commit");
  } catch (error) {
    await connection.run("rollback").catch(() => {});
    throw error;
  }
}

/** Macros only: what a read-only connection needs (macros live in the catalog already). */
export async function initMacros(connection: DuckDBConnection): Promise<void> {
  await connection.run(sqlFile("macros.sql"));
}
