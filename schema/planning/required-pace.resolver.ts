import { Args, Ctx, Query, Resolver } from "type-graphql";
import { requiredPace } from "../../queries/forecast.js";
import { resultCacheFor } from "../../queries/forecast-cache.js";
import { listComplexity } from "../common/complexity.js";
import { checkYearsBeforeData } from "../common/warnings.js";
import type { ApiContext } from "../context.js";
import { forecastSeriesOf } from "../forecast/forecast.resolver.js";
import { RequiredPaceArgs } from "./required-pace.args.js";
import { RequiredPace } from "./required-pace.type.js";

@Resolver()
export class RequiredPaceResolver {
  @Query(() => RequiredPace, {
    complexity: listComplexity(10),
    description:
      "For every action-program target due in targetYear (optionally of one metric): the yearly pace needed from the last known year, today's pace, the province-wide forecast's pace, and the probability of meeting the target that the forecast implies. Cached per warehouse version.",
  })
  async requiredPace(@Args(() => RequiredPaceArgs) args: RequiredPaceArgs, @Ctx() context: ApiContext): Promise<RequiredPace> {
    const { db, access } = context;
    // The forecasts of the caller's scope (province-wide for province keys).
    const query = { metric: args.metric ?? null, targetYear: args.targetYear, filter: access.scopedFilter(null) };
    const result = await resultCacheFor(db).get("requiredPace", { ...query, scope: access.scopeKey }, () => requiredPace(db, query));
    await checkYearsBeforeData(context, "requiredPace", args.targetYear);
    return {
      targetYear: result.targetYear,
      lastActualYear: result.lastActualYear,
      targets: result.targets.map((t) => ({
        ...t,
        target: { ...t.target },
        years: t.years.map((y) => ({ ...y })),
        forecast: t.forecast ? forecastSeriesOf(t.forecast, []) : null,
      })),
    };
  }
}
