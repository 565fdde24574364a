import { type ExpressionBuilder, type Kysely, type QueryCreator, sql } from "kysely";
import type { DimensionKey } from "./coverage.js";
import type { Db } from "./database.js";
import type { Dimension } from "./dimensions.js";
import { compileEnterpriseFilter, type EnterpriseFilter } from "./filters.js";
import { type Page, pageSize, SortOrder, toPage } from "./pagination.js";
import { groupedAggregates, keyColumns, ROW_KIND, ratio, rowKeys, runSeries, type SeriesSqlRow, seriesGroupBy, zeroIfEmpty } from "./series.js";
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

/** Per unit: due, paid and the rest over one period (from the months) or the range (from the unit's periods). */
const unitSums = (level: "months" | "periods") => {
  const [due, paid] = level === "months" ? ["fee_due", "fee_paid"] : ["due", "paid"];
  return [
    sql<bigint>`sum(${sql.ref(due)})::bigint`.as("due"),
    sql<bigint>`sum(${sql.ref(paid)})::bigint`.as("paid"),
    sql<bigint>`sum(salary_fund)::bigint`.as("salary_fund"),
    sql<bigint>`sum(member_dues_paid)::bigint`.as("member_dues_paid"),
    sql<bigint>`sum(expected_member_dues)::bigint`.as("expected_member_dues"),
  ];
};

/** Over unit rows (one per unit and period, or per unit): the sums, arrears of each unit, and the unit counts. */
const groupSums = (eb: ExpressionBuilder<any, any>) => [
  eb.fn.sum("due").as("due"),
  eb.fn.sum("paid").as("paid"),
  sql<bigint>`sum(greatest(0, due - paid))`.as("arrears"),
  eb.fn
    .countAll()
    .filterWhere((w: any) => w.and([w("due", ">", 0), w("paid", "=", 0)]))
    .as("non_payers"),
  eb.fn.countAll().filterWhere("due", ">", 0).as("units_owing"),
  eb.fn.countAll().filterWhere("paid", ">", 0).as("paying_units"),
  eb.fn.countAll().as("units"),
  eb.fn.sum("member_dues_paid").as("member_dues_paid"),
  eb.fn.sum("expected_member_dues").as("expected_member_dues"),
];

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
      "f.fee_due",
      "f.fee_paid",
      "f.salary_fund",
      "f.member_dues_paid",
      "f.expected_member_dues",
    ]),
  );
  // One row per unit and period. By MONTH that is already the mart's grain (tax_code, month:
  // unique, the first day of its month, every measure non-null), so the months are the unit's
  // periods as they are. By QUARTER or YEAR the months are summed; a unit's keys come from its
  // row of the months' year, the same for every month of a quarter or year, so grouping by
  // (tax_code, p) alone is the same grouping and the keys are carried along with any_value.
  q = q.with("unit_period", (qc: QueryCreator<any>) =>
    query.granularity === "MONTH"
      ? qc
          .selectFrom("scoped")
          .select([
            "tax_code",
            "p",
            ...group.keys,
            sql<bigint>`fee_due`.as("due"),
            sql<bigint>`fee_paid`.as("paid"),
            "salary_fund",
            "member_dues_paid",
            "expected_member_dues",
          ])
      : qc
          .selectFrom("scoped")
          .select(["tax_code", "p", ...group.keys.map((k) => sql`any_value(${sql.ref(k)})`.as(k)), ...unitSums("months")])
          .groupBy(["tax_code", "p"]),
  );
  q = q.with("agg", (qc: QueryCreator<any>) => groupedAggregates(qc, "unit_period", group, groupSums));
  q = q.with("unit_range", (qc: QueryCreator<any>) =>
    qc
      .selectFrom("unit_period")
      .select(["tax_code", ...unitSums("periods")])
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
      ratio(eb, `${t}.paid`, `${t}.due`).as("collection_rate"),
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
  return anyDb
    .with("scoped", () =>
      scopedMonths(db, months[0].start, months.at(-1)!.end, query.filter).select([
        "f.tax_code",
        "f.month",
        "f.year",
        "f.fee_due",
        "f.fee_paid",
        "f.salary_fund",
        "f.member_dues_paid",
        "f.has_si",
        "f.insured_workers",
        "f.last_paid_on",
        "f.payment_grains",
      ]),
    )
    .with("gaps", (qc) =>
      qc
        .selectFrom("scoped")
        .groupBy("tax_code")
        .select((eb) => [
          "tax_code",
          eb.fn.max("year").as("year"),
          sql<bigint>`sum(fee_due)::bigint`.as("due"),
          sql<bigint>`sum(fee_paid)::bigint`.as("paid"),
          sql<bigint>`greatest(0, sum(fee_due) - sum(fee_paid))::bigint`.as("arrears"),
          sql<bigint>`sum(salary_fund)::bigint`.as("salary_fund"),
          sql<bigint>`sum(member_dues_paid)::bigint`.as("member_dues_paid"),
          sql<number>`count(*) filter (where has_si)::integer`.as("si_months"),
          sql<Date>`min(month) filter (where has_si)`.as("first_si_month"),
          sql<Date>`max(month) filter (where has_si)`.as("last_si_month"),
          sql<number>`arg_max(insured_workers, month) filter (where has_si)`.as("last_insured_workers"),
          sql<number>`count(*) filter (where fee_paid > 0)::integer`.as("paid_months"),
          sql<Date>`min(month) filter (where fee_paid > 0)`.as("first_paid_month"),
          sql<Date>`max(month) filter (where fee_paid > 0)`.as("last_paid_month"),
          sql<number>`count(*) filter (where fee_due > 0 and fee_paid = 0)::integer`.as("unpaid_months"),
          eb.fn.max("last_paid_on").as("last_paid_on"),
          sql<string[]>`list_sort(list_distinct(flatten(list(payment_grains))))`.as("payment_grains"),
        ])
        .having(sql`sum(salary_fund)`, ">", 0)
        .having(sql`sum(fee_paid)`, "<", sql`sum(fee_due)`),
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
    .select([sql<number>`count(*)::integer`.as("units"), sql<bigint>`coalesce(sum(arrears), 0)::bigint`.as("arrears")])
    .executeTakeFirstOrThrow();
  return row as { units: number; arrears: bigint };
}
