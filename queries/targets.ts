import { type Kysely, type Selectable, sql } from "kysely";
import type { Db, RefTargetsTable } from "./database.js";
import { compileEnterpriseFilter, type EnterpriseFilter } from "./filters.js";
import { measureAggregate } from "./semantic/analytics-sql.js";
import { ratioValue } from "./semantic/measures.catalog.js";
import { badUserInput } from "./user-errors.js";

export type TargetRow = Selectable<RefTargetsTable>;

/** The targets of one metric, the latest program first (where two overlap, the later one applies). */
export function targetsOfMetric(db: Db, metric: string): Promise<TargetRow[]> {
  return db.selectFrom("ref.targets as t").selectAll("t").where("t.metric", "=", metric).orderBy("t.from_year", "desc").orderBy("t.target_id").execute();
}

/** Whether `actual` meets `value` under the target's comparison (`>=`, `>`, `<=`, `<`, `=`); null for an unknown comparison. */
export function compareToTarget(actual: number, comparison: string, value: number): boolean | null {
  switch (comparison.trim()) {
    case ">=":
      return actual >= value;
    case ">":
      return actual > value;
    case "<=":
      return actual <= value;
    case "<":
      return actual < value;
    case "=":
      return actual === value;
    default:
      return null;
  }
}

/** How far `actual` is from `value` in the target's direction: positive while short of it, ≤ 0 once there. */
export function gapToTarget(actual: number, comparison: string, value: number): number {
  return comparison.trim().startsWith("<") ? actual - value : value - actual;
}

/**
 * The metrics a target row can name, and how they are read:
 * - FLOW metrics are counts per year (the target asks for so many every year of its period);
 * - LEVEL metrics are rates at 31 December (the target asks for the level by its last year).
 */
export type MetricKind = "FLOW" | "LEVEL";

const COVERAGE_METRIC = /^coverage_rate_min_workers_(\d+)$/;

export function metricKind(metric: string): MetricKind | null {
  if (metric === "new_members") return "FLOW";
  if (metric === "agreement_rate" || metric === "union_density" || COVERAGE_METRIC.test(metric)) return "LEVEL";
  return null;
}

/** Values of every known metric per year, for the years the warehouse holds up to `toYear` (null where a rate has no denominator). */
export type MetricValues = ReadonlyMap<number, Readonly<Record<string, number | null>>>;

/**
 * The metric values of every year up to `toYear` in ONE statement: province-wide, over
 * every unit (docs/DOMAIN.md § Measures, at 31 December):
 * - `new_members`: Σ `ket_nap_moi` of the year's returns (all returns, linked to a unit or not);
 * - `coverage_rate_min_workers_N`: in-scope units (active, workers ≥ N) with a union ÷ in-scope units;
 * - `agreement_rate`: active units with a union and an agreement in force ÷ active units with a union;
 * - `union_density`: members ÷ workers over the active units with a union and a workers figure.
 * A year appears when the warehouse holds units for it. With a `filter` (the caller's
 * scope), only the units it selects count, and only their unions' returns.
 */
export async function metricValuesByYear(db: Db, metrics: readonly string[], toYear: number, filter?: EnterpriseFilter | null): Promise<MetricValues> {
  const thresholds = [
    ...new Set(
      metrics
        .map((m) => COVERAGE_METRIC.exec(m)?.[1])
        .filter((t): t is string => t !== undefined)
        .map(Number),
    ),
  ];
  const anyDb = db as unknown as Kysely<any>;
  const rows = await anyDb
    .with("units", () =>
      db
        .selectFrom("mart_unit_year as u")
        .where("u.year", "<=", toYear)
        .where(compileEnterpriseFilter(filter))
        .groupBy("u.year")
        .select((eb) => {
          // Each figure is a measure of the semantic catalog (queries/semantic), computed from its one definition.
          const measure = (name: string, type: "integer" | "bigint", minWorkers = 20) =>
            eb.cast<number>(measureAggregate(eb as never, name, { minWorkers }) as never, type);
          return [
            "u.year",
            ...thresholds.flatMap((n) => [measure("units", "integer", n).as(`in_scope_${n}`), measure("unionisedUnits", "integer", n).as(`covered_${n}`)]),
            measure("activeUnionisedUnits", "integer").as("unionised"),
            measure("activeAgreementUnits", "integer").as("with_agreement"),
            measure("programDensityMembers", "bigint").as("density_members"),
            measure("programDensityWorkers", "bigint").as("density_workers"),
          ];
        }),
    )
    .with("returns", () => {
      const returns = db.selectFrom("fct_membership_yearly as m").where("m.year", "<=", toYear);
      const selected =
        filter == null
          ? returns
          : returns
              .leftJoin("mart_unit_year as u", (join) => join.onRef("u.tax_code", "=", "m.tax_code").onRef("u.year", "=", "m.year"))
              .where(compileEnterpriseFilter(filter) as never);
      return selected
        .groupBy("m.year")
        .select((eb) => ["m.year", eb.cast<number>(measureAggregate(eb as never, "newMembers", { minWorkers: 20 }) as never, "bigint").as("new_members")]);
    })
    .selectFrom("units")
    .leftJoin("returns", "returns.year", "units.year")
    .selectAll("units")
    .select((eb) => eb.cast<number>(eb.fn.coalesce("returns.new_members", eb.lit(0)), "bigint").as("new_members"))
    .orderBy("units.year")
    .execute();

  // Each rate is the catalog's ratio of the measures read above, under their columns here.
  const rate = (r: any, name: string, columns: Readonly<Record<string, string>>) => ratioValue(name, (base) => r[columns[base]]);
  return new Map(
    rows.map((r: any) => [
      Number(r.year),
      Object.freeze({
        new_members: Number(r.new_members),
        agreement_rate: rate(r, "programAgreementRate", { activeAgreementUnits: "with_agreement", activeUnionisedUnits: "unionised" }),
        union_density: rate(r, "programUnionDensity", { programDensityMembers: "density_members", programDensityWorkers: "density_workers" }),
        ...Object.fromEntries(
          thresholds.map((n) => [`coverage_rate_min_workers_${n}`, rate(r, "coverageRate", { unionisedUnits: `covered_${n}`, units: `in_scope_${n}` })]),
        ),
      }),
    ]),
  );
}

export type TargetStatus = "MET" | "ON_TRACK" | "BEHIND";

export interface ScorecardLine {
  readonly target: TargetRow;
  readonly kind: MetricKind | null;
  /** The metric in the year; null when the warehouse holds no data for the year, the rate has no denominator, or the metric is unknown. */
  readonly actual: number | null;
  readonly gap: number | null;
  readonly status: TargetStatus | null;
  /** LEVEL: the year whose value the straight line starts from. */
  readonly baselineYear: number | null;
  readonly baseline: number | null;
  /** LEVEL: the value the straight line from the baseline to the target asks for in the year; FLOW: the target × the years of the period so far. */
  readonly onTrackValue: number | null;
  /** FLOW: Σ of the metric over the years of the period so far (years without data count 0). */
  readonly cumulativeActual: number | null;
}

/**
 * Every target of ref.targets in force in `year` (from_year ≤ year ≤ to_year), with
 * the metric's actual value in the year, the gap and the status:
 * - MET: the year's value meets the target;
 * - ON_TRACK: not met, but on pace: for a FLOW target (so many a year), the period's
 *   running total since from_year meets the target × the years so far; for a LEVEL target
 *   (a rate by to_year), the value is at or beyond the straight line from the baseline
 *   (the value at the end of the year before the period, else of the first earlier year
 *   the warehouse holds) to the target value at to_year;
 * - BEHIND: otherwise (also a LEVEL target with no earlier year to draw the line from).
 * Status, actual and gap are null when the year has no data or the metric is unknown.
 */
export async function scorecard(db: Db, year: number, filter?: EnterpriseFilter | null): Promise<ScorecardLine[]> {
  if (!Number.isInteger(year) || year < 1900 || year > 2200) throw badUserInput(`year must be a year, got ${year}`, { argument: "year" });
  const targets = await db
    .selectFrom("ref.targets as t")
    .selectAll("t")
    .where("t.from_year", "<=", year)
    .where("t.to_year", ">=", year)
    .orderBy(
      sql`case when ${sql.ref("t.metric")} = 'new_members' then 0 when ${sql.ref("t.metric")} like 'coverage%' then 1 when ${sql.ref("t.metric")} = 'agreement_rate' then 2 else 3 end`,
    )
    .orderBy("t.from_year")
    .orderBy("t.target_id")
    .execute();
  const known = targets.filter((t) => metricKind(t.metric) !== null).map((t) => t.metric);
  const values = known.length ? await metricValuesByYear(db, known, year, filter) : new Map();
  return targets.map((target) => evaluate(target, values, year));
}

function evaluate(target: TargetRow, values: MetricValues, year: number): ScorecardLine {
  const kind = metricKind(target.metric);
  const empty = { target, kind, actual: null, gap: null, status: null, baselineYear: null, baseline: null, onTrackValue: null, cumulativeActual: null };
  const valueIn = (y: number) => values.get(y)?.[target.metric] ?? null;
  const actual = kind ? valueIn(year) : null;
  if (actual === null) return empty; // also every metric of unknown kind (actual is null for them)
  const { comparison, value } = target;
  const gap = gapToTarget(actual, comparison, value);
  const met = compareToTarget(actual, comparison, value);
  if (kind === "FLOW") {
    const years = year - target.from_year + 1;
    let cumulative = 0;
    for (let y = target.from_year; y <= year; y++) cumulative += valueIn(y) ?? 0;
    const onTrackValue = value * years;
    const status: TargetStatus = met ? "MET" : compareToTarget(cumulative, comparison, onTrackValue) ? "ON_TRACK" : "BEHIND";
    return { ...empty, actual, gap, status: met === null ? null : status, onTrackValue, cumulativeActual: cumulative };
  }
  const earlier = [...values.keys()].filter((y) => y < year && valueIn(y) !== null).sort((a, b) => a - b);
  const baselineYear = earlier.filter((y) => y <= target.from_year - 1).at(-1) ?? earlier[0] ?? null;
  const baseline = baselineYear === null ? null : valueIn(baselineYear);
  const onTrackValue =
    baselineYear === null || baseline === null ? null : baseline + ((value - baseline) * (year - baselineYear)) / (target.to_year - baselineYear);
  const onTrack = onTrackValue !== null && compareToTarget(actual, comparison, onTrackValue) === true;
  const status: TargetStatus = met ? "MET" : onTrack ? "ON_TRACK" : "BEHIND";
  return { ...empty, actual, gap, status: met === null ? null : status, baselineYear, baseline, onTrackValue };
}
