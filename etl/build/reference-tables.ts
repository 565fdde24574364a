import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DuckDBConnection } from "@duckdb/node-api";
import { quoteIdent, quoteLiteral } from "../../core/warehouse/sql-text.js";

/** A reference CSV of etl/reference and the table it loads, with explicit column types. */
export interface ReferenceTable {
  readonly table: string;
  readonly file: string;
  /** Column → DuckDB type, in output order; codes are VARCHAR. */
  readonly columns: Readonly<Record<string, string>>;
  /** Columns the file may omit, with the SQL value used instead. */
  readonly defaults?: Readonly<Record<string, string>>;
}

export const REFERENCE_TABLES: readonly ReferenceTable[] = Object.freeze<ReferenceTable[]>([
  {
    table: "admin_units_before_2025",
    file: "admin_units_before_2025.csv",
    columns: {
      province_code: "VARCHAR",
      province_name: "VARCHAR",
      district_code: "VARCHAR",
      district_name: "VARCHAR",
      commune_code: "VARCHAR",
      commune_name: "VARCHAR",
      commune_type: "VARCHAR",
    },
  },
  {
    table: "admin_units_from_2025",
    file: "admin_units_from_2025.csv",
    columns: { province_code: "VARCHAR", province_name: "VARCHAR", commune_code: "VARCHAR", commune_name: "VARCHAR" },
  },
  {
    table: "admin_crosswalk_2025",
    file: "admin_crosswalk_2025.csv",
    columns: {
      old_province_code: "VARCHAR",
      old_commune_code: "VARCHAR",
      old_commune_name: "VARCHAR",
      new_province_code: "VARCHAR",
      new_commune_code: "VARCHAR",
      new_commune_name: "VARCHAR",
    },
  },
  { table: "vsic_sections", file: "vsic_2018_sections.csv", columns: { section: "VARCHAR", name_vi: "VARCHAR" } },
  {
    table: "rates",
    file: "rates.csv",
    columns: {
      rate_id: "VARCHAR",
      valid_from: "DATE",
      valid_to: "DATE",
      value: "DECIMAL(18,6)",
      unit: "VARCHAR",
      legal_basis: "VARCHAR",
      applies_to: "VARCHAR",
    },
    defaults: { applies_to: "'ALL'" },
  },
  {
    table: "payment_deadlines",
    file: "payment_deadlines.csv",
    columns: {
      payment_grain: "VARCHAR",
      valid_from: "DATE",
      valid_to: "DATE",
      months_after_period: "INTEGER",
      applies_to: "VARCHAR",
      legal_basis: "VARCHAR",
    },
  },
  {
    table: "name_abbreviations",
    file: "name_abbreviations.csv",
    columns: {
      written: "VARCHAR",
      reading: "VARCHAR",
      kind: "VARCHAR",
      position: "VARCHAR",
      score: "DOUBLE",
      version: "INTEGER",
      added_on: "DATE",
      source: "VARCHAR",
    },
  },
  {
    table: "targets",
    file: "targets.csv",
    columns: {
      target_id: "VARCHAR",
      metric: "VARCHAR",
      from_year: "INTEGER",
      to_year: "INTEGER",
      comparison: "VARCHAR",
      value: "DECIMAL(18,6)",
      unit: "VARCHAR",
      program_line: "VARCHAR",
    },
  },
]);

export const DEFAULT_REFERENCE_DIR = fileURLToPath(new URL("../reference/", import.meta.url));

/** The header of a CSV file (UTF-8, optional BOM, comma-separated, names unquoted or double-quoted). */
function csvHeader(path: string): string[] {
  const text = readFileSync(path, "utf8").replace(/^\uFEFF/, "");
  const line = text.split(/\r?\n/, 1)[0] ?? "";
  return line.split(",").map((h) => h.trim().replace(/^"(.*)"$/, "$1"));
}

/**
 * Replaces `ref.<table>` from its CSV: every column read as declared (codes as VARCHAR,
 * never guessed), optional columns filled with their default, unknown columns refused.
 * Returns the row count.
 */
export async function loadReferenceTable(connection: DuckDBConnection, dir: string, spec: ReferenceTable): Promise<number> {
  const path = join(dir, spec.file);
  const header = csvHeader(path);
  const unknown = header.filter((h) => !(h in spec.columns));
  if (unknown.length) throw new Error(`reference ${spec.file}: unknown column(s) ${unknown.join(", ")}`);
  const missing = Object.keys(spec.columns).filter((c) => !header.includes(c) && !(spec.defaults && c in spec.defaults));
  if (missing.length) throw new Error(`reference ${spec.file}: missing column(s) ${missing.join(", ")}`);
  const types = `{${header.map((h) => `${quoteLiteral(h)}: ${quoteLiteral(spec.columns[h])}`).join(", ")}}`;
  const select = Object.entries(spec.columns)
    .map(([name, type]) => (header.includes(name) ? quoteIdent(name) : `cast(${spec.defaults![name]} as ${type}) as ${quoteIdent(name)}`))
    .join(", ");
  await connection.run(
    `create or replace table ref.${spec.table} as select ${select}
     from read_csv(${quoteLiteral(path)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
                   dateformat = '%Y-%m-%d', columns = ${types})`,
  );
  const reader = await connection.runAndReadAll(`select count(*) from ref.${spec.table}`);
  return Number(reader.getRows()[0][0]);
}
