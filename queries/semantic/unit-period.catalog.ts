import { type AliasedRawBuilder, type Expression, type RawBuilder, sql } from "kysely";

/**
 * The unit-period row of the UNIT_MONTH grain (catalog.types.ts § Grain), once: what each
 * of its columns is over one unit's months of a period of `mart_unit_month_finance`. The
 * unit-month measures of measures.catalog.ts aggregate these columns (`due`, `paid`...),
 * so `analytics` and financeCollection and financeGaps build the row from here, and a
 * column means the same in all of them.
 *
 * - SUM: the months' values summed (a flow: fee due, fee paid);
 * - LAST_MONTH: the value of the period's last month (a stock: insured workers, SI arrears);
 *   `zero`: 0, not null, when the unit has no row for that month.
 * `cast`: the type the sum is cast to (sums of BIGINT columns are HUGEINT in DuckDB).
 */
export interface UnitPeriodColumn {
  /** The column of mart_unit_month_finance it is built from. */
  readonly month: string;
  readonly over: "SUM" | "LAST_MONTH";
  readonly cast: "bigint" | null;
  readonly zero?: boolean;
}

export const UNIT_PERIOD_COLUMNS = Object.freeze({
  due: { month: "fee_due", over: "SUM", cast: "bigint" },
  paid: { month: "fee_paid", over: "SUM", cast: "bigint" },
  salary_fund: { month: "salary_fund", over: "SUM", cast: "bigint" },
  member_dues_paid: { month: "member_dues_paid", over: "SUM", cast: "bigint" },
  expected_member_dues: { month: "expected_member_dues", over: "SUM", cast: "bigint" },
  insured_workers: { month: "insured_workers", over: "LAST_MONTH", cast: null },
  paid_on_time: { month: "fee_paid_on_time", over: "SUM", cast: "bigint" },
  paid_late: { month: "fee_paid_late", over: "SUM", cast: "bigint" },
  si_arrears: { month: "si_arrears", over: "LAST_MONTH", cast: "bigint", zero: true },
} as const satisfies Record<string, UnitPeriodColumn>);

export type UnitPeriodColumnName = keyof typeof UNIT_PERIOD_COLUMNS;

export const UNIT_PERIOD_COLUMN_NAMES = Object.freeze(Object.keys(UNIT_PERIOD_COLUMNS) as UnitPeriodColumnName[]);

const spec = (name: UnitPeriodColumnName): UnitPeriodColumn => UNIT_PERIOD_COLUMNS[name];

/**
 * The unit-period columns as aggregates over rows grouped per unit (and period):
 * - `from: "months"`: over the unit's month rows of mart_unit_month_finance (their own
 *   column names); `lastMonth` is the first day of the period's last month;
 * - `from: "periods"`: over the unit's unit-period rows (a range made of whole periods),
 *   SUM columns only (a stock over a range is its last period's, which this cannot tell).
 */
export function unitPeriodSums(
  names: readonly UnitPeriodColumnName[],
  from: "months" | "periods",
  lastMonth?: Expression<unknown>,
): AliasedRawBuilder<unknown, string>[] {
  return names.map((name) => {
    const c = spec(name);
    const column = sql.ref(from === "months" ? c.month : name);
    let value: RawBuilder<unknown>;
    if (c.over === "SUM") value = sql`sum(${column})`;
    else {
      if (from !== "months" || !lastMonth) throw new Error(`${name} is its period's last month's: sum it from the months, given the last month`);
      value = sql`sum(${column}) filter (where month = ${lastMonth})`;
    }
    if (c.zero) value = sql`coalesce(${value}, 0)`;
    return (c.cast ? sql`${value}::${sql.raw(c.cast)}` : value).as(name);
  });
}

/**
 * The unit-period columns of a period of one month: the month row's own columns, renamed
 * (a month is its own last month, and the sum of itself).
 */
export function unitPeriodOfMonth(names: readonly UnitPeriodColumnName[], table?: string): AliasedRawBuilder<unknown, string>[] {
  return names.map((name) => sql`${sql.ref(table ? `${table}.${spec(name).month}` : spec(name).month)}`.as(name));
}
