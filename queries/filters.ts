import { type Expression, type ExpressionBuilder, expressionBuilder, type SqlBool, sql } from "kysely";
import type { MartUnitYearTable } from "./database.js";
import { parseTaxCode } from "./tax-code.js";
import { badUserInput } from "./user-errors.js";

/**
 * Which employer units a query looks at. Every field that is set must hold (AND);
 * `AND`, `OR` and `NOT` combine whole filters. Code lists hold warehouse codes
 * (`ownershipIn: ["FDI"]`, `sizeBandIn: ["20-49"]`), except `taxCodeIn`, which takes tax codes in
 * any written form (`3200123456-001`, `3200123456001`, spaces, dots). An empty list matches nothing.
 */
export interface EnterpriseFilter {
  readonly AND?: readonly EnterpriseFilter[] | null;
  readonly OR?: readonly EnterpriseFilter[] | null;
  readonly NOT?: EnterpriseFilter | null;
  readonly hasUnion?: boolean | null;
  readonly active?: boolean | null;
  readonly agreementInForce?: boolean | null;
  readonly minWorkers?: number | null;
  readonly maxWorkers?: number | null;
  readonly taxCodeIn?: readonly string[] | null;
  readonly communeCodeIn?: readonly string[] | null;
  readonly districtCodeIn?: readonly string[] | null;
  readonly newCommuneCodeIn?: readonly string[] | null;
  readonly provinceCodeIn?: readonly string[] | null;
  readonly sectorIn?: readonly string[] | null;
  readonly ownershipIn?: readonly string[] | null;
  readonly legalFormIn?: readonly string[] | null;
  readonly statusIn?: readonly string[] | null;
  readonly sizeBandIn?: readonly string[] | null;
  readonly workersSourceIn?: readonly string[] | null;
  readonly industrialZoneIn?: readonly string[] | null;
  readonly inIndustrialZone?: boolean | null;
  readonly upperUnionIn?: readonly string[] | null;
  readonly nameSearch?: string | null;
}

/** The table a filter applies to: `mart_unit_year as u`. */
export type UnitScope = { u: MartUnitYearTable };
type Eb = ExpressionBuilder<UnitScope, "u">;

/** Nesting deeper than this is refused: no analyst needs it, and it bounds the SQL. */
export const MAX_FILTER_NESTING = 8;

type ListField = { [K in keyof EnterpriseFilter]-?: NonNullable<EnterpriseFilter[K]> extends readonly string[] ? K : never }[keyof EnterpriseFilter];
type UnitColumn = keyof MartUnitYearTable & string;

const LIST_COLUMNS: Readonly<Record<ListField, UnitColumn>> = Object.freeze({
  taxCodeIn: "tax_code",
  communeCodeIn: "commune_code",
  districtCodeIn: "district_code",
  newCommuneCodeIn: "new_commune_code",
  provinceCodeIn: "new_province_code",
  sectorIn: "sector_section",
  ownershipIn: "ownership",
  legalFormIn: "legal_form",
  statusIn: "status",
  sizeBandIn: "size_band",
  workersSourceIn: "workers_source",
  industrialZoneIn: "industrial_zone",
  upperUnionIn: "upper_union",
});

const FLAG_COLUMNS = Object.freeze({ hasUnion: "has_union", active: "active", agreementInForce: "agreement_in_force" } as const);

/**
 * Compiles a filter to one boolean SQL expression over `mart_unit_year as u`. Every
 * leaf is two-valued (a NULL column never matches, and `NOT` of a non-match
 * matches), so `NOT` means what analysts expect.
 */
export function compileEnterpriseFilter(filter: EnterpriseFilter | null | undefined): Expression<SqlBool> {
  const eb = expressionBuilder<UnitScope, "u">();
  return filter ? compile(eb, filter, 1) : eb.lit(true);
}

function compile(eb: Eb, filter: EnterpriseFilter, depth: number): Expression<SqlBool> {
  if (depth > MAX_FILTER_NESTING) {
    throw badUserInput(`filter nests AND/OR/NOT deeper than ${MAX_FILTER_NESTING} levels`, { limit: MAX_FILTER_NESTING });
  }
  const parts: Expression<SqlBool>[] = [];
  const leaf = (e: Expression<SqlBool>) => parts.push(eb.fn.coalesce(e, eb.lit(false)));

  for (const [field, column] of Object.entries(FLAG_COLUMNS) as [keyof typeof FLAG_COLUMNS, UnitColumn][]) {
    const value = filter[field];
    if (value != null) leaf(eb(eb.ref(`u.${column}`), "=", value));
  }
  if (filter.minWorkers != null) leaf(eb("u.workers", ">=", workerBound("minWorkers", filter.minWorkers)));
  if (filter.maxWorkers != null) leaf(eb("u.workers", "<=", workerBound("maxWorkers", filter.maxWorkers)));
  for (const [field, column] of Object.entries(LIST_COLUMNS) as [ListField, UnitColumn][]) {
    const given = filter[field];
    if (given == null) continue;
    const values = field === "taxCodeIn" ? given.map((code) => parseTaxCode(code, "filter.taxCodeIn")) : given;
    parts.push(values.length ? eb.fn.coalesce(eb(eb.ref(`u.${column}`), "in", [...values]), eb.lit(false)) : eb.lit(false));
  }
  if (filter.inIndustrialZone != null) {
    parts.push(filter.inIndustrialZone ? eb("u.industrial_zone", "is not", null) : eb("u.industrial_zone", "is", null));
  }
  if (filter.nameSearch != null) leaf(nameContains(filter.nameSearch));
  if (filter.AND) parts.push(eb.and(filter.AND.map((f) => compile(eb, f, depth + 1))));
  if (filter.OR) parts.push(eb.or(filter.OR.map((f) => compile(eb, f, depth + 1))));
  if (filter.NOT) parts.push(eb.not(compile(eb, filter.NOT, depth + 1)));
  return eb.and(parts);
}

function workerBound(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw badUserInput(`${field} must be a whole number ≥ 0, got ${value}`, { field });
  return value;
}

/**
 * Diacritic-insensitive substring search: the text is folded by the same warehouse
 * macro that folded the names (`util.fold`: lower case, no diacritics, đ → d,
 * non-alphanumerics → one space) and compared with `contains`, which has no
 * wildcards: `%` and `_` typed by a user are data, never patterns.
 */
function nameContains(text: string): Expression<SqlBool> {
  if (!/[\p{L}\p{N}]/u.test(text)) {
    throw badUserInput("nameSearch needs at least one letter or digit", { field: "nameSearch" });
  }
  return sql<SqlBool>`contains(${sql.ref("u.name_folded")}, util.fold(${text}))`;
}
