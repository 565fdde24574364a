import { Args, Ctx, Query, Resolver } from "type-graphql";
import type { SeriesForecast } from "../../core/forecasting/forecast-series.js";
import { forbidden } from "../../queries/access/request-access.js";
import type { DimensionKey } from "../../queries/coverage.js";
import { forecast } from "../../queries/forecast.js";
import { resultCacheFor } from "../../queries/forecast-cache.js";
import { listComplexity } from "../common/complexity.js";
import { checkYearsInData } from "../common/warnings.js";
import type { ApiContext } from "../context.js";
import { ForecastArgs } from "./forecast.args.js";
import { Forecast, type ForecastSeries } from "./forecast.type.js";

@Resolver()
export class ForecastResolver {
  @Query(() => Forecast, {
    complexity: listComplexity(100),
    description:
      "A metric's yearly series to toYear, per group and in total, with 80 % and 95 % prediction intervals. Each series' method (linear trend, Holt, damped Holt) is chosen by its error back-tested on the known years, and the answer says which, why, how large that error was, and what limits the forecast. Results are cached per warehouse version (read again at most every 30 s): asking again costs no SQL.",
  })
  async forecast(@Args(() => ForecastArgs) args: ForecastArgs, @Ctx() context: ApiContext): Promise<Forecast> {
    const { db, access } = context;
    // DASHBOARD keys: the scope's totals only (a group's or a filter's series may be built from a single unit, and forecasts are not cell-suppressed).
    if (access.suppresses && (args.groupBy.length > 0 || args.filter != null)) {
      throw forbidden("DASHBOARD keys may forecast their scope's totals only (no groupBy, no filter)", {
        reason: "DASHBOARD_FORECAST_TOTALS_ONLY",
        field: "forecast",
      });
    }
    const query = {
      metric: args.metric,
      toYear: args.toYear,
      fromYear: args.fromYear ?? null,
      groupBy: args.groupBy,
      filter: access.scopedFilter(args.filter),
      minWorkers: args.minWorkers,
    };
    const result = await resultCacheFor(db).get("forecast", { ...query, scope: access.scopeKey }, () => forecast(db, query));
    // The known years it fits: from fromYear to the last known year (toYear is the future by design).
    if (args.fromYear != null) await checkYearsInData(context, "forecast", args.fromYear, Math.max(args.fromYear, result.lastActualYear));
    return {
      metric: result.metric,
      toYear: result.toYear,
      firstYear: result.firstYear,
      lastActualYear: result.lastActualYear,
      minWorkers: result.minWorkers,
      groupBy: [...result.groupBy],
      series: result.series.map((s) => forecastSeriesOf(s, s.keys)),
      total: forecastSeriesOf(result.total, []),
    };
  }
}

/** A computed series as the GraphQL type (shared with requiredPace). */
export function forecastSeriesOf(s: SeriesForecast, keys: readonly DimensionKey[]): ForecastSeries {
  const backtestOf = (b: SeriesForecast["backtests"][number]) => ({
    method: b.method,
    chosen: b.method === s.method,
    firstOrigin: b.firstOrigin,
    origins: b.origins,
    forecasts: b.points.length,
    maxHorizon: Math.max(0, ...b.points.map((p) => p.horizon)),
    mase: b.mase,
    mape: b.mape,
  });
  const chosen = s.backtests.find((b) => b.method === s.method);
  const m = s.model;
  return {
    keys: keys.map((k) => ({ ...k })),
    points: s.points.map((p) => ({ ...p })),
    fittedFrom: s.fittedFrom,
    fittedTo: s.fittedTo,
    method: s.method,
    methodReason: s.methodReason,
    criterion: s.criterion,
    model: m && {
      method: m.method,
      observations: m.n,
      ...m.parameters,
      sigma: Number.isFinite(m.sigma) ? m.sigma : null,
      degreesOfFreedom: m.df,
    },
    backtest: chosen ? backtestOf(chosen) : null,
    candidates: s.backtests.map(backtestOf),
    warnings: [...s.warnings],
  };
}
