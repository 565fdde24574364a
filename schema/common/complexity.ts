import type { GraphQLError } from "graphql/index.js";
import type { ComplexityEstimator } from "graphql-query-complexity";
import type { DimensionCardinalities } from "../../queries/dimension-cardinalities.js";
import { DIMENSION_SPECS, type Dimension } from "../../queries/dimensions.js";
import { type Granularity, periodsOf } from "../../queries/finance.js";
import { checkYears } from "../../queries/membership.js";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../../queries/pagination.js";
import { badUserInput } from "../../queries/user-errors.js";

/**
 * Query cost as graphql-query-complexity counts it: every field 1, a list field its
 * expected length times the cost of one item. A page costs `first` items (capped at
 * the maximum page size, so a too-large `first` gets the page-size error, which
 * names the limit, rather than a complexity error).
 */
export const pageComplexity: ComplexityEstimator = ({ args, childComplexity }) =>
  1 + Math.min(Number(args.first ?? DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE) * childComplexity;

/** A nested list without paging arguments: `expectedLength` items. */
export const listComplexity =
  (expectedLength: number): ComplexityEstimator =>
  ({ childComplexity }) =>
    1 + expectedLength * childComplexity;

/** What the grid estimators need, passed as graphql-query-complexity's `context` (server/plugins/complexity-limit.ts). */
export interface GridPricing {
  /** The served warehouse version's dimension cardinalities. */
  readonly cardinalities: DimensionCardinalities;
  /** MAX_ANSWER_ROWS: the most rows one grouped answer may have. */
  readonly maxAnswerRows: number;
}

export interface ComplexityContext {
  readonly grid?: GridPricing;
}

/** The root fields priced by `gridComplexity`: the server reads the cardinalities only for operations that use them. */
export const GRID_FIELDS: ReadonlySet<string> = new Set(["coverage", "membershipGrowth", "financeCollection", "analytics"]);

/**
 * Groups of one period: the product of the dimensions' cardinalities (a grid of closed
 * lists is filled whole); with an open dimension only observed groups appear, at most
 * one per unit.
 */
export function groupsPerPeriod(groupBy: readonly Dimension[], cardinalities: DimensionCardinalities): number {
  if (groupBy.length === 0) return 0;
  const product = groupBy.reduce((p, d) => Math.min(p * cardinalities[d], Number.MAX_SAFE_INTEGER), 1);
  return groupBy.every((d) => DIMENSION_SPECS[d].closed) ? product : Math.min(product, cardinalities.unitsPerYear);
}

/**
 * A grouped aggregate (coverage, membershipGrowth, financeCollection): its predicted rows
 * are periods × (groups + the period's total); over MAX_ANSWER_ROWS it is refused with
 * BAD_USER_INPUT before any SQL, otherwise it costs its rows times one row's fields.
 * `periods` reads the field's arguments (and refuses bad ranges as the resolver would).
 */
export const gridComplexity =
  (periods: (args: Record<string, any>) => number): ComplexityEstimator =>
  ({ args, childComplexity, context, field }) => {
    const groupBy: Dimension[] = args.groupBy ?? [];
    if (groupBy.length === 0) return 1 + periods(args) * childComplexity; // the totals only
    const grid = (context as ComplexityContext | undefined)?.grid;
    if (!grid) throw new Error(`no dimension cardinalities to price ${field.name}`); // the limit plugin refuses the operation
    const rows = periods(args) * (groupsPerPeriod(groupBy, grid.cardinalities) + 1);
    if (rows > grid.maxAnswerRows) throw tooManyRows(field.name, groupBy, rows, grid.maxAnswerRows);
    return 1 + rows * childComplexity;
  };

/** Periods of each grid field: coverage one year, membershipGrowth its years, financeCollection its periods. */
export const ONE_PERIOD = () => 1;
export const yearsOf = (args: Record<string, any>) => {
  const { fromYear, toYear } = checkYears(args.fromYear, args.toYear);
  return toYear - fromYear + 1;
};
export const financePeriodsOf = (args: Record<string, any>) =>
  periodsOf(new Date(`${args.from}T00:00:00Z`), new Date(`${args.to}T00:00:00Z`), args.granularity as Granularity).length;

function tooManyRows(field: string, groupBy: readonly Dimension[], rows: number, cap: number): GraphQLError {
  const periodsHint =
    field === "coverage" ? "" : field === "financeCollection" ? ", a shorter range or a coarser granularity (QUARTER, YEAR)" : ", fewer years";
  return badUserInput(
    `${field} grouped by ${groupBy.join(" × ")} would answer about ${rows.toLocaleString("en-US")} rows (every value of each dimension is listed, zeros included), more than the maximum of ${cap.toLocaleString("en-US")} rows per answer. Narrow the question: group by fewer or coarser dimensions (e.g. DISTRICT rather than COMMUNE)${periodsHint}, or leave a dimension out of groupBy and ask once per value of it with a filter (e.g. \`filter: { districtCodeIn: ["464"] }\`): a filter alone does not shorten the list of values.`,
    { argument: "groupBy", reason: "TOO_MANY_ROWS", predictedRows: rows, limit: cap, http: { status: 400 } },
  );
}
