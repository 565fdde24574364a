import { type Expression, expressionBuilder, type Kysely, type QueryCreator, type RawBuilder, type SqlBool, sql } from "kysely";
import type { Db } from "../database.js";
import { DIMENSION_SPECS, type Dimension } from "../dimensions.js";
import { compileEnterpriseFilter, type EnterpriseFilter } from "../filters.js";
import type { AnyEb, BaseMeasureSpec, ConditionName, Grain, MeasureParams, MeasureSpec, TimeGrain } from "./catalog.types.js";
import { CONDITIONS } from "./conditions.catalog.js";
import { baseMeasuresOf, measureSpec } from "./measures.catalog.js";
import type { Plan } from "./planner.js";
import type { AggregateParts, RollupSpec } from "./rollups.catalog.js";
import { UNIT_PERIOD_COLUMN_NAMES, UNIT_PERIOD_COLUMNS, unitPeriodSums } from "./unit-period.catalog.js";

/**
 * The SQL of an analytics question, in ONE statement: each grain's measures aggregated
 * to the row keys on their own (`agg_<grain>`, one row per period and keys), then joined
 * at the keys, so measures of different grains never fan each other out; each grain's
 * total computed by the database (GROUPING SETS, or for unit-month measures an
 * aggregate of the units over the whole range).
 */

export interface Period {
  readonly start: Date;
  readonly end: Date;
}

export interface AnalyticsQuestion extends MeasureParams {
  readonly periods: readonly Period[];
  readonly timeGrain: TimeGrain;
  /** The measures to compute (ratios bring their numerator and denominator). */
  readonly measures: readonly string[];
  readonly groupBy: readonly Dimension[];
  readonly filter: EnterpriseFilter | null;
}

/** One row as the database returns it: `k<i>`, `n<i>`, `o<i>` are the code, name and list position of groupBy[i]; measures under their names. */
export interface AnalyticsSqlRow {
  is_total: boolean;
  p: Date | null;
  [column: string]: unknown;
}

const ALIAS: Readonly<Record<Grain, string>> = Object.freeze({ UNIT_YEAR: "uy", UNIT_MONTH: "um", UNION_YEAR: "ny" });
const MONTHS_IN: Readonly<Record<TimeGrain, number>> = Object.freeze({ YEAR: 12, QUARTER: 3, MONTH: 1 });

type Q = QueryCreator<any>;

interface Context {
  readonly db: Db;
  readonly question: AnalyticsQuestion;
  readonly keys: readonly string[];
  readonly first: Date;
  readonly last: Date;
  /** Start of the last period: stocks' totals are its values. */
  readonly lastStart: Date;
  /** First day of the last month of the range. */
  readonly lastMonth: Date;
}

const col = (m: BaseMeasureSpec) => `m_${m.name}`;
const lastCol = (m: BaseMeasureSpec) => `m_${m.name}__last`;

function render(parts: AggregateParts, extra: readonly Expression<SqlBool>[] = []): RawBuilder<unknown> {
  const where = [...parts.where, ...extra];
  const fn = parts.fn === "count" ? sql`count(*)` : sql`sum(${parts.value})`;
  if (!where.length) return fn;
  const eb = expressionBuilder<any, any>();
  return sql`${fn} filter (where ${eb.and(where)})`;
}

/** A base measure as aggregate parts over its grain's row relation (the mart's). */
function martParts(eb: AnyEb, m: BaseMeasureSpec, params: MeasureParams): AggregateParts {
  const a = m.aggregate;
  const value = a.value ? a.value(eb) : a.column ? eb.ref(a.column) : null;
  return { fn: a.fn, value, where: a.where.map((c) => CONDITIONS[c].sql(eb, params)) };
}

/**
 * A base measure's aggregate as the catalog defines it, over its grain's row relation
 * (`u` a unit-year of mart_unit_year, `m` a membership return, the unit-period row's
 * columns for unit-month measures): `count(*)` or `sum(…)`, FILTER (WHERE its conditions).
 * The root fields that aggregate in their own statements (scorecard, membershipGrowth,
 * financeCollection, financeGaps, the recruitment plan) compute their measures with it, so
 * each has one definition.
 *
 * Options:
 * - `unitYear`: the measure read over unit-years `u` from the mart_unit_year column the
 *   build holds it in per unit and year (`unitYearColumn`: members, fee paid...), for a
 *   measure with no conditions of its own grain;
 * - `where`: conditions of the rows read (conditions.catalog.ts) added to the measure's own:
 *   the measure over a subset (the fee paid of the in-scope units with a union).
 */
export function measureAggregate(
  eb: AnyEb,
  name: string,
  params: MeasureParams,
  options: { readonly unitYear?: boolean; readonly where?: readonly ConditionName[] } = {},
): RawBuilder<unknown> {
  const spec = baseSpec(name);
  const parts = options.unitYear ? unitYearParts(eb, spec) : martParts(eb, spec, params);
  return render(
    parts,
    (options.where ?? []).map((c) => CONDITIONS[c].sql(eb, params)),
  );
}

/**
 * A base measure's value on ONE row, such that Σ of it over rows is the measure (0 over
 * none): `case when <its conditions> then <its value> else 0 end` (the value 1 for a count,
 * a null value 0) over its grain's row relation, or with `unitYear` the unit-year's column
 * (see measureAggregate). For statements that sum rows of different relations together
 * (a forecast's series: unit-years, and the returns of unions linked to no unit).
 */
export function measureRowValue(eb: AnyEb, name: string, params: MeasureParams, options: { readonly unitYear?: boolean } = {}): Expression<unknown> {
  const parts = options.unitYear ? unitYearParts(eb, baseSpec(name)) : martParts(eb, baseSpec(name), params);
  const value = parts.fn === "count" ? sql`1` : sql`coalesce(${parts.value}, 0)`;
  if (!parts.where.length) return value;
  return sql`case when ${eb.and(parts.where as Expression<SqlBool>[])} then ${value} else 0 end`;
}

function baseSpec(name: string): BaseMeasureSpec {
  const spec = measureSpec(name);
  if (spec.kind === "RATIO") throw new Error(`${name} is a ratio: aggregate its numerator and denominator`);
  return spec;
}

/** A measure over unit-years from the mart_unit_year column the build sums it into (`unitYearColumn`). */
function unitYearParts(eb: AnyEb, m: BaseMeasureSpec): AggregateParts {
  if (!m.unitYearColumn) throw new Error(`${m.name} is not held per unit-year (no unitYearColumn in the catalog)`);
  if (m.aggregate.where.length) throw new Error(`${m.name} has conditions of its own grain: it cannot be read per unit-year`);
  return { fn: "sum", value: eb.ref(`u.${m.unitYearColumn}`), where: [] };
}

function rollupParts(eb: AnyEb, rollup: RollupSpec, m: BaseMeasureSpec, ctx: Context): AggregateParts {
  const singleMonth = ctx.question.timeGrain === "MONTH" && ctx.question.periods.length === 1;
  const parts = rollup.aggregate(eb, m, ctx.question, { singleMonth });
  if (!parts) throw new Error(`the planner chose ${rollup.name}, which cannot give ${m.name}`);
  return parts;
}

const keyColumns = (eb: AnyEb, ctx: Context) => ctx.question.groupBy.map((d, i) => DIMENSION_SPECS[d].key(eb as never).as(ctx.keys[i]));
const groupingSets = (ctx: Context) => sql`grouping sets ((${sql.join(["p", ...ctx.keys].map((k) => sql.ref(k)))}), ())`;
const periodOf = (column: string, grain: TimeGrain) => sql<Date>`date_trunc(${sql.lit(grain.toLowerCase())}, ${sql.ref(column)})::date`;
const lastMonthOf = (p: Expression<unknown>, grain: TimeGrain) => sql<Date>`(${p} + to_months(${sql.lit(MONTHS_IN[grain] - 1)}))::date`;

/**
 * A grain whose rows aggregate in one step (unit-years, union returns, a rollup):
 * `all_<g>` groups by GROUPING SETS ((p, keys), ()); stocks get a second column over the
 * last period only, which the total takes (a range's stock is its last period's).
 */
function oneStepGrain(q: Q, grain: Grain, measures: readonly BaseMeasureSpec[], rollup: RollupSpec | null, ctx: Context): Q {
  const { db, question } = ctx;
  const alias = ALIAS[grain];
  const from = (): any => {
    if (rollup) {
      const table = (db as unknown as Kysely<any>).selectFrom(`${rollup.name} as u`);
      return grain === "UNIT_MONTH"
        ? table.where("u.month", ">=", ctx.first).where("u.month", "<=", ctx.last)
        : table.where("u.year", ">=", ctx.first.getUTCFullYear()).where("u.year", "<=", ctx.last.getUTCFullYear());
    }
    if (grain === "UNIT_YEAR")
      return db.selectFrom("mart_unit_year as u").where("u.year", ">=", ctx.first.getUTCFullYear()).where("u.year", "<=", ctx.last.getUTCFullYear());
    const returns = db
      .selectFrom("fct_membership_yearly as m")
      .where("m.year", ">=", ctx.first.getUTCFullYear())
      .where("m.year", "<=", ctx.last.getUTCFullYear());
    return question.filter || ctx.keys.length
      ? returns.leftJoin("mart_unit_year as u", (j) => j.onRef("u.tax_code", "=", "m.tax_code").onRef("u.year", "=", "m.year"))
      : returns;
  };
  const periodColumn = rollup ? (grain === "UNIT_MONTH" ? "u.month" : "u.year") : grain === "UNION_YEAR" ? "m.year" : "u.year";
  const period = (eb: AnyEb) =>
    periodColumn.endsWith("month") ? periodOf(periodColumn, question.timeGrain) : sql<Date>`make_date(${eb.ref(periodColumn)}, 1, 1)`;

  q = q.with(`all_${alias}`, () => {
    let base = from();
    if (question.filter) base = base.where(compileEnterpriseFilter(question.filter));
    return base
      .select((eb: AnyEb) => {
        const p = period(eb);
        // A stock read from month rows (insured workers) counts each period's last month only.
        const stockMonth = periodColumn.endsWith("month") ? [eb(eb.ref(periodColumn), "=", lastMonthOf(p, question.timeGrain))] : [];
        return [
          sql<boolean>`grouping(p) = 1`.as("is_total"),
          p.as("p"),
          ...keyColumns(eb, ctx),
          ...measures.flatMap((m) => {
            const parts = rollup ? rollupParts(eb, rollup, m, ctx) : martParts(eb, m, question);
            if (m.kind !== "STOCK") return [render(parts).as(col(m))];
            return [render(parts, stockMonth).as(col(m)), render(parts, [...stockMonth, eb(p, "=", ctx.lastStart)]).as(lastCol(m))];
          }),
        ];
      })
      .groupBy(groupingSets(ctx));
  });
  q = q.with(`agg_${alias}`, (qc: Q) => qc.selectFrom(`all_${alias}`).selectAll().where("is_total", "=", false));
  return q.with(`tot_${alias}`, (qc: Q) =>
    qc
      .selectFrom(`all_${alias}`)
      .where("is_total", "=", true)
      .select((eb: AnyEb) => measures.map((m) => eb.ref(m.kind === "STOCK" ? lastCol(m) : col(m)).as(col(m)))),
  );
}

/**
 * Unit-month measures from the mart: the months summed per unit and period (`up_um`), so
 * per-unit measures (arrears, non-payers) see each unit's period; the total sums each
 * unit over the whole range (`ur_um`), docs/DOMAIN.md arrears(u, range).
 */
function unitMonthGrain(q: Q, measures: readonly BaseMeasureSpec[], ctx: Context): Q {
  const { db, question } = ctx;
  q = q.with("scoped_um", () => {
    let months: any = db.selectFrom("mart_unit_month_finance as f").where("f.month", ">=", ctx.first).where("f.month", "<=", ctx.last);
    if (question.filter || ctx.keys.length) {
      months = months.leftJoin("mart_unit_year as u", (j: any) => j.onRef("u.tax_code", "=", "f.tax_code").onRef("u.year", "=", "f.year"));
    }
    if (question.filter) months = months.where(compileEnterpriseFilter(question.filter));
    return months.select((eb: AnyEb) => [
      "f.tax_code",
      "f.month",
      periodOf("f.month", question.timeGrain).as("p"),
      ...keyColumns(eb, ctx),
      ...UNIT_PERIOD_COLUMN_NAMES.map((c) => `f.${UNIT_PERIOD_COLUMNS[c].month}`),
    ]);
  });
  // The unit-period row (unit-period.catalog.ts): each column as the catalog defines it over the unit's months.
  const unitSums = (lastMonth: (eb: AnyEb) => Expression<unknown>) => (eb: AnyEb) => unitPeriodSums(UNIT_PERIOD_COLUMN_NAMES, "months", lastMonth(eb));
  q = q.with("up_um", (qc: Q) =>
    qc
      .selectFrom("scoped_um")
      .groupBy(["tax_code", "p"])
      .select((eb: AnyEb) => [
        "tax_code",
        "p",
        ...ctx.keys.map((k) => sql`any_value(${sql.ref(k)})`.as(k)),
        ...unitSums((e) => lastMonthOf(e.ref("p"), question.timeGrain))(eb),
      ]),
  );
  q = q.with("ur_um", (qc: Q) =>
    qc
      .selectFrom("scoped_um")
      .groupBy("tax_code")
      .select(unitSums(() => sql`${ctx.lastMonth}::date`)),
  );
  const aggregates = (eb: AnyEb) => measures.map((m) => render(martParts(eb, m, question)).as(col(m)));
  q = q.with("agg_um", (qc: Q) =>
    qc
      .selectFrom("up_um")
      .select((eb: AnyEb) => [sql<boolean>`false`.as("is_total"), "p", ...ctx.keys, ...aggregates(eb)])
      .groupBy(["p", ...ctx.keys]),
  );
  return q.with("tot_um", (qc: Q) => qc.selectFrom("ur_um").select(aggregates));
}

/**
 * A ratio measure as the catalog defines it (docs/DOMAIN.md § Measures: its numerator ÷ its
 * denominator, each aggregated first; null when the denominator is 0), over the columns
 * `column(base)` holding its numerator's and denominator's aggregates (a column's name, or
 * an expression giving the aggregate).
 */
export function measureRatio(eb: AnyEb, name: string, column: (base: string) => string | Expression<unknown>) {
  const spec = measureSpec(name);
  if (spec.kind !== "RATIO") throw new Error(`${name} is not a ratio`);
  const value = (base: string) => {
    const c = column(base);
    return typeof c === "string" ? eb.ref(c) : c;
  };
  return eb(eb.cast(eb.fn.coalesce(value(spec.numerator), eb.lit(0)), "double precision"), "/", eb.fn("nullif", [value(spec.denominator), eb.lit(0)]));
}

/** A measure's output column over the aggregates of `from` (`agg_<g>` or `tot_<g>`): counts and money 0 when empty, ratios null when their denominator is 0. */
function output(eb: AnyEb, spec: MeasureSpec, from: (grain: Grain) => string) {
  const ref = (name: string) => eb.ref(`${from(spec.grain)}.m_${name}`);
  if (spec.kind === "RATIO") return measureRatio(eb, spec.name, (base) => `${from(spec.grain)}.m_${base}`).as(spec.name);
  return eb.cast(eb.fn.coalesce(ref(spec.name), eb.lit(0)), spec.scalar === "BigInt" ? "bigint" : "integer").as(spec.name);
}

/** A cell of an answer: its period's start and its keys' codes (null for units without a value), in groupBy order. */
export interface CellId {
  readonly period: Date;
  readonly codes: readonly (string | null)[];
}

/** A condition on a measure of a row: every comparison given must hold (a null value never does). */
export interface SqlCondition {
  readonly measure: string;
  readonly gt?: number | null;
  readonly gte?: number | null;
  readonly lt?: number | null;
  readonly lte?: number | null;
  readonly eq?: number | null;
}

/** One sort key: a measure, or the index of a groupBy dimension (its list's order, then its code). */
export type SqlOrder = { readonly measure: string; readonly descending: boolean } | { readonly dimension: number; readonly descending: boolean };

/**
 * What the database does to the grid before it answers, in this order: the `withheld`
 * cells' measures nulled (small-cell suppression, decided by the caller on the whole
 * grid), `having`, the order (`orderBy`, ties in the default order: period, then each
 * dimension's list), and the page of `size` rows after the `after` cell.
 */
export interface AnalyticsPage {
  readonly withheld: readonly CellId[] | null;
  readonly having: readonly SqlCondition[];
  readonly orderBy: readonly SqlOrder[];
  readonly after: CellId | null;
  readonly size: number;
}

/** The rows of a paged answer: the page's rows (`rn`, their position after `having`) and the total row (`n`: rows after `having`; `anchor_rn`: the position of `after`, null when it is not a row). */
export interface AnalyticsPageRow extends AnalyticsSqlRow {
  suppressed: boolean;
  rn: number | bigint | null;
  n: number | bigint | null;
  anchor_rn: number | bigint | null;
}

/** Stands for a null code when matching cells given as parameters (codes are never control characters). */
const NULL_CODE = "\u0001";

/** Runs a question as planned: the group rows (every period and, with closed dimensions only, every combination of values), then the total row. */
export async function runAnalyticsSql(db: Db, question: AnalyticsQuestion, plan: Plan): Promise<AnalyticsSqlRow[]> {
  const { q, total, keys } = gridStatement(db, question, plan);
  let statement = q
    .selectFrom("grid")
    .selectAll()
    .unionAll(total)
    .orderBy("is_total")
    .orderBy("p_ord", (ob: any) => ob.asc().nullsLast());
  keys.forEach((k, i) => {
    statement = statement.orderBy(`o${i}`, (ob: any) => ob.asc().nullsLast()).orderBy(k, (ob: any) => ob.asc().nullsLast());
  });
  return (await statement.execute()) as AnalyticsSqlRow[];
}

/**
 * Runs a question as planned, with suppression, `having`, the order and the page done by
 * the database: the page's rows in order, then the total row (computed over every group,
 * whatever `having` keeps), in ONE statement.
 */
export async function runAnalyticsPage(db: Db, question: AnalyticsQuestion, plan: Plan, page: AnalyticsPage): Promise<AnalyticsPageRow[]> {
  const built = gridStatement(db, question, plan);
  const { keys } = built;
  let q = built.q;
  const outputs = question.measures;
  const matches = (eb: AnyEb, table: string, cell: CellId) =>
    eb.and([
      eb(eb.ref(`${table}.p`), "=", cell.period),
      ...keys.map((k, i) => eb(sql`coalesce(${sql.ref(`${table}.${k}`)}::varchar, ${NULL_CODE})`, "=", cell.codes[i] ?? NULL_CODE)),
    ]);

  const withheld = page.withheld?.length ? page.withheld : null;
  if (withheld) {
    q = q.with("withheld", (qc: Q) =>
      qc.selectNoFrom([
        sql<Date>`unnest(${withheld.map((c) => c.period)}::date[])`.as("p"),
        ...keys.map((k, i) => sql<string>`unnest(${withheld.map((c) => c.codes[i] ?? NULL_CODE)}::varchar[])`.as(k)),
      ]),
    );
  }
  q = q.with("shown", (qc: Q) => {
    let shown: any = qc.selectFrom("grid");
    if (withheld) {
      shown = shown.leftJoin("withheld as w", (join: any) =>
        keys.reduce(
          (j: any, k) => j.on(sql`${sql.ref(`w.${k}`)} = coalesce(${sql.ref(`grid.${k}`)}::varchar, ${NULL_CODE})`),
          join.onRef("w.p", "=", "grid.p"),
        ),
      );
    }
    return shown.select((eb: AnyEb) => [
      "grid.is_total",
      "grid.p",
      "grid.p_ord",
      ...keys.flatMap((k, i) => [`grid.${k}`, `grid.n${i}`, `grid.o${i}`]),
      (withheld ? eb("w.p", "is not", null) : eb.lit(false)).as("suppressed"),
      ...outputs.map((m) => (withheld ? sql`case when ${sql.ref("w.p")} is null then ${sql.ref(`grid.${m}`)} end` : sql.ref(`grid.${m}`)).as(m)),
    ]);
  });

  const order = [
    ...page.orderBy.flatMap((o) => {
      const dir = o.descending ? sql`desc` : sql`asc`;
      if ("measure" in o) return [sql`${sql.ref(o.measure)} ${dir} nulls last`];
      return [sql`${sql.ref(`o${o.dimension}`)} ${dir} nulls last`, sql`${sql.ref(keys[o.dimension])} ${dir} nulls last`];
    }),
    sql`p_ord asc nulls last`,
    ...keys.flatMap((k, i) => [sql`${sql.ref(`o${i}`)} asc nulls last`, sql`${sql.ref(k)} asc nulls last`]),
  ];
  q = q.with("kept", (qc: Q) =>
    qc
      .selectFrom("shown")
      .selectAll()
      .select([sql<number>`row_number() over (order by ${sql.join(order)})`.as("rn"), sql<number>`count(*) over ()`.as("n")])
      .where((eb: AnyEb) => eb.and(page.having.flatMap((c) => conditionSql(eb, c)))),
  );
  const after = page.after;
  q = q.with("anchor", (qc: Q) => {
    const anchor = qc.selectFrom("kept").select((eb: AnyEb) => eb.fn.min("rn").as("rn"));
    return after ? anchor.where((eb: AnyEb) => matches(eb, "kept", after)) : anchor.where(sql<boolean>`false`);
  });
  q = q.with("page", (qc: Q) =>
    qc
      .selectFrom("kept")
      .selectAll()
      .where("rn", ">", sql`coalesce((select rn from anchor), 0)`)
      .where("rn", "<=", sql`coalesce((select rn from anchor), 0) + ${page.size}`),
  );

  const nullBig = (eb: AnyEb) => eb.cast(eb.lit(null), "bigint");
  const rows = q
    .selectFrom("page")
    .select((eb: AnyEb) => [
      "is_total",
      "p",
      "p_ord",
      ...keys.flatMap((k, i) => [k, `n${i}`, `o${i}`]),
      ...outputs,
      "suppressed",
      "rn",
      nullBig(eb).as("n"),
      nullBig(eb).as("anchor_rn"),
    ]);
  const total = built.total.select((eb: AnyEb) => [
    eb.lit(false).as("suppressed"),
    nullBig(eb).as("rn"),
    sql`(select count(*) from kept)`.as("n"),
    sql`(select rn from anchor)`.as("anchor_rn"),
  ]);
  const statement = rows
    .unionAll(total)
    .orderBy("is_total")
    .orderBy("rn", (ob: any) => ob.asc().nullsLast());
  return (await statement.execute()) as AnalyticsPageRow[];
}

/** A `having` condition over the output column of its measure: every comparison given (SQL's null never holds). */
function conditionSql(eb: AnyEb, c: SqlCondition): Expression<SqlBool>[] {
  const ref = eb.ref(c.measure);
  const ops = [
    [c.gt, ">"],
    [c.gte, ">="],
    [c.lt, "<"],
    [c.lte, "<="],
    [c.eq, "="],
  ] as const;
  return ops.filter(([v]) => v != null).map(([v, op]) => eb(ref, op, sql`${v}::double`));
}

/**
 * The statement's WITH clauses up to `grid` (the group rows: is_total false, p, p_ord, k<i>,
 * n<i>, o<i> and the measures' output columns), and the total row (same columns), written
 * without the WITH clause, which the statement as a whole carries.
 */
function gridStatement(db: Db, question: AnalyticsQuestion, plan: Plan): { q: Q; total: any; keys: string[] } {
  const { periods, groupBy } = question;
  const keys = groupBy.map((_, i) => `k${i}`);
  const lastPeriod = periods.at(-1)!;
  const ctx: Context = {
    db,
    question,
    keys,
    first: periods[0].start,
    last: lastPeriod.end,
    lastStart: lastPeriod.start,
    lastMonth: new Date(Date.UTC(lastPeriod.end.getUTCFullYear(), lastPeriod.end.getUTCMonth(), 1)),
  };
  const specs = groupBy.map((d) => DIMENSION_SPECS[d]);
  const anyDb = db as unknown as Kysely<any>;
  const bases = baseMeasuresOf(question.measures);
  const grains = [...new Set(bases.map((m) => m.grain))];

  let q: Q = anyDb.with("periods", (qc) =>
    qc
      .selectFrom(sql`(select unnest(${periods.map((p) => p.start)}::date[]) as p, unnest(${periods.map((_, i) => i)}::integer[]) as p_ord)`.as("d"))
      .select(["d.p", "d.p_ord"]),
  );
  for (const grain of grains) {
    const measures = bases.filter((m) => m.grain === grain);
    const rollup = plan.sources.get(grain) ?? null;
    q = grain === "UNIT_MONTH" && !rollup ? unitMonthGrain(q, measures, ctx) : oneStepGrain(q, grain, measures, rollup, ctx);
  }
  specs.forEach((spec, i) => {
    if (spec.values) q = q.with(`v${i}`, () => spec.values!(db, lastPeriod.end.getUTCFullYear()));
  });
  q = q.with("keyed", (qc: Q) => {
    if (!keys.length) return qc.selectFrom("periods").select("p");
    let observed: any = null;
    for (const grain of grains) {
      const s = qc.selectFrom(`agg_${ALIAS[grain]}`).select(["p", ...keys]);
      observed = observed ? observed.union(s) : s;
    }
    if (!specs.every((s) => s.closed)) return observed;
    let cells: any = qc.selectFrom("periods");
    for (let i = 0; i < keys.length; i++) cells = cells.crossJoin(`v${i}`);
    return observed.union(cells.select(["periods.p", ...keys.map((k, i) => `v${i}.code as ${k}`)]));
  });

  const outputs = question.measures.map(measureSpec);
  const nullText = (eb: AnyEb) => eb.cast(eb.lit(null), "varchar");
  const nullInt = (eb: AnyEb) => eb.cast(eb.lit(null), "integer");

  q = q.with("grid", (qc: Q) => {
    let rows: any = qc.selectFrom("keyed").innerJoin("periods", "periods.p", "keyed.p");
    for (const grain of grains) {
      const alias = `agg_${ALIAS[grain]}`;
      rows = rows.leftJoin(alias, (join: any) =>
        keys.reduce((j: any, k) => j.onRef(`${alias}.${k}`, "is not distinct from", `keyed.${k}`), join.onRef(`${alias}.p`, "=", "keyed.p")),
      );
    }
    specs.forEach((spec, i) => {
      if (spec.values) rows = rows.leftJoin(`v${i} as d${i}`, `d${i}.code`, `keyed.${keys[i]}`);
    });
    return rows.select((eb: AnyEb) => [
      eb.lit(false).as("is_total"),
      "keyed.p",
      "periods.p_ord",
      ...specs.flatMap((spec, i) => [
        eb.ref(`keyed.${keys[i]}`).as(keys[i]),
        (spec.values ? eb.ref(`d${i}.name`) : spec.names === "code" ? eb.ref(`keyed.${keys[i]}`) : nullText(eb)).as(`n${i}`),
        (spec.values ? eb.ref(`d${i}.ord`) : nullInt(eb)).as(`o${i}`),
      ]),
      ...outputs.map((spec) => output(eb, spec, (g) => `agg_${ALIAS[g]}`)),
    ]);
  });

  // The total row, written without the WITH clause, which the statement as a whole carries.
  let total: any = anyDb.selectFrom(sql`(select 1 as one)`.as("one"));
  for (const grain of grains) total = total.leftJoin(`tot_${ALIAS[grain]}`, (join: any) => join.onTrue());
  total = total.select((eb: AnyEb) => [
    eb.lit(true).as("is_total"),
    eb.cast(eb.lit(null), "date").as("p"),
    nullInt(eb).as("p_ord"),
    ...keys.flatMap((k, i) => [nullText(eb).as(k), nullText(eb).as(`n${i}`), nullInt(eb).as(`o${i}`)]),
    ...outputs.map((spec) => output(eb, spec, (g) => `tot_${ALIAS[g]}`)),
  ]);
  return { q, total, keys };
}
