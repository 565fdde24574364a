import type { DataScope } from "../access-scope.js";

/**
 * The relations analysts see outside GraphQL: the SQL endpoint for BI tools
 * (server/sql-endpoint) serves them, and `etl publish --parquet` writes them as a lake
 * (etl/lake). One definition for both, so the endpoint and the lake never differ.
 *
 * Each relation is a SELECT over the published warehouse with the caller's scope
 * applied inside it (`relationSql`): a district key's `unit_year` has only its
 * districts' rows, whatever WHERE the caller writes around it.
 *
 * The semantic layer's catalog adds its rollups with `registerRelations` (names must be
 * new); the endpoint and the lake read `exposedRelations()` at start.
 */

export interface RelationColumn {
  readonly name: string;
  /** What the column means, shown by `\d+` and in BI tools' field descriptions (COMMENT ON COLUMN). */
  readonly comment: string;
}

export interface RelationSpec {
  /** The name analysts write (lower case, no schema). */
  readonly name: string;
  /** What one row is (COMMENT ON TABLE). */
  readonly comment: string;
  /** The columns, in order; the SELECT returns exactly these. */
  readonly columns: readonly RelationColumn[];
  /**
   * The SELECT of every row the province sees, over the warehouse's tables (`main`),
   * with `{{scope}}` where the scope's condition goes (a boolean expression over the
   * unit's `district_code` and `new_commune_code`, as the SELECT names them).
   */
  readonly select: string;
  /** The expressions `{{scope}}` tests: the unit's old district and new commune codes. */
  readonly scopeColumns: { readonly district: string; readonly newCommune: string };
  /** How the lake partitions it (Hive style): by year, or by month for monthly facts. */
  readonly partition: "year" | "month";
  /** The column the partition comes from: an INTEGER year, or a DATE month. */
  readonly partitionColumn: string;
}

const UNIT_YEAR: RelationSpec = {
  name: "unit_year",
  comment: "One row per employer unit (doanh nghiệp) and year, from mart_unit_year: its identity, where it is, its size, its union (CĐCS), members and union fee (KPCĐ).",
  columns: [
    { name: "tax_code", comment: "Tax code (MST) of the unit; branches are written 3200123456-001" },
    { name: "year", comment: "Calendar year of the row" },
    { name: "name", comment: "Unit name as registered" },
    { name: "district_code", comment: "Pre-2025 district (huyện) code, 3 digits" },
    { name: "commune_code", comment: "Pre-2025 commune (xã) code, 5 digits" },
    { name: "new_commune_code", comment: "Commune code from 1 July 2025 (after the merger), 5 digits" },
    { name: "sector", comment: "VSIC section letter of the main activity" },
    { name: "ownership", comment: "Ownership code (e.g. NGOAI_NHA_NUOC, FDI, DNNN)" },
    { name: "legal_form", comment: "Legal form code" },
    { name: "size_band", comment: "Workforce size band" },
    { name: "active", comment: "Operating in the year (not closed, not suspended)" },
    { name: "workers", comment: "Workers in the year (best available source, see workers_source)" },
    { name: "workers_source", comment: "Where workers comes from (social insurance, labour report, tax, survey)" },
    { name: "has_union", comment: "A grassroots union (CĐCS) is in force at the unit in the year" },
    { name: "members", comment: "Union members at year end (0 without a union)" },
    { name: "new_members", comment: "Members admitted in the year" },
    { name: "left_members", comment: "Members who left in the year" },
    { name: "agreement_in_force", comment: "A collective labour agreement (TƯLĐTT) is in force in the year" },
    { name: "fee_due", comment: "Union fee (KPCĐ, 2% of the BHXH salary fund) due for the year, VND" },
    { name: "fee_paid", comment: "Union fee paid for the year, VND" },
    { name: "arrears", comment: "fee_due − fee_paid when positive, VND" },
  ],
  select: `select u.tax_code, u.year, u.name, u.district_code, u.commune_code, u.new_commune_code, u.sector_section as sector,
    u.ownership, u.legal_form, u.size_band, u.active, u.workers, u.workers_source, u.has_union, u.members, u.new_members,
    u.left_members, u.agreement_in_force, u.fee_due, u.fee_paid, u.arrears
  from main.mart_unit_year u
  where {{scope}}`,
  scopeColumns: { district: "u.district_code", newCommune: "u.new_commune_code" },
  partition: "year",
  partitionColumn: "year",
};

const UNIT_MONTH_FINANCE: RelationSpec = {
  name: "unit_month_finance",
  comment: "One row per employer unit and month with social insurance (BHXH) or union-fee (KPCĐ) activity, from mart_unit_month_finance.",
  columns: [
    { name: "tax_code", comment: "Tax code (MST) of the unit" },
    { name: "month", comment: "First day of the month" },
    { name: "year", comment: "Year of the month" },
    { name: "quarter", comment: "Quarter of the month, 1–4" },
    { name: "district_code", comment: "Pre-2025 district code of the unit in that year" },
    { name: "commune_code", comment: "Pre-2025 commune code of the unit in that year" },
    { name: "new_commune_code", comment: "Commune code from 1 July 2025 of the unit" },
    { name: "insured_workers", comment: "Workers with social insurance (BHXH) that month" },
    { name: "salary_fund", comment: "BHXH salary fund of the month, VND" },
    { name: "fee_due", comment: "Union fee (KPCĐ) due for the month: 2% of salary_fund, VND" },
    { name: "fee_paid", comment: "Union fee paid for the month, VND" },
    { name: "arrears", comment: "fee_due − fee_paid when positive, VND" },
    { name: "member_dues_paid", comment: "Member dues (đoàn phí) paid for the month, VND" },
    { name: "members", comment: "Union members that month" },
    { name: "expected_member_dues", comment: "Member dues expected for the month, VND" },
    { name: "has_si", comment: "The unit reported social insurance that month" },
    { name: "payments", comment: "Union-fee payments recorded for the month" },
    { name: "last_paid_on", comment: "Date of the last union-fee payment counted for the month" },
  ],
  select: `select f.tax_code, f.month, f.year, f.quarter, u.district_code, u.commune_code, u.new_commune_code,
    f.insured_workers, f.salary_fund, f.fee_due, f.fee_paid, f.arrears, f.member_dues_paid, f.members,
    f.expected_member_dues, f.has_si, f.payments, f.last_paid_on
  from main.mart_unit_month_finance f
  left join main.mart_unit_year u on u.tax_code = f.tax_code and u.year = f.year
  where {{scope}}`,
  scopeColumns: { district: "u.district_code", newCommune: "u.new_commune_code" },
  partition: "month",
  partitionColumn: "month",
};

const UNION_YEAR: RelationSpec = {
  name: "union_year",
  comment: "One row per grassroots union (CĐCS) and year with a membership return, from fct_membership_yearly and int_unions; located by the unit it is linked to.",
  columns: [
    { name: "union_code", comment: "Code of the grassroots union (CĐCS)" },
    { name: "year", comment: "Year of the membership return" },
    { name: "union_name", comment: "Name of the union" },
    { name: "tax_code", comment: "Tax code (MST) of the employer unit the union is linked to" },
    { name: "link_method", comment: "How the union was linked to its unit (tax code, agency code, match, analyst decision)" },
    { name: "upper_union", comment: "Upper-level union (công đoàn cấp trên) it reports to" },
    { name: "union_sector", comment: "Sector of the union as the federation records it (NGOAI_NHA_NUOC, FDI, DNNN, KHAC)" },
    { name: "district_code", comment: "Pre-2025 district code of the linked unit in that year" },
    { name: "commune_code", comment: "Pre-2025 commune code of the linked unit in that year" },
    { name: "new_commune_code", comment: "Commune code from 1 July 2025 of the linked unit" },
    { name: "workers", comment: "Workers the union reports" },
    { name: "members", comment: "Members at year end" },
    { name: "new_members", comment: "Members admitted in the year" },
    { name: "left_members", comment: "Members who left in the year" },
    { name: "net_growth", comment: "new_members − left_members" },
    { name: "female_members", comment: "Female members at year end" },
    { name: "founded_on", comment: "Date the union was founded" },
    { name: "dissolved_on", comment: "Date the union was dissolved, if it was" },
  ],
  select: `select m.union_code, m.year, n.union_name, m.tax_code, m.link_method, m.upper_union, n.sector as union_sector,
    u.district_code, u.commune_code, u.new_commune_code, m.workers, m.members, m.new_members, m.left_members,
    m.net_growth, m.female_members, n.founded_on, n.dissolved_on
  from main.fct_membership_yearly m
  left join main.int_unions n on n.union_code = m.union_code
  left join main.mart_unit_year u on u.tax_code = m.tax_code and u.year = m.year
  where {{scope}}`,
  scopeColumns: { district: "u.district_code", newCommune: "u.new_commune_code" },
  partition: "year",
  partitionColumn: "year",
};

const BASE_RELATIONS: readonly RelationSpec[] = Object.freeze([UNIT_YEAR, UNIT_MONTH_FINANCE, UNION_YEAR]);
const registered: RelationSpec[] = [];

/** Every relation served and exported: the three base ones, then those registered (the semantic layer's rollups). */
export function exposedRelations(): readonly RelationSpec[] {
  return [...BASE_RELATIONS, ...registered];
}

/** Adds relations (e.g. the semantic catalog's rollups); a name already exposed is an error. */
export function registerRelations(relations: readonly RelationSpec[]): void {
  for (const relation of relations) {
    if (!/^[a-z][a-z0-9_]*$/.test(relation.name)) throw new Error(`relation name ${JSON.stringify(relation.name)}: expected lower-case letters, digits and _`);
    if (exposedRelations().some((r) => r.name === relation.name)) throw new Error(`relation ${relation.name} is already exposed`);
    if (!relation.select.includes("{{scope}}")) throw new Error(`relation ${relation.name}: its select has no {{scope}} placeholder`);
    registered.push(Object.freeze({ ...relation }));
  }
}

/** The condition a scope puts on a relation's rows (`true` for the province). Codes are checked digits, so they are written inline. */
export function scopeCondition(relation: RelationSpec, scope: DataScope): string {
  if (scope.kind === "PROVINCE") return "true";
  const digits = scope.kind === "DISTRICTS" ? 3 : 5;
  for (const code of scope.codes) if (!new RegExp(`^\\d{${digits}}$`).test(code)) throw new Error(`bad ${scope.kind} code ${JSON.stringify(code)}`);
  const column = scope.kind === "DISTRICTS" ? relation.scopeColumns.district : relation.scopeColumns.newCommune;
  return `coalesce(${column} in (${scope.codes.map((c) => `'${c}'`).join(", ")}), false)`;
}

/** The relation's SELECT for one caller's scope. */
export function relationSql(relation: RelationSpec, scope: DataScope): string {
  return relation.select.replaceAll("{{scope}}", `(${scopeCondition(relation, scope)})`);
}

/** SQL to attach the column and table comments to a table or view named like the relation (DuckDB `COMMENT ON`). */
export function commentStatements(relation: RelationSpec, target = relation.name): string[] {
  const text = (s: string) => `'${s.replaceAll("'", "''")}'`;
  return [
    `comment on table ${target} is ${text(relation.comment)}`,
    ...relation.columns.map((c) => `comment on column ${target}.${c.name} is ${text(c.comment)}`),
  ];
}
