import { type DatabaseIntrospector, type DatabaseMetadata, type Kysely, type SchemaMetadata, sql, type TableMetadata } from "kysely";

/** Reads DuckDB's information_schema; enough for Kysely's introspection API. */
export class DuckDBIntrospector implements DatabaseIntrospector {
  readonly #db: Kysely<any>;

  constructor(db: Kysely<any>) {
    this.#db = db;
  }

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ name: string }>`select distinct schema_name as name from information_schema.schemata`.execute(this.#db);
    return rows;
  }

  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<{ schema: string; table: string; column: string; type: string; nullable: string; is_view: boolean }>`
      select c.table_schema as schema, c.table_name as "table", c.column_name as "column", c.data_type as type,
             c.is_nullable as nullable, t.table_type = 'VIEW' as is_view
      from information_schema.columns c
      join information_schema.tables t using (table_catalog, table_schema, table_name)
      order by c.table_schema, c.table_name, c.ordinal_position`.execute(this.#db);
    const tables = new Map<string, TableMetadata & { columns: TableMetadata["columns"][number][] }>();
    for (const r of rows) {
      const key = `${r.schema}.${r.table}`;
      if (!tables.has(key)) tables.set(key, { name: r.table, schema: r.schema, isView: r.is_view, columns: [] });
      tables.get(key)!.columns.push({
        name: r.column,
        dataType: r.type,
        isNullable: r.nullable === "YES",
        isAutoIncrementing: false,
        hasDefaultValue: false,
      });
    }
    return [...tables.values()];
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() };
  }
}
