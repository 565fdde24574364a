import { type Expression, type ExpressionBuilder, type Kysely, type QueryCreator, sql } from "kysely";
import { forecastSeries, type SeriesForecast, type YearValue } from "../core/forecasting/forecast-series.js";
import { NON_NEGATIVE, RATE, type ValueBounds } from "../core/forecasting/prediction-intervals.js";
import { type PaceKind, type PaceTarget, requiredPace as paceOf, type TargetPace } from "../core/forecasting/required-pace.js";
import type { DimensionKey } from "./coverage.js";
import type { Db } from "./database.js";
import { DIMENSION_SPECS, type Dimension } from "./dimensions.js";
import { compileEnterpriseFilter, type EnterpriseFilter } from "./filters.js";
import { measureRowValue } from "./semantic/analytics-sql.js";
import type { BaseMeasureSpec } from "./semantic/catalog.types.js";
import { measureSpec } from "./semantic/measures.catalog.js";
import { badUserInput } from "./user-errors.js";

/** The metrics a forecast can be asked for (docs/DOMAIN.md § Measures), each a yearly value at 31 December. */
export const FORECAST_METRICS = ["NEW_MEMBERS", "MEMBERS", "COVERAGE_RATE", "AGREEMENT_RATE", "UNION_DENSITY", "UNION_FEE_PAID"] as const;
export type ForecastMetric = (typeof FORECAST_METRICS)[number];

/** Furthest a forecast reaches past the last known year. */
export const MAX_HORIZON = 30;
/** Most series (groups) one forecast computes. */
export const MAX_SERIES = 500;

interface MetricSpec {
  /** SUM: the measure summed; RATE: a ratio, Σ numerator ÷ Σ denominator (null when 0). */
  readonly kind: "SUM" | "RATE";
  /**
   * The measure of the semantic catalog (queries/semantic/measures.catalog.ts) the metric
   * is, from its one definition: a base measure for SUM, a ratio for RATE. Over unit-years:
   * a unit-year measure under its conditions; a membership or fee measure from the
   * mart_unit_year column the build sums it into (its `unitYearColumn`).
   */
  readonly measure: string;
  readonly bounds: ValueBounds;
  /** How a target on this metric is read. */
  readonly paceKind: PaceKind;
  /** Rates: what the numerator's units are, for a pace in units a year. */
  readonly unitsLabel?: string;
}

export const METRIC_SPECS: Readonly<Record<ForecastMetric, MetricSpec>> = Object.freeze({
  /** Σ `ket_nap_moi` of the year's returns: the units' (filtered) and, without a filter, those of unions linked to no unit. */
  NEW_MEMBERS: { kind: "SUM", measure: "newMembers", bounds: NON_NEGATIVE, paceKind: "FLOW" },
  /** Σ `so_doan_vien` of the year's returns, the same way. */
  MEMBERS: { kind: "SUM", measure: "members", bounds: NON_NEGATIVE, paceKind: "LEVEL" },
  /** In-scope units (active, workers ≥ minWorkers) with a union ÷ in-scope units. */
  COVERAGE_RATE: { kind: "RATE", measure: "coverageRate", bounds: RATE, paceKind: "LEVEL", unitsLabel: "new unions" },
  /** Active units with a union and a collective agreement in force ÷ active units with a union. */
  AGREEMENT_RATE: { kind: "RATE", measure: "programAgreementRate", bounds: RATE, paceKind: "LEVEL", unitsLabel: "new agreements" },
  /** Members ÷ workers over the active units with a union and a workers figure. */
  UNION_DENSITY: { kind: "RATE", measure: "programUnionDensity", bounds: RATE, paceKind: "LEVEL" },
  /** Σ union fee (KPCĐ) paid for the periods of the year, VND. */
  UNION_FEE_PAID: { kind: "SUM", measure: "feePaid", bounds: NON_NEGATIVE, paceKind: "FLOW" },
} satisfies Record<ForecastMetric, MetricSpec>);

/** The base measures of a metric: the measure itself (SUM), or its ratio's numerator and denominator (RATE). */
function metricParts(spec: MetricSpec): { numerator: BaseMeasureSpec; denominator: BaseMeasureSpec | null } {
  const m = measureSpec(spec.measure);
  if (m.kind === "RATIO") return { numerator: measureSpec(m.numerator) as BaseMeasureSpec, denominator: measureSpec(m.denominator) as BaseMeasureSpec };
  return { numerator: m, denominator: null };
}

/** A base measure's value on one unit-year row `u` (its own grain's, or its unit-year column's). */
function unitYearValue(eb: ExpressionBuilder<any, any>, m: BaseMeasureSpec, minWorkers: number): Expression<unknown> {
  return measureRowValue(eb, m.name, { minWorkers }, { unitYear: m.grain !== "UNIT_YEAR" });
}

export interface MetricSeriesQuery {
  readonly metric: ForecastMetric;
  readonly groupBy: readonly Dimension[];
  readonly filter?: EnterpriseFilter | null;
  /** COVERAGE_RATE's scope threshold. */
  readonly minWorkers: number;
  /** The first year used (default: the first the warehouse holds). */
  readonly fromYear?: number | null;
}

/** One year of a series: the value, and for rates its numerator and denominator. */
export interface SeriesYear extends YearValue {
  readonly numerator: number;
  readonly denominator: number | null;
}

export interface MetricSeries {
  readonly keys: readonly DimensionKey[];
  readonly years: readonly SeriesYear[];
}

export interface MetricSeriesResult {
  /** The years the warehouse holds (from fromYear). */
  readonly firstYear: number;
  readonly lastYear: number;
  readonly groups: readonly MetricSeries[];
  readonly total: MetricSeries;
}

interface SeriesSqlRow {
  lo: number | null;
  hi: number | null;
  year: number | null;
  is_total: boolean | null;
  num: number | null;
  den: number | null;
  [keyNameOrd: `k${number}` | `n${number}` | `o${number}`]: string | number | null;
}

function checkYear(name: string, year: number | null | undefined): void {
  if (year != null && (!Number.isInteger(year) || year < 1900 || year > 2200)) throw badUserInput(`${name} must be a year, got ${year}`, { argument: name });
}

/**
 * The yearly series of a metric, per group of `groupBy` and in total, straight from
 * `mart_unit_year` (plus, for the membership metrics without a filter, the returns of
 * unions linked to no unit from `fct_membership_yearly`; they have no unit, so no
 * dimension value but their upper union, and no filter selects them), in ONE statement:
 * `GROUP BY GROUPING SETS ((year, keys), (year))` gives the groups and the total.
 * Groups are those the data has (not the full grid of a closed list: a series of zeros
 * has nothing to forecast). A year without rows counts 0 for a sum and has no value for
 * a rate.
 */
export async function metricSeries(db: Db, query: MetricSeriesQuery): Promise<MetricSeriesResult> {
  const spec = METRIC_SPECS[query.metric];
  if (!spec) throw badUserInput(`unknown metric ${query.metric}`, { argument: "metric" });
  const groupBy = [...new Set(query.groupBy)];
  if (groupBy.length !== query.groupBy.length) throw badUserInput("groupBy names a dimension twice", { argument: "groupBy" });
  if (groupBy.includes("YEAR")) throw badUserInput("groupBy YEAR is not needed: a forecast is a series of years already", { argument: "groupBy" });
  if (!Number.isInteger(query.minWorkers) || query.minWorkers < 0)
    throw badUserInput(`minWorkers must be a whole number ≥ 0, got ${query.minWorkers}`, { argument: "minWorkers" });
  checkYear("fromYear", query.fromYear);
  const fromYear = query.fromYear ?? 0;
  const specs = groupBy.map((d) => DIMENSION_SPECS[d]);
  const keys = specs.map((_, i) => `k${i}`);
  const anyDb = db as unknown as Kysely<any>;
  const { numerator, denominator } = metricParts(spec);
  // Membership measures are Σ of the year's returns: without a filter, those of unions linked to no unit count too.
  const withUnlinked = numerator.grain === "UNION_YEAR" && query.filter == null;

  let q: QueryCreator<any> = anyDb.with("facts", () => {
    const units = db
      .selectFrom("mart_unit_year as u")
      .where("u.year", ">=", fromYear)
      .where(compileEnterpriseFilter(query.filter))
      .select((eb) => [
        "u.year",
        ...specs.map((s, i) => s.key(eb).as(keys[i])),
        eb.cast(unitYearValue(eb, numerator, query.minWorkers), "double precision").as("num"),
        eb.cast(denominator ? unitYearValue(eb, denominator, query.minWorkers) : eb.lit(0), "double precision").as("den"),
      ]);
    if (!withUnlinked) return units;
    const returns = db
      .selectFrom("fct_membership_yearly as m")
      .where("m.tax_code", "is", null)
      .where("m.year", ">=", fromYear)
      .select((eb) => [
        "m.year",
        ...groupBy.map((d, i) => (d === "UPPER_UNION" ? eb.ref("m.upper_union") : eb.cast(eb.lit(null), "varchar")).as(keys[i])),
        eb.cast(measureRowValue(eb, numerator.name, { minWorkers: query.minWorkers }), "double precision").as("num"),
        eb.cast(eb.lit(0), "double precision").as("den"),
      ]);
    return units.unionAll(returns as never);
  });
  q = q.with("agg", (qc: QueryCreator<any>) => {
    const base = qc
      .selectFrom("facts")
      .select((eb) => [
        "year",
        ...(keys.length ? [sql<boolean>`grouping(${sql.ref(keys[0])}) = 1`.as("is_total"), ...keys] : [eb.lit(true).as("is_total")]),
        eb.fn.sum("num").as("num"),
        eb.fn.sum("den").as("den"),
      ]);
    return keys.length
      ? base.groupBy(sql`grouping sets ((${sql.join([sql.ref("year"), ...keys.map((k) => sql.ref(k))])}), (${sql.ref("year")}))`)
      : base.groupBy("year");
  });
  q = q.with("span", () =>
    db
      .selectFrom("mart_unit_year as y")
      .where("y.year", ">=", fromYear)
      .select((eb) => [eb.fn.min("y.year").as("lo"), eb.fn.max("y.year").as("hi")]),
  );
  specs.forEach((s, i) => {
    if (s.values) q = q.with(`v${i}`, () => s.values!(db, 0));
  });
  let statement = q.selectFrom("span").leftJoin("agg", (join) => join.on(sql<boolean>`true`));
  specs.forEach((s, i) => {
    if (s.values) statement = statement.leftJoin(`v${i} as d${i}`, `d${i}.code`, `agg.${keys[i]}`);
  });
  const rows = (await statement
    .select((eb) => [
      "span.lo",
      "span.hi",
      "agg.year",
      "agg.is_total",
      "agg.num",
      "agg.den",
      ...specs.flatMap((s, i) => [
        eb.ref(`agg.${keys[i]}`).as(keys[i]),
        (s.values ? eb.ref(`d${i}.name`) : s.names === "code" ? eb.ref(`agg.${keys[i]}`) : eb.cast(eb.lit(null), "varchar")).as(`n${i}`),
        (s.values ? eb.ref(`d${i}.ord`) : eb.cast(eb.lit(null), "integer")).as(`o${i}`),
      ]),
    ])
    .execute()) as unknown as SeriesSqlRow[];

  const lo = rows[0]?.lo ?? null;
  const hi = rows[0]?.hi ?? null;
  if (lo === null || hi === null)
    throw badUserInput(query.fromYear != null ? `the warehouse holds no year from ${query.fromYear}` : "the warehouse holds no year", { argument: "fromYear" });

  const groups = new Map<string, { keys: DimensionKey[]; ord: (number | null)[]; byYear: Map<number, SeriesSqlRow> }>();
  const total = new Map<number, SeriesSqlRow>();
  for (const row of rows) {
    if (row.year === null) continue;
    if (row.is_total) {
      total.set(row.year, row);
      continue;
    }
    const codes = keys.map((k) => row[k as `k${number}`] as string | null);
    const id = JSON.stringify(codes);
    let group = groups.get(id);
    if (!group) {
      group = {
        keys: groupBy.map((dimension, i) => ({ dimension, code: codes[i], name: row[`n${i}`] as string | null })),
        ord: keys.map((_, i) => (row[`o${i}`] == null ? null : Number(row[`o${i}`]))),
        byYear: new Map(),
      };
      groups.set(id, group);
    }
    group.byYear.set(row.year, row);
  }
  if (groups.size > MAX_SERIES) {
    throw badUserInput(`groupBy gives ${groups.size} series, more than the ${MAX_SERIES} a forecast computes: group by fewer dimensions or filter`, {
      argument: "groupBy",
      limit: MAX_SERIES,
    });
  }
  const yearsOf = (byYear: ReadonlyMap<number, SeriesSqlRow>): SeriesYear[] =>
    Array.from({ length: hi - lo + 1 }, (_, i) => {
      const year = lo + i;
      const row = byYear.get(year);
      const numerator = Number(row?.num ?? 0);
      if (spec.kind === "SUM") return { year, value: numerator, numerator, denominator: null };
      const denominator = Number(row?.den ?? 0);
      return { year, value: denominator > 0 ? numerator / denominator : null, numerator, denominator };
    });
  const compareOrd = (a: (number | null)[], b: (number | null)[], ak: DimensionKey[], bk: DimensionKey[]) => {
    for (let i = 0; i < a.length; i++) {
      const [x, y] = [a[i] ?? Infinity, b[i] ?? Infinity];
      if (x !== y) return x - y;
      const [cx, cy] = [ak[i].code, bk[i].code];
      if (cx !== cy) return cx === null ? 1 : cy === null ? -1 : cx < cy ? -1 : 1;
    }
    return 0;
  };
  const ordered = [...groups.values()].sort((a, b) => compareOrd(a.ord, b.ord, a.keys, b.keys));
  return {
    firstYear: lo,
    lastYear: hi,
    groups: ordered.map((g) => ({ keys: g.keys, years: yearsOf(g.byYear) })),
    total: { keys: [], years: yearsOf(total) },
  };
}

export interface ForecastQuery extends MetricSeriesQuery {
  readonly toYear: number;
}

export interface GroupForecast extends SeriesForecast {
  readonly keys: readonly DimensionKey[];
}

export interface ForecastResult {
  readonly metric: ForecastMetric;
  readonly toYear: number;
  readonly firstYear: number;
  readonly lastActualYear: number;
  readonly minWorkers: number;
  readonly groupBy: readonly Dimension[];
  readonly series: readonly GroupForecast[];
  readonly total: GroupForecast;
}

/**
 * The metric's yearly series per group and in total, each forecast to `toYear` with
 * its method, back-test and 80 %/95 % intervals (core/forecasting/forecast-series.ts).
 */
export async function forecast(db: Db, query: ForecastQuery): Promise<ForecastResult> {
  checkYear("toYear", query.toYear);
  const series = await metricSeries(db, query);
  const last = series.lastYear;
  if (query.toYear <= last) throw badUserInput(`toYear must be after the last known year, ${last}`, { argument: "toYear", lastActualYear: last });
  if (query.toYear - last > MAX_HORIZON)
    throw badUserInput(`toYear reaches more than ${MAX_HORIZON} years past the last known year, ${last}`, { argument: "toYear", limit: MAX_HORIZON });
  const bounds = METRIC_SPECS[query.metric].bounds;
  const one = (s: MetricSeries): GroupForecast => ({ ...forecastSeries(s.years, query.toYear, bounds), keys: s.keys });
  return {
    metric: query.metric,
    toYear: query.toYear,
    firstYear: series.firstYear,
    lastActualYear: last,
    minWorkers: query.minWorkers,
    groupBy: query.groupBy,
    series: series.groups.map(one),
    total: one(series.total),
  };
}

/** A target row's metric as a forecast metric (with the coverage threshold its name carries); null for a metric no forecast serves. */
export function forecastMetricOf(targetMetric: string): { metric: ForecastMetric; minWorkers: number } | null {
  const coverage = /^coverage_rate_min_workers_(\d+)$/.exec(targetMetric);
  if (coverage) return { metric: "COVERAGE_RATE", minWorkers: Number(coverage[1]) };
  const direct: Record<string, ForecastMetric> = {
    new_members: "NEW_MEMBERS",
    members: "MEMBERS",
    agreement_rate: "AGREEMENT_RATE",
    union_density: "UNION_DENSITY",
    union_fee_paid: "UNION_FEE_PAID",
  };
  return direct[targetMetric] ? { metric: direct[targetMetric], minWorkers: 20 } : null;
}

export interface RequiredPaceQuery {
  /** Only this metric's targets (all when not given). */
  readonly metric?: ForecastMetric | null;
  /** The targets due in this year (to_year). */
  readonly targetYear: number;
  /** Which units the forecasts count (the caller's scope); province-wide when not given. */
  readonly filter?: EnterpriseFilter | null;
}

export interface TargetPaceResult extends TargetPace {
  /** The forecast metric the target is assessed on; null when none serves it. */
  readonly metric: ForecastMetric | null;
  readonly minWorkers: number | null;
  /** The province-wide forecast the pace was read from. */
  readonly forecast: SeriesForecast | null;
}

export interface RequiredPaceResult {
  readonly targetYear: number;
  readonly lastActualYear: number | null;
  readonly targets: readonly TargetPaceResult[];
}

/**
 * Every target of `ref.targets` due in `targetYear` (its to_year), optionally of one
 * metric: the pace needed from the last known year, the province-wide forecast's pace,
 * and the probability of meeting it (core/forecasting/required-pace.ts).
 */
export async function requiredPace(db: Db, query: RequiredPaceQuery): Promise<RequiredPaceResult> {
  checkYear("targetYear", query.targetYear);
  const rows = await db
    .selectFrom("ref.targets as t")
    .selectAll("t")
    .where("t.to_year", "=", query.targetYear)
    .orderBy("t.metric")
    .orderBy("t.from_year")
    .orderBy("t.target_id")
    .execute();
  const targets = rows
    .map((row) => ({ row, served: forecastMetricOf(row.metric) }))
    .filter(({ served }) => query.metric == null || served?.metric === query.metric)
    .sort((a, b) => metricOrder(a.served?.metric) - metricOrder(b.served?.metric));

  const seriesCache = new Map<string, Promise<MetricSeriesResult>>();
  const seriesOf = (metric: ForecastMetric, minWorkers: number) => {
    const key = `${metric}:${minWorkers}`;
    if (!seriesCache.has(key)) seriesCache.set(key, metricSeries(db, { metric, minWorkers, groupBy: [], filter: query.filter }));
    return seriesCache.get(key)!;
  };
  let lastActualYear: number | null = null;
  const paces: TargetPaceResult[] = [];
  for (const { row, served } of targets) {
    const target: PaceTarget = {
      targetId: row.target_id,
      metric: row.metric,
      fromYear: row.from_year,
      toYear: row.to_year,
      comparison: row.comparison,
      value: Number(row.value),
      unit: row.unit,
      programLine: row.program_line,
    };
    if (!served) {
      paces.push({ ...unservedPace(target), metric: null, minWorkers: null, forecast: null });
      continue;
    }
    const spec = METRIC_SPECS[served.metric];
    const series = await seriesOf(served.metric, served.minWorkers);
    lastActualYear = series.lastYear;
    if (target.toYear - series.lastYear > MAX_HORIZON) {
      throw badUserInput(`targetYear reaches more than ${MAX_HORIZON} years past the last known year, ${series.lastYear}`, {
        argument: "targetYear",
        limit: MAX_HORIZON,
      });
    }
    const seriesForecast = forecastSeries(series.total.years, Math.max(target.toYear, series.lastYear), spec.bounds);
    const lastYear = series.total.years.at(-1);
    const counts = spec.kind === "RATE" && lastYear?.denominator != null ? { numerator: lastYear.numerator, denominator: lastYear.denominator } : null;
    const pace = paceOf({
      target,
      kind: spec.paceKind,
      forecast: seriesForecast,
      bounds: spec.bounds,
      counts,
      unitsLabel: spec.unitsLabel ?? null,
      isRate: spec.kind === "RATE",
    });
    paces.push({ ...pace, metric: served.metric, minWorkers: served.metric === "COVERAGE_RATE" ? served.minWorkers : null, forecast: seriesForecast });
  }
  return { targetYear: query.targetYear, lastActualYear, targets: paces };
}

/** Targets are listed in the order of FORECAST_METRICS (unserved metrics last), then by the table's order. */
function metricOrder(metric: ForecastMetric | undefined): number {
  return metric === undefined ? FORECAST_METRICS.length : FORECAST_METRICS.indexOf(metric);
}

function unservedPace(target: PaceTarget): TargetPace {
  return {
    target,
    kind: "LEVEL",
    status: "UNKNOWN",
    lastActualYear: null,
    lastActual: null,
    periodYears: target.toYear - target.fromYear + 1,
    remainingYears: 0,
    achievedSoFar: null,
    requiredPerYear: null,
    currentPerYear: null,
    forecastPerYear: null,
    requiredUnitsPerYear: null,
    projected: null,
    projectedLower80: null,
    projectedUpper80: null,
    projectedLower95: null,
    projectedUpper95: null,
    probability: null,
    onTrack: null,
    years: [],
    explanation: `No forecast serves the metric "${target.metric}".`,
  };
}
