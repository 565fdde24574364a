import { type AliasableExpression, type ExpressionBuilder, type Kysely, type SelectQueryBuilder, sql } from "kysely";
import { type CodeLabel, codes, LEGAL_FORMS, labels, OWNERSHIPS, SIZE_BANDS } from "../core/code-lists.js";
import { type AdminLevel, adminUnits } from "./admin-units.js";
import type { Db } from "./database.js";
import type { UnitScope } from "./filters.js";

/** The dimensions aggregates group by (docs/DESIGN.md § Dimensions and filters). */
export const DIMENSIONS = [
  "PROVINCE",
  "DISTRICT",
  "COMMUNE",
  "NEW_COMMUNE",
  "SECTOR",
  "OWNERSHIP",
  "LEGAL_FORM",
  "SIZE_BAND",
  "INDUSTRIAL_ZONE",
  "UPPER_UNION",
  "YEAR",
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** One value of a dimension: its code, its display name and its position in the list. */
export interface DimensionValueRow {
  code: string;
  name: string | null;
  ord: number;
}

type ValuesQuery = SelectQueryBuilder<any, any, DimensionValueRow>;

/**
 * How a dimension reads a unit (`key`, as text, over `mart_unit_year as u`) and where
 * its values and names come from. A `closed` dimension lists every value, so values
 * no unit has still get a (zero) row; an open one shows the values units have.
 * `names: "code"` means the code is its own name (free-text dimensions).
 */
export interface DimensionSpec {
  readonly key: (eb: ExpressionBuilder<UnitScope, "u">) => AliasableExpression<string | null>;
  readonly closed: boolean;
  readonly values?: (db: Db, year: number) => ValuesQuery;
  readonly names?: "code";
}

/**
 * Provinces (before or after the 2025 reform) in which the warehouse has at least one unit.
 * The old era reads the distinct district codes of the mart first (a few hundred at most)
 * and only then looks their provinces up in the reference table, which has one row per
 * commune: joining every mart row to it would fan each out ~12× (README, "Benchmarks").
 */
const provincesWithUnits = (db: Db, era: "old" | "new") =>
  era === "old"
    ? db
        .selectFrom("ref.admin_units_before_2025 as r")
        .where("r.district_code", "in", db.selectFrom("mart_unit_year as m").where("m.district_code", "is not", null).select("m.district_code").distinct())
        .select("r.province_code")
        .distinct()
    : db
        .selectFrom("mart_unit_year as m")
        .where("m.new_province_code", "is not", null)
        .select((eb) => eb.ref("m.new_province_code").$castTo<string>().as("province_code"))
        .distinct();

/** Every unit of an admin level in the provinces the warehouse covers, numbered in code order. */
const adminValues = (level: AdminLevel) => (db: Db) =>
  db
    .selectFrom(adminUnits(db, level).as("a"))
    .where("a.province_code", "in", provincesWithUnits(db, level === "DISTRICT" || level === "COMMUNE" ? "old" : "new"))
    .select((eb) => [
      "a.code",
      "a.name",
      eb.fn
        .agg<number>("row_number")
        .over((ob) => ob.orderBy("a.code"))
        .as("ord"),
    ]) as unknown as ValuesQuery;

/** A code list from code-lists.ts as rows, in its own order (codes and labels travel as parameters). */
const codeListValues = (entries: readonly CodeLabel[]) => (db: Db) =>
  (db as unknown as Kysely<any>).selectNoFrom([
    sql<string>`unnest(${codes(entries)}::varchar[])`.as("code"),
    sql<string>`unnest(${labels(entries)}::varchar[])`.as("name"),
    sql<number>`unnest(${entries.map((_, i) => i)}::integer[])`.as("ord"),
  ]) as ValuesQuery;

export const DIMENSION_SPECS: Readonly<Record<Dimension, DimensionSpec>> = Object.freeze({
  /** The 2025 province (through the crosswalk): the provinces units are in, named. */
  PROVINCE: { key: (eb) => eb.ref("u.new_province_code"), closed: false, values: (db) => adminValues("NEW_PROVINCE")(db) },
  /** The pre-2025 district: every district of the provinces the warehouse covers. */
  DISTRICT: { key: (eb) => eb.ref("u.district_code"), closed: true, values: adminValues("DISTRICT") },
  /** The pre-2025 commune: every commune of the provinces the warehouse covers. */
  COMMUNE: { key: (eb) => eb.ref("u.commune_code"), closed: true, values: adminValues("COMMUNE") },
  /** The 2025 commune: every commune of the 2025 provinces the warehouse covers. */
  NEW_COMMUNE: { key: (eb) => eb.ref("u.new_commune_code"), closed: true, values: adminValues("NEW_COMMUNE") },
  SECTOR: {
    key: (eb) => eb.ref("u.sector_section"),
    closed: true,
    values: (db) =>
      db.selectFrom("dim_sector as s").select((eb) => [
        "s.section as code",
        "s.name_vi as name",
        eb.fn
          .agg<number>("row_number")
          .over((ob) => ob.orderBy("s.section"))
          .as("ord"),
      ]) as unknown as ValuesQuery,
  },
  OWNERSHIP: { key: (eb) => eb.ref("u.ownership"), closed: true, values: codeListValues(OWNERSHIPS) },
  LEGAL_FORM: { key: (eb) => eb.ref("u.legal_form"), closed: true, values: codeListValues(LEGAL_FORMS) },
  SIZE_BAND: { key: (eb) => eb.ref("u.size_band"), closed: true, values: codeListValues(SIZE_BANDS) },
  INDUSTRIAL_ZONE: { key: (eb) => eb.ref("u.industrial_zone"), closed: false, names: "code" },
  UPPER_UNION: { key: (eb) => eb.ref("u.upper_union"), closed: false, names: "code" },
  /** The year asked for: one value. */
  YEAR: {
    key: (eb) => eb.cast<string>("u.year", "varchar"),
    closed: true,
    values: (db, year) =>
      db.selectNoFrom((eb) => [eb.val(String(year)).as("code"), eb.val(String(year)).as("name"), eb.lit(0).as("ord")]) as unknown as ValuesQuery,
  },
} satisfies Record<Dimension, DimensionSpec>);
