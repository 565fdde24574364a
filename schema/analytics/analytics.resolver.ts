import type { GraphQLResolveInfo } from "graphql/index.js";
import { Args, Ctx, Info, Query, Resolver } from "type-graphql";
import { type AnalyticsAnswerRow, analytics } from "../../queries/semantic/analytics.js";
import { periodsOfRequest } from "../../queries/semantic/analytics-question.js";
import { gridComplexity } from "../common/complexity.js";
import type { ApiContext } from "../context.js";
import { AnalyticsArgs } from "./analytics.args.js";
import { AnalyticsResult, type AnalyticsRow } from "./analytics.type.js";
import { selectedMeasures } from "./selected-measures.js";

@Resolver()
export class AnalyticsResolver {
  @Query(() => AnalyticsResult, {
    // Priced like the other grids: the database computes every row of the grid, whatever the page.
    complexity: gridComplexity((args) => periodsOfRequest({ ...args, groupBy: [], minWorkers: 20, selected: [] }).periods.length),
    description:
      "Any combination of the catalog's measures (coverage, membership, union-fee collection) by period and dimensions, filtered, with conditions on the measures (`having`), sorted and paged, and the database's total. Only the selected measures are computed; measures of different grains are each aggregated to the row's keys, then joined. Read from a rollup the build made when one covers the question (`source`).",
  })
  async analytics(
    @Args(() => AnalyticsArgs) args: AnalyticsArgs,
    @Ctx() { db, access }: ApiContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AnalyticsResult> {
    const answer = await analytics(db, { ...args, filter: access.scopedFilter(args.filter), selected: selectedMeasures(info) }, { access });
    return {
      rows: answer.rows.map(row),
      total: row(answer.total),
      totalCount: answer.totalCount,
      pageInfo: {
        hasNextPage: answer.hasNextPage,
        hasPreviousPage: answer.hasPreviousPage,
        startCursor: answer.cursors[0] ?? null,
        endCursor: answer.cursors.at(-1) ?? null,
      },
      source: answer.source,
    };
  }
}

/** A plain object per row (no per-field resolvers): keys, period, suppressed and the measures computed. */
function row(r: AnalyticsAnswerRow): AnalyticsRow {
  return { ...r.measures, keys: [...r.keys], period: r.period, suppressed: r.suppressed };
}
