/**
 * The shape of every table the real build makes: the build run over empty inputs (an
 * empty warehouse, the reference CSVs, no file loaded), each table read back as DuckDB
 * created it. Fixtures create their tables from these shapes and then insert their
 * hand-specified rows, so a column added to a model is in every fixture at once, with
 * its type; test/warehouse/database-columns.test.ts holds queries/database.ts to them.
 *
 * The empty build takes a few seconds; its result is kept in node_modules/.cache/, under
 * a digest of every file it depends on (etl/ but the sample generator, core/warehouse/),
 * so it runs again only when one of them changes.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { buildWarehouse } from "../../etl/build/build-warehouse.js";
import { MODELS_DIR } from "../../etl/build/model-manifest.js";
import { DEFAULT_REFERENCE_DIR, loadReferenceTable, REFERENCE_TABLES } from "../../etl/build/reference-tables.js";
import { openWarehouse } from "../../etl/warehouse/warehouse.js";

const ROOT = join(import.meta.dirname, "../..");
const CACHE_DIR = join(ROOT, "node_modules/.cache/uap-built-shapes");
/** What the empty build depends on. */
const INPUTS = ["etl", "core/warehouse"];
const NOT_INPUTS = new Set(["etl/sample"]);

export interface BuiltColumn {
  readonly name: string;
  /** DuckDB's type name: VARCHAR, INTEGER, BIGINT, DECIMAL(18,6), DATE, VARCHAR[], STRUCT(…)… */
  readonly type: string;
}

export interface BuiltTable {
  /** `schema.table`: `main.mart_unit_year`, `ref.targets`, `lineage.batches`. */
  readonly name: string;
  /** DuckDB's own CREATE TABLE statement for it. */
  readonly sql: string;
  readonly columns: readonly BuiltColumn[];
}

function inputFiles(dir: string): string[] {
  const rel = relative(ROOT, dir);
  if (NOT_INPUTS.has(rel)) return [];
  if (statSync(dir).isDirectory()) return readdirSync(dir).flatMap((name) => inputFiles(join(dir, name)));
  return [dir];
}

function digest(): string {
  const hash = createHash("sha256");
  for (const file of INPUTS.flatMap((d) => inputFiles(join(ROOT, d))).sort()) {
    hash.update(relative(ROOT, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex").slice(0, 20);
}

async function buildShapes(): Promise<BuiltTable[]> {
  const warehouse = await openWarehouse(":memory:");
  try {
    await buildWarehouse(warehouse.connection, { settings: { memoryLimit: "1GB", tempDirectory: "", threads: 1 } });
    const rows = (
      await warehouse.connection.runAndReadAll(
        `select t.schema_name || '.' || t.table_name, t.sql,
                (select list({'name': c.column_name, 'type': c.data_type} order by c.column_index)
                 from duckdb_columns() c where c.schema_name = t.schema_name and c.table_name = t.table_name)
         from duckdb_tables() t where t.database_name = current_database() and not t.temporary
         order by 1`,
      )
    ).getRowsJS();
    return rows.map(([name, sql, columns]) => ({
      name: String(name),
      sql: String(sql),
      columns: (columns as { name: string; type: string }[]).map((c) => ({ name: c.name, type: c.type })),
    }));
  } finally {
    await warehouse.close();
  }
}

let shapes: Promise<ReadonlyMap<string, BuiltTable>> | undefined;

/** Every table of the built warehouse by `schema.table`, from the cache or an empty build. */
export function builtShapes(): Promise<ReadonlyMap<string, BuiltTable>> {
  shapes ??= (async () => {
    const file = join(CACHE_DIR, `${digest()}.json`);
    let tables: BuiltTable[];
    try {
      tables = JSON.parse(readFileSync(file, "utf8")) as BuiltTable[];
    } catch {
      tables = await buildShapes();
      mkdirSync(CACHE_DIR, { recursive: true });
      const partial = `${file}.${process.pid}.tmp`;
      writeFileSync(partial, JSON.stringify(tables));
      renameSync(partial, file); // whole or not at all: another worker may read it now
    }
    return new Map(tables.map((t) => [t.name, t]));
  })();
  return shapes;
}

/** `mart_unit_year` → `main.mart_unit_year`; `ref.targets` stays. */
const qualified = (table: string) => (table.includes(".") ? table : `main.${table}`);

/** The built shape of `table` (`mart_unit_year`, `ref.targets`); throws when the build makes no such table. */
export async function builtTable(table: string): Promise<BuiltTable> {
  const shape = (await builtShapes()).get(qualified(table));
  if (!shape) throw new Error(`the build makes no table ${qualified(table)}`);
  return shape;
}

/**
 * Creates each table empty, exactly as the build creates it (names, order and types of its
 * columns), replacing any table of that name; the schema is created when missing.
 */
export async function createAsBuilt(connection: DuckDBConnection, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    const shape = await builtTable(table);
    const [schema] = shape.name.split(".");
    await connection.run(`create schema if not exists "${schema}"; drop table if exists ${shape.name};`);
    await connection.run(shape.sql.replace(/^CREATE TABLE /, "CREATE TABLE IF NOT EXISTS "));
  }
}

/** Loads `ref.<table>` for each name from etl/reference, as the build loads it. */
export async function loadReferences(connection: DuckDBConnection, tables: readonly string[]): Promise<void> {
  await connection.run("create schema if not exists ref");
  for (const table of tables) {
    const spec = REFERENCE_TABLES.find((t) => t.table === table);
    if (!spec) throw new Error(`no reference table ${table}`);
    await loadReferenceTable(connection, DEFAULT_REFERENCE_DIR, spec);
  }
}

/** Runs model files of etl/models (`marts/dim_sector.sql`) over the tables there are, in order. */
export async function runModels(connection: DuckDBConnection, files: readonly string[]): Promise<void> {
  for (const file of files) await connection.run(readFileSync(new URL(file, MODELS_DIR), "utf8"));
}

/**
 * The reference lists the API reads and dim_sector, as the build makes them: the admin
 * units before and from 2025 and the VSIC sections (etl/reference), dim_sector by its model
 * over them and seed_vsic_divisions; the tables only dim_sector reads are dropped after.
 */
export async function loadApiReferences(connection: DuckDBConnection): Promise<void> {
  await loadReferences(connection, ["admin_units_before_2025", "admin_units_from_2025", "vsic_sections"]);
  await runModels(connection, ["seeds/seed_vsic_divisions.sql", "marts/dim_sector.sql"]);
  await connection.run("drop table main.seed_vsic_divisions; drop table ref.vsic_sections");
}
