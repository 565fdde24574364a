import type { Expression, ExpressionBuilder, SqlBool } from "kysely";

/**
 * The shapes of the semantic catalog (measures.catalog.ts, conditions.catalog.ts,
 * dimensions.catalog.ts, rollups.catalog.ts): every measure of docs/DOMAIN.md once, with
 * its grain, SQL, kind, unit and names, so the API computes each from one definition.
 */

/**
 * The finest level a measure is held at, and the relation its SQL reads:
 * - UNIT_YEAR: one employer unit in one year, `mart_unit_year as u`;
 * - UNIT_MONTH: one unit in one month, `mart_unit_month_finance as f`, first summed per
 *   unit over each period of the question (the unit-period row: due, paid, salary_fund, member_dues_paid, expected_member_dues,
 *   paid_on_time, paid_late, and insured_workers and si_arrears of the period's last month);
 * - UNION_YEAR: one grassroots union's membership return of a year, `fct_membership_yearly as m`,
 *   with the unit it is linked to (`u`, none for an unlinked union).
 * Every grain reads dimensions and filters from `u`, the unit in the row's year.
 */
export type Grain = "UNIT_YEAR" | "UNIT_MONTH" | "UNION_YEAR";

/**
 * How a measure aggregates:
 * - ADDITIVE: sums (or counts) over units and over periods (a flow: fee paid, new members);
 * - STOCK: a value at a date: sums over units; a period's (or a range's) value is its last
 *   year's or month's (units in scope at 31 December, insured workers);
 * - PER_UNIT: sums over units of a value taken per unit over the whole period (arrears,
 *   non-payers): recomputed for every period, neither summed nor carried over time;
 * - RATIO: numerator ÷ denominator, both measures of the catalog, each aggregated first and
 *   divided at the end (never an average of ratios); null when the denominator is 0.
 */
export type MeasureKind = "ADDITIVE" | "STOCK" | "PER_UNIT" | "RATIO";

export type MeasureUnit = "units" | "workers" | "members" | "unions" | "VND" | "fraction";

/** The GraphQL scalar of a measure's field: counts Int, money BigInt, ratios Float. */
export type MeasureScalar = "Int" | "BigInt" | "Float";

/** The question's parameters a measure's SQL may read. */
export interface MeasureParams {
  /** The scope threshold of "in scope" (docs/DOMAIN.md § In scope): active and workers ≥ minWorkers. */
  readonly minWorkers: number;
}

export type AnyEb = ExpressionBuilder<any, any>;

/** A condition on a row of a grain, by name (conditions.catalog.ts). */
export type ConditionName =
  | "IN_SCOPE"
  | "ACTIVE"
  | "HAS_UNION"
  | "NO_UNION"
  | "AGREEMENT_IN_FORCE"
  | "WORKERS_KNOWN"
  | "OWES_FEE"
  | "PAID_NOTHING"
  | "PAID_SOMETHING"
  | "HAS_SI_ARREARS"
  | "PAID_LATE";

export interface ConditionSpec {
  readonly grain: Grain;
  /** The docs/DOMAIN.md heading defining it, when one does. */
  readonly domain: string | null;
  readonly description: string;
  /** The condition over the grain's row relation (`u` for UNIT_YEAR, the unit-period row for UNIT_MONTH). */
  readonly sql: (eb: AnyEb, params: MeasureParams) => Expression<SqlBool>;
  /**
   * The same condition over a rollup of the grain that keeps the columns it reads as keys
   * (`u` being the rollup); null when the rollup cannot tell (a `minWorkers` that is not
   * a size-band boundary). Absent: no rollup can evaluate it.
   */
  readonly rollupSql?: (eb: AnyEb, params: MeasureParams) => Expression<SqlBool> | null;
}

/** The aggregate of a base (non-ratio) measure over its grain's rows: count(*) or sum(value), FILTER (WHERE every condition). */
export interface AggregateSpec {
  readonly fn: "count" | "sum";
  /** For `sum`: the column summed (a column of the grain's row relation)... */
  readonly column?: string;
  /** ...or a value computed from the row (arrears: greatest(0, due − paid)). */
  readonly value?: (eb: AnyEb) => Expression<unknown>;
  readonly where: readonly ConditionName[];
}

interface MeasureBase {
  /** The field name on AnalyticsRow (camelCase), as on today's rows and units. */
  readonly name: string;
  /** The `Measure` enum value (upper snake case of the name). */
  readonly enumName: string;
  readonly grain: Grain;
  readonly unit: MeasureUnit;
  readonly scalar: MeasureScalar;
  readonly description: string;
  /** The docs/DOMAIN.md heading (### …) that defines it. */
  readonly domain: string;
  /** Which field of which root field gives the same number today (documentation, and the next pass's wiring). */
  readonly today: readonly string[];
}

export interface BaseMeasureSpec extends MeasureBase {
  readonly kind: "ADDITIVE" | "STOCK" | "PER_UNIT";
  readonly aggregate: AggregateSpec;
  /** The count of units (or returns) the measure is built from: small-cell suppression withholds a cell when it is 1 to k − 1. */
  readonly support: string;
  /**
   * For a measure of a finer or other grain than the unit-year (a union's return, a unit's
   * month) that the build also sums per unit and year into a column of `mart_unit_year`
   * (members, fee paid...): that column. Questions over unit-years (forecasts, the
   * recruitment plan) read it there (`measureAggregate(…, { unitYear: true })`), the same
   * measure held per unit-year, instead of re-reading the returns or the months.
   */
  readonly unitYearColumn?: string;
}

export interface RatioMeasureSpec extends MeasureBase {
  readonly kind: "RATIO";
  readonly numerator: string;
  readonly denominator: string;
}

export type MeasureSpec = BaseMeasureSpec | RatioMeasureSpec;

/** Time grains of a question's periods. */
export type TimeGrain = "YEAR" | "QUARTER" | "MONTH";
