import { type ExpressionBuilder, type Kysely, type QueryCreator, type SelectQueryBuilder, sql } from "kysely";
import type { DimensionKey } from "./coverage.js";
import type { Db } from "./database.js";
import { DIMENSION_SPECS, type Dimension, type DimensionSpec } from "./dimensions.js";
import { badUserInput } from "./user-errors.js";

/**
 * Time series of aggregates by dimension groups (membershipGrowth, financeCollection):
 * every period of a range × the groups, each period's total and the range total, in
 * ONE statement. Like `coverage`, `GROUP BY GROUPING SETS ((p, keys), (p))` gives the
 * groups and the totals, so totals are the database's, not sums of rows; with only
 * closed dimensions every period shows the full grid of values (zeros where nothing
 * falls), and every period of the range appears, with zeros when it has no data.
 */

/** What a series row is. */
export const ROW_KIND = Object.freeze({ GROUP: 0, PERIOD_TOTAL: 1, RANGE_TOTAL: 2 } as const);

/** One row as the database returns it: `k<i>`/`n<i>` are the code and name of groupBy[i], the rest the caller's measures. */
export interface SeriesSqlRow {
  row_kind: number;
  p: unknown;
  p_start: Date | null;
  p_end: Date | null;
  [column: string]: unknown;
}

export interface SeriesGroupBy {
  readonly groupBy: readonly Dimension[];
  readonly specs: readonly DimensionSpec[];
  /** `k0`, `k1`, …: the column of each groupBy dimension's code. */
  readonly keys: readonly string[];
}

/** Checks groupBy (each dimension once; not YEAR, the rows being per period already). */
export function seriesGroupBy(groupBy: readonly Dimension[]): SeriesGroupBy {
  const unique = [...new Set(groupBy)];
  if (unique.length !== groupBy.length) throw badUserInput("groupBy names a dimension twice", { argument: "groupBy" });
  if (unique.includes("YEAR")) throw badUserInput("groupBy YEAR is not needed here: the rows are per period already", { argument: "groupBy" });
  return { groupBy: unique, specs: unique.map((d) => DIMENSION_SPECS[d]), keys: unique.map((_, i) => `k${i}`) };
}

/** The dimension keys of a unit row (`mart_unit_year as u`), aliased `k0`, `k1`, …. */
export function keyColumns(eb: ExpressionBuilder<any, any>, group: SeriesGroupBy) {
  return group.specs.map((s, i) => s.key(eb as never).as(group.keys[i]));
}

/** The aggregates of one grouping: `is_total` (the period's total) plus the caller's aggregates, grouped by period and keys. */
export function groupedAggregates(qc: QueryCreator<any>, from: string, group: SeriesGroupBy, aggregates: (eb: ExpressionBuilder<any, any>) => unknown[]) {
  const { keys } = group;
  const base = qc
    .selectFrom(from)
    .select((eb: ExpressionBuilder<any, any>) => [
      ...(keys.length ? [sql<boolean>`grouping(${sql.ref(keys[0])}) = 1`.as("is_total"), ...keys] : [eb.lit(true).as("is_total")]),
      "p",
      ...(aggregates(eb) as never[]),
    ]);
  return keys.length ? base.groupBy(sql`grouping sets ((p, ${sql.join(keys.map((k) => sql.ref(k)))}), (p))`) : base.groupBy("p");
}

export interface SeriesStatement {
  readonly db: Db;
  /** Has the CTEs `periods` (p, p_start, p_end, p_ord), `agg` (groupedAggregates) and `range_agg` (one row) when `rangeTotal`. */
  readonly q: QueryCreator<any>;
  readonly group: SeriesGroupBy;
  /** The year dimension values are taken for (names of admin units are not dated). */
  readonly year: number;
  /** The output measures over the columns of `agg` (or `range_agg`): `measures(eb, "agg")`, each aliased; 0, not NULL, for an empty group. */
  readonly measures: (eb: ExpressionBuilder<any, any>, from: string) => unknown[];
  /** Whether the CTE `range_agg` exists and gives a RANGE_TOTAL row. */
  readonly rangeTotal: boolean;
}

/** Builds and runs the statement: the group rows, the period totals and the range total, in that order. */
export async function runSeries(s: SeriesStatement): Promise<SeriesSqlRow[]> {
  const { group, db } = s;
  const { specs, keys } = group;
  const anyDb = db as unknown as Kysely<any>;
  const grid = specs.length > 0 && specs.every((spec) => spec.closed);
  let q = s.q;
  specs.forEach((spec, i) => {
    if (spec.values) q = q.with(`v${i}`, () => spec.values!(db, s.year));
  });
  if (keys.length) {
    q = q.with("keyed", (qc: QueryCreator<any>) => {
      const observed = qc
        .selectFrom("agg")
        .where("is_total", "=", false)
        .select(["p", ...keys]);
      if (!grid) return observed;
      let cells = qc.selectFrom("periods");
      for (let i = 0; i < keys.length; i++) cells = cells.crossJoin(`v${i}`);
      return observed.union(cells.select(["periods.p", ...keys.map((k, i) => `v${i}.code as ${k}`)]));
    });
  }
  const nullText = (eb: any) => eb.cast(eb.lit(null), "varchar");
  const nullInt = (eb: any) => eb.cast(eb.lit(null), "integer");
  const noKeys = (eb: any) => keys.flatMap((k, i) => [nullText(eb).as(k), nullText(eb).as(`n${i}`), nullInt(eb).as(`o${i}`)]);

  // Every period, with its total (zeros when nothing falls in it). Written without the WITH clause, which the statement carries.
  const periodTotals = (qc: any) =>
    qc
      .selectFrom("periods")
      .leftJoin("agg", (join: any) => join.onRef("agg.p", "=", "periods.p").on("agg.is_total", "=", true))
      .select((eb: any) => [
        eb.lit(ROW_KIND.PERIOD_TOTAL).as("row_kind"),
        "periods.p",
        "periods.p_start",
        "periods.p_end",
        "periods.p_ord",
        ...noKeys(eb),
        ...s.measures(eb, "agg"),
      ]);
  const rangeTotal = (qc: any) =>
    qc
      .selectFrom("range_agg")
      .select((eb: any) => [
        eb.lit(ROW_KIND.RANGE_TOTAL).as("row_kind"),
        eb.cast(eb.lit(null), "varchar").as("p"),
        eb.cast(eb.lit(null), "date").as("p_start"),
        eb.cast(eb.lit(null), "date").as("p_end"),
        nullInt(eb).as("p_ord"),
        ...noKeys(eb),
        ...s.measures(eb, "range_agg"),
      ]);

  let statement: SelectQueryBuilder<any, any, any>;
  if (keys.length) {
    let groups = q
      .selectFrom("keyed")
      .innerJoin("periods", "periods.p", "keyed.p")
      .leftJoin("agg", (join) =>
        keys.reduce((j, k) => j.onRef(`agg.${k}`, "is not distinct from", `keyed.${k}`), join.onRef("agg.p", "=", "keyed.p").on("agg.is_total", "=", false)),
      );
    specs.forEach((spec, i) => {
      if (spec.values) groups = groups.leftJoin(`v${i} as d${i}`, `d${i}.code`, `keyed.${keys[i]}`);
    });
    statement = groups.select((eb) => [
      eb.lit(ROW_KIND.GROUP).as("row_kind"),
      "periods.p",
      "periods.p_start",
      "periods.p_end",
      "periods.p_ord",
      ...specs.flatMap((spec, i) => [
        eb.ref(`keyed.${keys[i]}`).as(keys[i]),
        (spec.values ? eb.ref(`d${i}.name`) : spec.names === "code" ? eb.ref(`keyed.${keys[i]}`) : nullText(eb)).as(`n${i}`),
        (spec.values ? eb.ref(`d${i}.ord`) : nullInt(eb)).as(`o${i}`),
      ]),
      ...(s.measures(eb, "agg") as never[]),
    ]);
    statement = statement.unionAll(periodTotals(anyDb));
  } else {
    statement = periodTotals(q);
  }
  if (s.rangeTotal) statement = statement.unionAll(rangeTotal(anyDb));
  statement = statement.orderBy("row_kind").orderBy("p_ord", (ob: any) => ob.asc().nullsLast());
  keys.forEach((k, i) => {
    statement = statement.orderBy(`o${i}`, (ob: any) => ob.asc().nullsLast()).orderBy(k, (ob: any) => ob.asc().nullsLast());
  });
  return (await statement.execute()) as SeriesSqlRow[];
}

/** The keys of a group row, in groupBy order. */
export function rowKeys(group: SeriesGroupBy, row: SeriesSqlRow): DimensionKey[] {
  return group.groupBy.map((dimension, i) => ({ dimension, code: row[`k${i}`] as string | null, name: row[`n${i}`] as string | null }));
}

/** A sum or count of `from`, 0 for an empty group, cast to `type`. */
export function zeroIfEmpty(eb: any, from: string, column: string, type: "integer" | "bigint") {
  return eb.cast(eb.fn.coalesce(`${from}.${column}`, eb.lit(0)), type).as(column);
}
