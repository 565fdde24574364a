import { type ExpressionBuilder, type Kysely, type QueryCreator, sql } from "kysely";
import type { DimensionKey } from "./coverage.js";
import type { Db } from "./database.js";
import type { Dimension } from "./dimensions.js";
import { compileEnterpriseFilter, type EnterpriseFilter } from "./filters.js";
import { type Page, pageSize, SortOrder, toPage } from "./pagination.js";
import { measureAggregate, measureRatio, measureRowValue } from "./semantic/analytics-sql.js";
import { CONDITIONS } from "./semantic/conditions.catalog.js";
import { UNIT_PERIOD_COLUMNS, type UnitPeriodColumnName, unitPeriodOfMonth, unitPeriodSums } from "./semantic/unit-period.catalog.js";
import { groupedAggregates, keyColumns, ROW_KIND, rowKeys, runSeries, type SeriesSqlRow, seriesGroupBy, zeroIfEmpty } from "./series.js";
import { badUserInput } from "./user-errors.js";

export type Granularity = "MONTH" | "QUARTER" | "YEAR";

const MONTHS_IN: Readonly<Record<Granularity, number>> = Object.freeze({ MONTH: 1, QUARTER: 3, YEAR: 12 });

/** Most periods one financeCollection may return per group (50 years of months). */
export const MAX_PERIODS = 600;

export interface FinancePeriod {
  readonly start: Date;
  readonly end: Date;
}

/**
 * The periods of a granularity that overlap [from, to], each whole: the first is the
 * one containing `from`, the last the one containing `to` (a range starting on
 * 15 February asked by QUARTER starts with the whole first quarter).
 */
export function periodsOf(from: Date, to: Date, granularity: Granularity): FinancePeriod[] {
  if (from > to) throw badUserInput(`from ${iso(from)} is after to ${iso(to)}`, { argument: "from" });
  const step = MONTHS_IN[granularity];
  const startIndex = (d: Date) => {
    const month = d.getUTCFullYear() * 12 + d.getUTCMonth();
    return month - (month % step);
  };
  const first = startIndex(from);
  const last = startIndex(to);
  const count = (last - first) / step + 1;
  if (count > MAX_PERIODS)
    throw badUserInput(`the range has ${count} periods of a ${granularity.toLowerCase()}, more than ${MAX_PERIODS}`, { argument: "to", limit: MAX_PERIODS });
  const monthStart = (index: number) => new Date(Date.UTC(Math.floor(index / 12), index % 12, 1));
  return Array.from({ length: count }, (_, i) => {
    const index = first + i * step;
    return { start: monthStart(index), end: new Date(monthStart(index + step).getTime() - 86_400_000) };
  });
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The union-fee collection measures of one group of units in one period (docs/DOMAIN.md § Measures). */
export interface FinanceMeasures {
  /** Union fee due (KPCĐ): Σ over the units' months of 2 % (ref.rates) of the SI salary fund, VND. */
  readonly due: bigint;
  /** Union fee paid, payments placed on periods by the mart's rule, VND. */
  readonly paid: bigint;
  /** paid ÷ due, not capped; null when nothing is due. */
  readonly collectionRate: number | null;
  /** Σ over units of max(0, due − paid), each unit's due and paid taken over the period. */
  readonly arrears: bigint;
  /** Units with a positive SI salary fund in the period and nothing paid. */
  readonly nonPayers: number;
  /** Units with a positive SI salary fund in the period (they owe the fee, union or not). */
  readonly unitsOwing: number;
  /** Units that paid something placed on the period. */
  readonly payingUnits: number;
  /** Units with any month in the group and period: how many units the figures are built from (small-cell suppression). */
  readonly units: number;
  /** Member dues received (đoàn phí), VND. */
  readonly memberDuesPaid: bigint;
  /** Member dues expected (estimate, see the mart), VND. */
  readonly expectedMemberDues: bigint;
}

export interface FinanceGroupPeriod extends FinanceMeasures {
  readonly period: FinancePeriod;
  readonly keys: readonly DimensionKey[];
}

export interface FinanceCollectionResult {
  readonly periods: readonly FinancePeriod[];
  readonly rows: readonly FinanceGroupPeriod[];
  readonly periodTotals: readonly (FinanceMeasures & { readonly period: FinancePeriod })[];
  readonly total: FinanceMeasures;
}

export interface FinanceCollectionQuery {
  readonly from: Date;
  readonly to: Date;
  readonly granularity: Granularity;
  readonly groupBy: readonly Dimension[];
  readonly filter?: EnterpriseFilter | null;
}

const MONEY = ["due", "paid", "arrears", "member_dues_paid", "expected_member_dues"] as const;
const COUNTS = ["non_payers", "units_owing", "paying_units", "units"] as const;

/**
 * The months of mart_unit_month_finance in the range, each with its unit's values of that
 * year (`u`), filtered. `u` is joined only when something reads it (a filter, or a
 * dimension when `withUnit`): the join is on the mart's key (tax_code, year), one row or
 * none per month, so leaving it out changes no row.
 */
function scopedMonths(db: Db, from: Date, to: Date, filter: EnterpriseFilter | null | undefined, withUnit = false) {
  const months = db.selectFrom("mart_unit_month_finance as f").where("f.month", ">=", from).where("f.month", "<=", to);
  if (!filter && !withUnit) return months as unknown as ReturnType<typeof joinedMonths>;
  return joinedMonths(db, from, to).where(compileEnterpriseFilter(filter) as never);
}

function joinedMonths(db: Db, from: Date, to: Date) {
  return db
    .selectFrom("mart_unit_month_finance as f")
    .leftJoin("mart_unit_year as u", (join) => join.onRef("u.tax_code", "=", "f.tax_code").onRef("u.year", "=", "f.year"))
    .where("f.month", ">=", from)
    .where("f.month", "<=", to);
}

/** The unit-period columns financeCollection reads (unit-period.catalog.ts): the catalog's unit-month measures below are over them. */
const UNIT_PERIOD: readonly UnitPeriodColumnName[] = ["due", "paid", "member_dues_paid", "expected_member_dues"];

/** Unit-month measures do not read the scope threshold. */
const NO_SCOPE = Object.freeze({ minWorkers: 0 });

/** The catalog's measure behind each output column (queries/semantic/measures.catalog.ts: financeCollection's `units` is `financeUnits`). */
const CATALOG_MEASURES: Readonly<Record<(typeof MONEY)[number] | (typeof COUNTS)[number], string>> = Object.freeze({
  due: "feeDue",
  paid: "feePaid",
  arrears: "arrears",
  member_dues_paid: "memberDuesPaid",
  expected_member_dues: "expectedMemberDues",
  non_payers: "nonPayers",
  units_owing: "unitsOwing",
  paying_units: "payingUnits",
  units: "financeUnits",
});

/** The output column of each catalog measure (the inverse of CATALOG_MEASURES). */
const BASE_COLUMNS: Readonly<Record<string, string>> = Object.freeze(Object.fromEntries(Object.entries(CATALOG_MEASURES).map(([c, m]) => [m, c])));

/** Over unit-period rows (one per unit and period, or per unit over the range): each measure from its one definition in the catalog. */
const groupSums = (eb: ExpressionBuilder<any, any>) =>
  Object.entries(CATALOG_MEASURES).map(([column, measure]) => measureAggregate(eb, measure, NO_SCOPE).as(column));

/**
 * Union-fee collection per period of the granularity and group, with each period's
 * total and the range total, in ONE statement (GROUPING SETS). Every period overlapping
 * [from, to] appears whole (zeros when it has no data); with only closed dimensions, so
 * does every value. Reads mart_unit_month_finance (payments already placed on months):
 * a payment counts in a period of the granularity when its own period lies inside it; a
 * QUARTER or YEAR payment asked at a finer granularity is spread over its months in
 * proportion to their fee due (see the mart). Arrears and non-payers are per unit
 * within each period; the range total's are per unit over the whole range
 * (docs/DOMAIN.md § Arrears), so they are not the sums of the periods'.
 */
export async function financeCollection(db: Db, query: FinanceCollectionQuery): Promise<FinanceCollectionResult> {
  const periods = periodsOf(query.from, query.to, query.granularity);
  const from = periods[0].start;
  const to = periods.at(-1)!.end;
  const group = seriesGroupBy(query.groupBy);
  const unit = sql.lit(query.granularity.toLowerCase());
  const anyDb = db as unknown as Kysely<any>;

  let q: QueryCreator<any> = anyDb.with("periods", (qc) =>
    qc
      .selectFrom(
        sql<{
          p: Date;
          p_end: Date;
          p_ord: number;
        }>`(select unnest(${periods.map((p) => p.start)}::date[]) as p, unnest(${periods.map((p) => p.end)}::date[]) as p_end, unnest(${periods.map((_, i) => i)}::integer[]) as p_ord)`.as(
          "d",
        ),
      )
      .select(["d.p", "d.p as p_start", "d.p_end", "d.p_ord"]),
  );
  q = q.with("scoped", () =>
    scopedMonths(db, from, to, query.filter, group.keys.length > 0).select((eb) => [
      "f.tax_code",
      sql<Date>`date_trunc(${unit}, ${eb.ref("f.month")})::date`.as("p"),
      ...keyColumns(eb, group),
      ...(UNIT_PERIOD.map((c) => `f.${UNIT_PERIOD_COLUMNS[c].month}`) as never[]),
    ]),
  );
  // One row per unit and period. By MONTH that is already the mart's grain (tax_code, month:
  // unique, the first day of its month, every measure non-null), so the months are the unit's
  // periods as they are. By QUARTER or YEAR the months are summed; a unit's keys come from its
  // row of the months' year, the same for every month of a quarter or year, so grouping by
  // (tax_code, p) alone is the same grouping and the keys are carried along with any_value.
  q = q.with("unit_period", (qc: QueryCreator<any>) =>
    query.granularity === "MONTH"
      ? qc.selectFrom("scoped").select(["tax_code", "p", ...group.keys, ...unitPeriodOfMonth(UNIT_PERIOD)])
      : qc
          .selectFrom("scoped")
          .select(["tax_code", "p", ...group.keys.map((k) => sql`any_value(${sql.ref(k)})`.as(k)), ...unitPeriodSums(UNIT_PERIOD, "months")])
          .groupBy(["tax_code", "p"]),
  );
  q = q.with("agg", (qc: QueryCreator<any>) => groupedAggregates(qc, "unit_period", group, groupSums));
  q = q.with("unit_range", (qc: QueryCreator<any>) =>
    qc
      .selectFrom("unit_period")
      .select(["tax_code", ...unitPeriodSums(UNIT_PERIOD, "periods")])
      .groupBy("tax_code"),
  );
  q = q.with("range_agg", (qc: QueryCreator<any>) => qc.selectFrom("unit_range").select(groupSums));

  const rows = await runSeries({
    db,
    q,
    group,
    year: to.getUTCFullYear(),
    measures: (eb, t) => [
      ...MONEY.map((c) => zeroIfEmpty(eb, t, c, "bigint")),
      ...COUNTS.map((c) => zeroIfEmpty(eb, t, c, "integer")),
      measureRatio(eb, "collectionRate", (base) => `${t}.${BASE_COLUMNS[base]}`).as("collection_rate"),
    ],
    rangeTotal: true,
  });
  const periodOf = (r: SeriesSqlRow): FinancePeriod => ({ start: r.p_start!, end: r.p_end! });
  const totalRow = rows.find((r) => r.row_kind === ROW_KIND.RANGE_TOTAL);
  if (!totalRow) throw new Error("financeCollection: the database returned no range total");
  return {
    periods,
    rows: rows.filter((r) => r.row_kind === ROW_KIND.GROUP).map((r) => ({ period: periodOf(r), keys: rowKeys(group, r), ...measuresOf(r) })),
    periodTotals: rows.filter((r) => r.row_kind === ROW_KIND.PERIOD_TOTAL).map((r) => ({ period: periodOf(r), ...measuresOf(r) })),
    total: measuresOf(totalRow),
  };
}

function measuresOf(r: SeriesSqlRow): FinanceMeasures {
  return {
    due: r.due as bigint,
    paid: r.paid as bigint,
    collectionRate: r.collection_rate as number | null,
    arrears: r.arrears as bigint,
    nonPayers: r.non_payers as number,
    unitsOwing: r.units_owing as number,
    payingUnits: r.paying_units as number,
    units: r.units as number,
    memberDuesPaid: r.member_dues_paid as bigint,
    expectedMemberDues: r.expected_member_dues as bigint,
  };
}

export interface FinanceGapsQuery {
  readonly from: Date;
  readonly to: Date;
  readonly filter?: EnterpriseFilter | null;
}

/** One unit paying social insurance but not (or not fully) the union fee over a range. */
export interface FinanceGapRow {
  tax_code: string;
  /** The latest year of the range with data for the unit: its name and values are of that year. */
  year: number;
  name: string | null;
  due: bigint;
  paid: bigint;
  arrears: bigint;
  salary_fund: bigint;
  member_dues_paid: bigint;
  si_months: number;
  first_si_month: Date | null;
  last_si_month: Date | null;
  last_insured_workers: number | null;
  paid_months: number;
  first_paid_month: Date | null;
  last_paid_month: Date | null;
  /** SI months with a positive salary fund and nothing paid placed on them. */
  unpaid_months: number;
  last_paid_on: Date | null;
  payment_grains: string[];
}

/** The unit-period columns financeGaps reads of each month (unit-period.catalog.ts). */
const GAP_COLUMNS: readonly UnitPeriodColumnName[] = ["due", "paid", "salary_fund", "member_dues_paid"];

/** Largest arrears first, then by tax code. */
export const GAPS_ORDER = new SortOrder([{ column: "arrears", descending: true }]);

/**
 * docs/DOMAIN.md § Arrears: arrears(u, range) per unit over the months of [from, to] (whole months):
 * units with a positive SI salary fund in the range whose union fee paid is less than
 * the fee due (union or not: the fee is owed either way). Units are filtered by their
 * values in each month's year.
 */
function gaps(db: Db, query: FinanceGapsQuery) {
  const months = periodsOf(query.from, query.to, "MONTH");
  const anyDb = db as unknown as Kysely<any>;
  const { PAID_SOMETHING } = CONDITIONS;
  return (
    anyDb
      // Each month as the unit-period row of a one-month period (unit-period.catalog.ts), so the catalog's measures read it.
      .with("scoped", () =>
        scopedMonths(db, months[0].start, months.at(-1)!.end, query.filter).select([
          "f.tax_code",
          "f.month",
          "f.year",
          ...unitPeriodOfMonth(GAP_COLUMNS, "f"),
          "f.has_si",
          "f.insured_workers",
          "f.last_paid_on",
          "f.payment_grains",
        ]),
      )
      // Per unit over the range: the unit-period row of the range, and the unit's months described.
      .with("unit_range", (qc) =>
        qc
          .selectFrom("scoped")
          .groupBy("tax_code")
          .select((eb) => [
            "tax_code",
            eb.fn.max("year").as("year"),
            ...unitPeriodSums(GAP_COLUMNS, "periods"),
            sql<number>`count(*) filter (where has_si)::integer`.as("si_months"),
            sql<Date>`min(month) filter (where has_si)`.as("first_si_month"),
            sql<Date>`max(month) filter (where has_si)`.as("last_si_month"),
            sql<number>`arg_max(insured_workers, month) filter (where has_si)`.as("last_insured_workers"),
            // A month is a unit-period: the months the unit paid in are its paying units, the unpaid ones its non-payers (docs/DOMAIN.md § Non-payers).
            eb.cast<number>(measureAggregate(eb, "payingUnits", NO_SCOPE) as never, "integer").as("paid_months"),
            sql<Date>`min(month) filter (where ${PAID_SOMETHING.sql(eb, NO_SCOPE)})`.as("first_paid_month"),
            sql<Date>`max(month) filter (where ${PAID_SOMETHING.sql(eb, NO_SCOPE)})`.as("last_paid_month"),
            eb.cast<number>(measureAggregate(eb, "nonPayers", NO_SCOPE) as never, "integer").as("unpaid_months"),
            eb.fn.max("last_paid_on").as("last_paid_on"),
            sql<string[]>`list_sort(list_distinct(flatten(list(payment_grains))))`.as("payment_grains"),
          ]),
      )
      // The unit's arrears over the range as the catalog defines them (docs/DOMAIN.md § Arrears): max(0, due − paid).
      .with("gaps", (qc) =>
        qc
          .selectFrom("unit_range")
          .selectAll()
          .select((eb) => eb.cast<bigint>(measureRowValue(eb, "arrears", NO_SCOPE) as never, "bigint").as("arrears"))
          .where("salary_fund", ">", 0)
          .where(sql.ref("paid"), "<", sql.ref("due")),
      )
  );
}

/** One page of financeGaps, largest arrears first (keyset pagination). */
export async function listFinanceGaps(db: Db, query: FinanceGapsQuery & { first?: number | null; after?: string | null }): Promise<Page<FinanceGapRow>> {
  const size = pageSize(query.first);
  let q = gaps(db, query)
    .selectFrom("gaps as u")
    .leftJoin("mart_unit_year as m", (join) => join.onRef("m.tax_code", "=", "u.tax_code").onRef("m.year", "=", "u.year"))
    .selectAll("u")
    .select("m.name");
  if (query.after != null) q = q.where(GAPS_ORDER.after(query.after) as never);
  for (const key of GAPS_ORDER.keys) q = q.orderBy(`u.${key.column}`, (ob) => (key.descending ? ob.desc() : ob.asc()).nullsLast());
  const rows = (await q.limit(size + 1).execute()) as FinanceGapRow[];
  return toPage(GAPS_ORDER, rows, size, query.after);
}

/** How many units the whole gaps list has, and their arrears together. */
export async function countFinanceGaps(db: Db, query: FinanceGapsQuery): Promise<{ units: number; arrears: bigint }> {
  const row = await gaps(db, query)
    .selectFrom("gaps")
    .select((eb) => [
      eb.cast<number>(measureAggregate(eb, "financeUnits", NO_SCOPE) as never, "integer").as("units"),
      eb.cast<bigint>(eb.fn.coalesce(measureAggregate(eb, "arrears", NO_SCOPE) as never, eb.lit(0)), "bigint").as("arrears"),
    ])
    .executeTakeFirstOrThrow();
  return row as { units: number; arrears: bigint };
}
