/** What the models of a warehouse hold, table by table, to compare two warehouses built from the same data. */
import { DuckDBInstance } from "@duckdb/node-api";

/** Per table of `main` (shadows of a build that died excluded): rows and the sum of the rows' hashes (duplicates counted). */
export type TableDigests = Record<string, { rows: number; hash: string }>;

export async function tableDigests(path: string): Promise<TableDigests> {
  const instance = await DuckDBInstance.create(path, { access_mode: "READ_ONLY" });
  const connection = await instance.connect();
  try {
    const tables = (
      await connection.runAndReadAll(
        `select table_name from duckdb_tables() where database_name = current_database() and schema_name = 'main'
           and not starts_with(table_name, '__') order by table_name`,
      )
    ).getRowsJS() as [string][];
    const digests: TableDigests = {};
    for (const [table] of tables) {
      const [rows, hash] = (
        await connection.runAndReadAll(`select count(*)::int, coalesce(sum(hash(t)::hugeint), 0)::varchar from main.${table} t`)
      ).getRowsJS()[0] as [number, string];
      digests[table] = { rows, hash };
    }
    return digests;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Tables of the warehouse named like a build's shadow (`__next_…`): what a build that died left. */
export async function shadowTables(path: string): Promise<string[]> {
  const instance = await DuckDBInstance.create(path, { access_mode: "READ_ONLY" });
  const connection = await instance.connect();
  try {
    const rows = (
      await connection.runAndReadAll(
        `select schema_name || '.' || table_name from duckdb_tables()
         where database_name = current_database() and starts_with(table_name, '__next_') order by 1`,
      )
    ).getRowsJS() as [string][];
    return rows.map((r) => r[0]);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
