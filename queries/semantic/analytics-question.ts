import type { Dimension } from "../dimensions.js";
import type { EnterpriseFilter } from "../filters.js";
import { periodsOf } from "../finance.js";
import { badUserInput } from "../user-errors.js";
import type { Period, SqlCondition } from "./analytics-sql.js";
import type { TimeGrain } from "./catalog.types.js";
import { checkMinWorkers } from "./conditions.catalog.js";
import { MEASURE_BY_NAME, measureSpec } from "./measures.catalog.js";

/** A condition on a measure of a row, as the SQL applies it: every comparison given must hold (a null value never does). */
export type MeasureCondition = SqlCondition;

/** One sort key: a measure or a groupBy dimension (exactly one), nulls last either way. */
export interface AnalyticsOrder {
  readonly measure?: string | null;
  readonly dimension?: Dimension | null;
  readonly direction?: "ASC" | "DESC" | null;
}

/** A question as the API receives it (dates as `yyyy-mm-dd`; the filter already ANDed with the caller's scope). */
export interface AnalyticsRequest {
  readonly year?: number | null;
  readonly from?: string | null;
  readonly to?: string | null;
  readonly grain?: TimeGrain | null;
  readonly groupBy: readonly Dimension[];
  readonly filter?: EnterpriseFilter | null;
  readonly minWorkers: number;
  readonly having?: readonly MeasureCondition[] | null;
  readonly orderBy?: readonly AnalyticsOrder[] | null;
  readonly first?: number | null;
  readonly after?: string | null;
  /** The measures the client selected on rows or total (field names). */
  readonly selected: readonly string[];
}

/** Only YEAR-grain questions can give measures held per unit-year or union-year (year-end stocks, yearly returns). */
const GRAINS_AT: Readonly<Record<TimeGrain, readonly string[]>> = Object.freeze({
  YEAR: ["UNIT_YEAR", "UNIT_MONTH", "UNION_YEAR"],
  QUARTER: ["UNIT_MONTH"],
  MONTH: ["UNIT_MONTH"],
});

const day = (text: string, argument: string): Date => {
  const d = new Date(`${text}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) throw badUserInput(`${argument} is not a date: ${text}`, { argument });
  return d;
};

/** The periods a request asks for: `year` (one year), or `from`/`to` cut into periods of `grain` (YEAR by default). */
export function periodsOfRequest(r: AnalyticsRequest): { periods: Period[]; timeGrain: TimeGrain } {
  const range = r.from != null || r.to != null;
  if (r.year != null && range) throw badUserInput("give `year`, or `from` and `to`, not both", { argument: "year" });
  if (r.year != null) {
    if (!Number.isInteger(r.year) || r.year < 1900 || r.year > 2200) throw badUserInput(`year must be a year, got ${r.year}`, { argument: "year" });
    if (r.grain != null && r.grain !== "YEAR")
      throw badUserInput(`grain ${r.grain} needs \`from\` and \`to\` (a year is one YEAR period)`, { argument: "grain" });
    return { periods: [{ start: new Date(Date.UTC(r.year, 0, 1)), end: new Date(Date.UTC(r.year, 11, 31)) }], timeGrain: "YEAR" };
  }
  if (r.from == null || r.to == null) {
    throw badUserInput(r.grain && r.grain !== "YEAR" ? `grain ${r.grain} needs \`from\` and \`to\`` : "give `year`, or both `from` and `to`", {
      argument: r.from == null ? "from" : "to",
    });
  }
  const timeGrain = r.grain ?? "YEAR";
  return { periods: periodsOf(day(r.from, "from"), day(r.to, "to"), timeGrain), timeGrain };
}

function checkMeasure(name: string, timeGrain: TimeGrain, argument: string): void {
  const spec = MEASURE_BY_NAME.get(name);
  if (!spec) throw badUserInput(`${argument}: no measure ${name}`, { argument });
  if (!GRAINS_AT[timeGrain].includes(spec.grain)) {
    throw badUserInput(
      `${argument}: ${spec.enumName} is held per ${spec.grain.toLowerCase().replace("_", "-")}, so it has no value by ${timeGrain.toLowerCase()}; ask by YEAR`,
      {
        argument,
        measure: spec.enumName,
        grain: timeGrain,
      },
    );
  }
}

/** Checks a request and lists the measures to compute: the selected ones and those `having` and `orderBy` read (plus suppression supports when `withSupport`). */
export function checkRequest(r: AnalyticsRequest, timeGrain: TimeGrain, withSupport: boolean): string[] {
  checkMinWorkers(r.minWorkers);
  const unique = new Set(r.groupBy);
  if (unique.size !== r.groupBy.length) throw badUserInput("groupBy names a dimension twice", { argument: "groupBy" });
  if (unique.has("YEAR"))
    throw badUserInput("groupBy YEAR is not needed: every row has its `period` (use `from`, `to` and `grain` for several years)", { argument: "groupBy" });
  const measures = new Set<string>();
  for (const name of r.selected) {
    checkMeasure(name, timeGrain, "selection");
    measures.add(name);
  }
  for (const c of r.having ?? []) {
    checkMeasure(c.measure, timeGrain, "having");
    if ([c.gt, c.gte, c.lt, c.lte, c.eq].every((v) => v == null))
      throw badUserInput(`having ${measureSpec(c.measure).enumName} gives no comparison (gt, gte, lt, lte or eq)`, { argument: "having" });
    measures.add(c.measure);
  }
  for (const o of r.orderBy ?? []) {
    if ((o.measure == null) === (o.dimension == null))
      throw badUserInput("each orderBy names exactly one of `measure` and `dimension`", { argument: "orderBy" });
    if (o.measure != null) {
      checkMeasure(o.measure, timeGrain, "orderBy");
      measures.add(o.measure);
    } else if (!unique.has(o.dimension!)) {
      throw badUserInput(`orderBy ${o.dimension} is not in groupBy`, { argument: "orderBy" });
    }
  }
  if (!measures.size) throw badUserInput("select at least one measure field on `rows` or `total` (units, coverageRate, arrears, …)", { argument: "selection" });
  if (withSupport) for (const name of [...measures]) measures.add(supportOf(name));
  return [...measures];
}

/** The unit count a measure is built from (a ratio's is its numerator's). */
export function supportOf(name: string): string {
  const spec = measureSpec(name);
  return spec.kind === "RATIO" ? supportOf(spec.numerator) : spec.support;
}
