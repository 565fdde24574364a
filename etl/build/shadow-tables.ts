/**
 * The build writes every table it makes under a shadow name beside the real one
 * (`main.__next_mart_unit_year` beside `main.mart_unit_year`), committing each as it is
 * made, and swaps them all in at the end in one short transaction (drop the old, rename
 * the new). Until that swap the previous tables are what the warehouse holds; a build
 * that dies leaves only shadows, which the next build drops first.
 */
import type { DuckDBConnection } from "@duckdb/node-api";

/** Prefix of a shadow table's name. */
export const SHADOW_PREFIX = "__next_";
/** Schemas the build writes shadows in. */
export const SHADOW_SCHEMAS = ["main", "ref", "raw", "link", "quarantine"] as const;

export const shadowName = (qualified: string): string => {
  const [schema, name] = qualified.split(".");
  return `${schema}.${SHADOW_PREFIX}${name}`;
};

/** A qualified name as SQL writes it: `schema.table`, not preceded by a catalog or another name. */
const QUALIFIED = /(?<![\w."])\b(main|ref|raw|link|quarantine)\.([A-Za-z_][A-Za-z0-9_]*)\b/g;

/** The tables a piece of SQL names (`schema.table`, lower case), in the build's schemas. */
export function tablesNamed(sql: string): Set<string> {
  const names = new Set<string>();
  for (const match of withoutComments(sql).matchAll(QUALIFIED)) names.add(`${match[1]}.${match[2]}`.toLowerCase());
  return names;
}

/** `sql` with every name of `shadowed` (qualified, `main.x`) replaced by its shadow. */
export function toShadows(sql: string, shadowed: ReadonlySet<string>): string {
  if (!shadowed.size) return sql;
  return sql.replace(QUALIFIED, (whole, schema: string, name: string) =>
    shadowed.has(`${schema}.${name}`.toLowerCase()) ? `${schema}.${SHADOW_PREFIX}${name}` : whole,
  );
}

/** `sql` with every table of `replacements` (qualified, `main.x`) replaced by its text (a shadow's name, or a subquery). */
export function replaceTables(sql: string, replacements: ReadonlyMap<string, string>): string {
  if (!replacements.size) return sql;
  return sql.replace(QUALIFIED, (whole, schema: string, name: string) => replacements.get(`${schema}.${name}`.toLowerCase()) ?? whole);
}

/** SQL without its `--` comments (a comment may mention a table it does not read). */
export function withoutComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, "");
}

/** Drops every shadow table left in the warehouse (by a build that died or failed); returns their names. */
export async function dropShadows(connection: DuckDBConnection): Promise<string[]> {
  const reader = await connection.runAndReadAll(
    `select schema_name || '.' || table_name from duckdb_tables()
     where database_name = current_database() and not temporary
       and schema_name in (${SHADOW_SCHEMAS.map((s) => `'${s}'`).join(", ")}) and starts_with(table_name, '${SHADOW_PREFIX}')`,
  );
  const names = reader.getRowsJS().map((r) => String(r[0]));
  for (const name of names) await connection.run(`drop table if exists ${name}`);
  return names;
}
