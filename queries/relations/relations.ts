import type { DataScope } from "../../core/access/principal.js";
import { ROLLUP_FINANCE_MONTH, ROLLUP_UNIT_YEAR } from "../semantic/rollups.catalog.js";
import { formatTaxCodeSql } from "../tax-code.js";

/**
 * The relations analysts see outside GraphQL: the SQL endpoint for BI tools
 * (server/sql-endpoint) serves them, and `etl publish --parquet` writes them as a lake
 * (etl/lake). One definition for both, so the endpoint and the lake never differ.
 *
 * Tax codes are shown in their official form (a branch `3200123456-001`, queries/tax-code.ts),
 * as everywhere people read them; join the relations on `tax_code` as they show it.
 *
 * Each relation is a SELECT over the published warehouse with the caller's scope
 * applied inside it (`relationSql`): a district key's `unit_year` has only its
 * districts' rows, whatever WHERE the caller writes around it.
 *
 * The semantic layer's rollups (queries/semantic/rollups.catalog.ts) are exposed too, by
 * name and description from its catalog; more relations can be added with
 * `registerRelations` (names must be new). The endpoint and the lake read
 * `exposedRelations()` at start; a relation whose tables a warehouse version lacks is
 * left out of that version (server/sql-endpoint/endpoint-database.ts).
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
  comment:
    "One row per employer unit (doanh nghiệp) and year, from mart_unit_year: its identity, where it is, its size, its union (CĐCS), members and union fee (KPCĐ).",
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
    { name: "fee_paid_on_time", comment: "Union fee of the year received by its deadline (ref.payment_deadlines), VND" },
    { name: "fee_paid_late", comment: "Union fee of the year received after its deadline, VND" },
    { name: "paid_late", comment: "Some union fee of the year was received after its deadline" },
    { name: "si_arrears", comment: "Social-insurance (BHXH) arrears at 31 December (so_no of December), VND" },
    { name: "state_budget_funded", comment: "Funded wholly by the state budget (its last SI month of the year): no union fee from 1 July 2025" },
  ],
  select: `select ${formatTaxCodeSql("u.tax_code")} as tax_code, u.year, u.name, u.district_code, u.commune_code, u.new_commune_code, u.sector_section as sector,
    u.ownership, u.legal_form, u.size_band, u.active, u.workers, u.workers_source, u.has_union, u.members, u.new_members,
    u.left_members, u.agreement_in_force, u.fee_due, u.fee_paid, u.arrears, u.fee_paid_on_time, u.fee_paid_late, u.paid_late,
    u.si_arrears, u.state_budget_funded
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
    { name: "tax_code", comment: "Tax code (MST) of the unit; branches are written 3200123456-001" },
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
    { name: "fee_paid_on_time", comment: "Union fee placed on the month received by its deadline (ref.payment_deadlines), VND" },
    { name: "fee_paid_late", comment: "Union fee placed on the month received after its deadline, VND" },
    { name: "si_arrears", comment: "Social-insurance (BHXH) arrears at the month's end (so_no), VND" },
    { name: "state_budget_funded", comment: "Funded wholly by the state budget that month: no union fee from 1 July 2025" },
  ],
  select: `select ${formatTaxCodeSql("f.tax_code")} as tax_code, f.month, f.year, f.quarter, u.district_code, u.commune_code, u.new_commune_code,
    f.insured_workers, f.salary_fund, f.fee_due, f.fee_paid, f.arrears, f.member_dues_paid, f.members,
    f.expected_member_dues, f.has_si, f.payments, f.last_paid_on, f.fee_paid_on_time, f.fee_paid_late, f.si_arrears, f.state_budget_funded
  from main.mart_unit_month_finance f
  left join main.mart_unit_year u on u.tax_code = f.tax_code and u.year = f.year
  where {{scope}}`,
  scopeColumns: { district: "u.district_code", newCommune: "u.new_commune_code" },
  partition: "month",
  partitionColumn: "month",
};

const UNION_YEAR: RelationSpec = {
  name: "union_year",
  comment:
    "One row per grassroots union (CĐCS) and year with a membership return, from fct_membership_yearly and dim_union; located by the unit it is linked to.",
  columns: [
    { name: "union_code", comment: "Code of the grassroots union (CĐCS)" },
    { name: "year", comment: "Year of the membership return" },
    { name: "union_name", comment: "Name of the union" },
    { name: "tax_code", comment: "Tax code (MST) of the employer unit the union is linked to; branches are written 3200123456-001" },
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
  select: `select m.union_code, m.year, n.union_name, ${formatTaxCodeSql("m.tax_code")} as tax_code, m.link_method, m.upper_union, n.sector as union_sector,
    u.district_code, u.commune_code, u.new_commune_code, m.workers, m.members, m.new_members, m.left_members,
    m.net_growth, m.female_members, n.founded_on, n.dissolved_on
  from main.fct_membership_yearly m
  left join main.dim_union n on n.union_code = m.union_code
  left join main.mart_unit_year u on u.tax_code = m.tax_code and u.year = m.year
  where {{scope}}`,
  scopeColumns: { district: "u.district_code", newCommune: "u.new_commune_code" },
  partition: "year",
  partitionColumn: "year",
};

/** What each key column of the semantic layer's rollups means (their names are mart_unit_year's). */
const KEY_COMMENTS: Readonly<Record<string, string>> = Object.freeze({
  year: "Calendar year",
  month: "First day of the month",
  district_code: "Pre-2025 district (huyện) code",
  commune_code: "Pre-2025 commune (xã) code",
  new_commune_code: "Commune code from 1 July 2025",
  new_province_code: "Province code from 1 July 2025",
  sector_section: "VSIC section letter of the main activity",
  ownership: "Ownership code",
  legal_form: "Legal form code",
  size_band: "Workforce size band",
  active: "Operating in the year",
  has_union: "A grassroots union (CĐCS) is in force",
  agreement_in_force: "A collective labour agreement is in force",
});

const keyColumns = (key: readonly string[]) => key.map((name) => ({ name, comment: KEY_COMMENTS[name] ?? name }));

/** The semantic layer's rollup of unit-years (queries/semantic/rollups.catalog.ts): counts and sums by every unit attribute. */
const UNIT_YEAR_ROLLUP: RelationSpec = {
  name: "unit_year_rollup",
  comment: `${ROLLUP_UNIT_YEAR.description} (table ${ROLLUP_UNIT_YEAR.name}; sum units, workers or members over the keys you keep)`,
  columns: [
    ...keyColumns(ROLLUP_UNIT_YEAR.key),
    { name: "units", comment: "Unit-years with these key values" },
    { name: "workers", comment: "Sum of workers of those unit-years" },
    { name: "members", comment: "Sum of union members of those unit-years" },
  ],
  select: `select ${ROLLUP_UNIT_YEAR.key.map((k) => `r.${k}`).join(", ")}, r.units, r.workers, r.members from main.${ROLLUP_UNIT_YEAR.name} r where {{scope}}`,
  scopeColumns: { district: "r.district_code", newCommune: "r.new_commune_code" },
  partition: "year",
  partitionColumn: "year",
};

/** The semantic layer's rollup of union-fee months; it has no 2025 commune, so a commune-scoped key sees none of it. */
const FINANCE_MONTH_ROLLUP: RelationSpec = {
  name: "finance_month_rollup",
  comment: `${ROLLUP_FINANCE_MONTH.description} (table ${ROLLUP_FINANCE_MONTH.name}; money sums at any grain)`,
  columns: [
    ...keyColumns(ROLLUP_FINANCE_MONTH.key),
    { name: "units", comment: "Unit-months with these key values" },
    { name: "fee_due", comment: "Union fee (KPCĐ) due, VND" },
    { name: "fee_paid", comment: "Union fee paid, VND" },
    { name: "arrears", comment: "Sum over unit-months of fee_due − fee_paid when positive, VND" },
    { name: "non_payers", comment: "Unit-months with a salary fund and no fee paid" },
    { name: "units_owing", comment: "Unit-months with a salary fund (owing a fee)" },
    { name: "paying_units", comment: "Unit-months with a fee paid" },
    { name: "member_dues_paid", comment: "Member dues paid, VND" },
    { name: "expected_member_dues", comment: "Member dues expected, VND" },
    { name: "insured_workers", comment: "Sum of workers with social insurance (BHXH)" },
    { name: "fee_paid_on_time", comment: "Union fee received by its deadline, VND" },
    { name: "late_units", comment: "Unit-months with some union fee received after its deadline" },
    { name: "si_arrears", comment: "Social-insurance arrears at the month's end, VND (a stock: take a period's last month)" },
    { name: "si_arrears_units", comment: "Unit-months with social-insurance arrears above 0 at the month's end" },
  ],
  select: `select ${ROLLUP_FINANCE_MONTH.key.map((k) => `r.${k}`).join(", ")}, r.units, r.fee_due, r.fee_paid, r.arrears, r.non_payers, r.units_owing,
    r.paying_units, r.member_dues_paid, r.expected_member_dues, r.insured_workers, r.fee_paid_on_time, r.late_units, r.si_arrears, r.si_arrears_units
  from main.${ROLLUP_FINANCE_MONTH.name} r where {{scope}}`,
  scopeColumns: { district: "r.district_code", newCommune: "NULL" },
  partition: "month",
  partitionColumn: "month",
};

const BASE_RELATIONS: readonly RelationSpec[] = Object.freeze([UNIT_YEAR, UNIT_MONTH_FINANCE, UNION_YEAR, UNIT_YEAR_ROLLUP, FINANCE_MONTH_ROLLUP]);
const registered: RelationSpec[] = [];

/** Every relation served and exported: the three base ones and the rollups, then those registered. */
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
