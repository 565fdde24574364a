import type { Expression, SqlBool } from "kysely";
import type { Dimension } from "../dimensions.js";
import type { EnterpriseFilter } from "../filters.js";
import type { AnyEb, BaseMeasureSpec, Grain, MeasureParams } from "./catalog.types.js";
import { CONDITIONS } from "./conditions.catalog.js";

/**
 * Aggregate tables the build makes (etl/models/marts/rollup_*.sql) so the common questions
 * read a few thousand rows instead of the marts. Each keeps, as key columns named as in
 * `mart_unit_year`, the attributes its questions group and filter by, so the API's
 * dimension keys and compiled filters (`u.<column>`) read it unchanged. The planner
 * (planner.ts) answers from the smallest rollup that covers a question, else the mart.
 */
export interface RollupSpec {
  /** The table (main.<name>) and its model file etl/models/marts/<name>.sql. */
  readonly name: string;
  readonly grain: Grain;
  readonly description: string;
  /** Its grain: the columns unique together (tested by the build). */
  readonly key: readonly string[];
  /** The groupBy dimensions it can answer. */
  readonly dimensions: readonly Dimension[];
  /** The EnterpriseFilter fields it can evaluate (AND, OR and NOT of them too). */
  readonly filterFields: readonly (keyof EnterpriseFilter)[];
  /** Rank among the rollups of a grain: the planner tries smaller first. */
  readonly size: number;
  /**
   * The aggregate giving base measure `m` over the rollup (aliased `u`), or null when the
   * rollup cannot give it for this question. `singleMonth`: the question has one period,
   * a month (the only case where per-unit measures of a month rollup are exact).
   */
  aggregate(eb: AnyEb, m: BaseMeasureSpec, params: MeasureParams, question: { readonly singleMonth: boolean }): AggregateParts | null;
}

/** An aggregate as parts, so a caller can add conditions: `count(*)` or `sum(value)`, FILTER (WHERE every one of `where`). */
export interface AggregateParts {
  readonly fn: "count" | "sum";
  readonly value: Expression<unknown> | null;
  readonly where: readonly Expression<SqlBool>[];
}

const UNIT_FILTER_FIELDS = [
  "hasUnion",
  "active",
  "agreementInForce",
  "communeCodeIn",
  "districtCodeIn",
  "newCommuneCodeIn",
  "provinceCodeIn",
  "sectorIn",
  "ownershipIn",
  "legalFormIn",
  "sizeBandIn",
] as const;

/** Sum of a rollup column under the measure's conditions, each evaluated on the rollup's keys. */
function conditionedSum(eb: AnyEb, column: string, m: BaseMeasureSpec, params: MeasureParams): AggregateParts | null {
  const where: Expression<SqlBool>[] = [];
  for (const name of m.aggregate.where) {
    const condition = CONDITIONS[name].rollupSql?.(eb, params) ?? null;
    if (!condition) return null;
    where.push(condition);
  }
  return { fn: "sum", value: eb.ref(`u.${column}`), where };
}

/** What the unit-year rollup keeps for each unit-year aggregate of the mart: count(*) → units, sum(workers) → workers, sum(members) → members. */
const UNIT_YEAR_SUMS: Readonly<Record<string, string>> = Object.freeze({ count: "units", "sum:u.workers": "workers", "sum:u.members": "members" });

export const ROLLUP_UNIT_YEAR: RollupSpec = Object.freeze<RollupSpec>({
  name: "rollup_unit_year",
  grain: "UNIT_YEAR",
  description:
    "Unit-years counted and summed (units, workers, members) by year × district × commune × 2025 commune and province × sector × ownership × legal form × size band × active × union × agreement: every coverage and program measure for minWorkers on a size-band boundary (0, 5, 20, 50, 200, 1000).",
  key: [
    "year",
    "district_code",
    "commune_code",
    "new_commune_code",
    "new_province_code",
    "sector_section",
    "ownership",
    "legal_form",
    "size_band",
    "active",
    "has_union",
    "agreement_in_force",
  ],
  dimensions: ["PROVINCE", "DISTRICT", "COMMUNE", "NEW_COMMUNE", "SECTOR", "OWNERSHIP", "LEGAL_FORM", "SIZE_BAND"],
  filterFields: UNIT_FILTER_FIELDS,
  size: 2,
  aggregate(eb, m, params) {
    const signature = m.aggregate.fn === "count" ? "count" : `sum:${m.aggregate.column}`;
    const column = UNIT_YEAR_SUMS[signature];
    return column ? conditionedSum(eb, column, m, params) : null;
  },
});

/** rollup_finance_month's column of each unit-month measure, and whether it holds per unit (exact only for one month). */
const FINANCE_COLUMNS: Readonly<Record<string, { column: string; perUnit: boolean }>> = Object.freeze({
  feeDue: { column: "fee_due", perUnit: false },
  feePaid: { column: "fee_paid", perUnit: false },
  memberDuesPaid: { column: "member_dues_paid", perUnit: false },
  expectedMemberDues: { column: "expected_member_dues", perUnit: false },
  insuredWorkers: { column: "insured_workers", perUnit: false },
  arrears: { column: "arrears", perUnit: true },
  nonPayers: { column: "non_payers", perUnit: true },
  unitsOwing: { column: "units_owing", perUnit: true },
  payingUnits: { column: "paying_units", perUnit: true },
  financeUnits: { column: "units", perUnit: true },
  feePaidOnTime: { column: "fee_paid_on_time", perUnit: false },
  lateUnits: { column: "late_units", perUnit: true },
  // stocks: the planner's stock rule reads the period's last month only, where a unit-month is a unit
  siArrears: { column: "si_arrears", perUnit: false },
  siArrearsUnits: { column: "si_arrears_units", perUnit: false },
});

export const ROLLUP_FINANCE_MONTH: RollupSpec = Object.freeze<RollupSpec>({
  name: "rollup_finance_month",
  grain: "UNIT_MONTH",
  description:
    "Union-fee collection summed by month × district × 2025 province × sector × ownership × active × union (the unit's values in the month's year): fee due, paid and paid on time, member dues, insured workers, SI arrears and the units with them at any grain; arrears, late units and unit counts per unit-month, so exact for a one-month question.",
  key: ["month", "district_code", "new_province_code", "sector_section", "ownership", "active", "has_union"],
  dimensions: ["PROVINCE", "DISTRICT", "SECTOR", "OWNERSHIP"],
  filterFields: ["hasUnion", "active", "districtCodeIn", "provinceCodeIn", "sectorIn", "ownershipIn"],
  size: 1,
  aggregate(eb, m, _params, question) {
    const entry = FINANCE_COLUMNS[m.name];
    if (!entry || (entry.perUnit && !question.singleMonth)) return null;
    return { fn: "sum", value: eb.ref(`u.${entry.column}`), where: [] };
  },
});

/**
 * The year's uncovered units (docs/DOMAIN.md § Uncovered units, minWorkers 20), largest first: ordered by
 * year, workers descending and tax code, so the first page of a year is a range read.
 * Built and tested like the other rollups; not an aggregate, so the planner does not use it.
 */
export const ROLLUP_UNCOVERED_UNITS = Object.freeze({
  name: "rollup_uncovered_units",
  description: "The uncovered units of each year (active, workers ≥ 20, no union), ordered by year, workers descending, tax code.",
  key: ["year", "tax_code"],
});

export const ROLLUPS: readonly RollupSpec[] = Object.freeze([ROLLUP_FINANCE_MONTH, ROLLUP_UNIT_YEAR]);
