import { Field, Float, Int, ObjectType } from "type-graphql";
import type { ForecastMethodName } from "../../core/forecasting/model.js";
import type { Dimension as DimensionCode } from "../../queries/dimensions.js";
import type { ForecastMetric as ForecastMetricCode } from "../../queries/forecast.js";
import { DimensionValue } from "../coverage/coverage.type.js";
import { Dimension } from "../coverage/dimension.enum.js";
import { BacktestMeasure, ForecastMethod, ForecastMetric } from "./forecast-metric.enum.js";

@ObjectType({ description: "One year of a series: the known value, or the forecast with its prediction intervals." })
export class ForecastPoint {
  @Field(() => Int, { description: "The year (values at 31 December; flows over the year)." })
  year!: number;

  @Field(() => Boolean, { description: "False for a known year, true for a forecast year." })
  isForecast!: boolean;

  @Field(() => Float, {
    nullable: true,
    description:
      "The known value, or the point forecast (kept inside the metric's range: rates in [0, 1], counts ≥ 0); null for a rate with nothing to divide by.",
  })
  value!: number | null;

  @Field(() => Float, { nullable: true, description: "Lower bound of the 80 % prediction interval (forecast years only)." })
  lower80!: number | null;

  @Field(() => Float, { nullable: true, description: "Upper bound of the 80 % prediction interval (forecast years only)." })
  upper80!: number | null;

  @Field(() => Float, { nullable: true, description: "Lower bound of the 95 % prediction interval, clamped into the metric's range (forecast years only)." })
  lower95!: number | null;

  @Field(() => Float, { nullable: true, description: "Upper bound of the 95 % prediction interval, clamped into the metric's range (forecast years only)." })
  upper95!: number | null;
}

@ObjectType({ description: "The fitted model a series was forecast with. Parameters a method does not have are null." })
export class ForecastModel {
  @Field(() => ForecastMethod, { description: "The method." })
  method!: ForecastMethodName;

  @Field(() => Int, { description: "Known years it was fitted to." })
  observations!: number;

  @Field(() => Float, { nullable: true, description: "LINEAR_TREND: value = intercept + slope × year." })
  intercept!: number | null;

  @Field(() => Float, { nullable: true, description: "LINEAR_TREND: change per year." })
  slope!: number | null;

  @Field(() => Float, { nullable: true, description: "HOLT*: level smoothing α in (0, 1); near 1 follows the last year closely." })
  alpha!: number | null;

  @Field(() => Float, { nullable: true, description: "HOLT*: trend smoothing β* in (0, 1); near 0 keeps the trend steady." })
  beta!: number | null;

  @Field(() => Float, { nullable: true, description: "HOLT*: damping φ (1 undamped; 0.8–0.98 damped)." })
  phi!: number | null;

  @Field(() => Float, { nullable: true, description: "HOLT*: the level after the last known year." })
  level!: number | null;

  @Field(() => Float, { nullable: true, description: "HOLT*: the trend (change per year) after the last known year." })
  trend!: number | null;

  @Field(() => Float, { nullable: true, description: "Residual standard deviation σ̂ (regression residuals, or one-step errors for HOLT*)." })
  sigma!: number | null;

  @Field(() => Int, { description: "Residual degrees of freedom: the intervals use Student's t with these (few years: wide intervals)." })
  degreesOfFreedom!: number;
}

@ObjectType({
  description:
    "A method's error when it forecast the known years from the years before them (rolling origin: fit to the first k years, forecast the next ones, for every k from firstOrigin).",
})
export class ForecastBacktest {
  @Field(() => ForecastMethod, { description: "The method." })
  method!: ForecastMethodName;

  @Field(() => Boolean, { description: "True for the method the forecast uses." })
  chosen!: boolean;

  @Field(() => Int, { description: "Known years in the first training window." })
  firstOrigin!: number;

  @Field(() => Int, { description: "Training windows (origins) tested." })
  origins!: number;

  @Field(() => Int, { description: "Forecasts of known years compared with the actual values." })
  forecasts!: number;

  @Field(() => Int, { description: "Furthest horizon tested, in years (at most the forecast's own)." })
  maxHorizon!: number;

  @Field(() => Float, { nullable: true, description: 'Mean absolute scaled error (below 1 beats "same as last year"); null when the series never changed.' })
  mase!: number | null;

  @Field(() => Float, { nullable: true, description: "Mean absolute percentage error, in percent; null when every actual was 0." })
  mape!: number | null;
}

@ObjectType({ description: "One group's yearly series with its forecast: the method, why it was chosen, its back-tested error and what to be careful about." })
export class ForecastSeries {
  @Field(() => [DimensionValue], { description: "The group's value of each groupBy dimension, in groupBy order; empty for the total." })
  keys!: DimensionValue[];

  @Field(() => [ForecastPoint], { description: "The known years, then the forecast years to toYear." })
  points!: ForecastPoint[];

  @Field(() => Int, { nullable: true, description: "First known year the model was fitted to (the trailing run of years with a value)." })
  fittedFrom!: number | null;

  @Field(() => Int, { nullable: true, description: "Last known year." })
  fittedTo!: number | null;

  @Field(() => ForecastMethod, { nullable: true, description: "The method used; null when the series is too short to forecast (fewer than 3 known years)." })
  method!: ForecastMethodName | null;

  @Field(() => String, { nullable: true, description: "Why this method: its back-test error beside the others', or why nothing could be compared." })
  methodReason!: string | null;

  @Field(() => BacktestMeasure, { nullable: true, description: "The back-test error the methods were compared by." })
  criterion!: string | null;

  @Field(() => ForecastModel, { nullable: true, description: "The fitted model." })
  model!: ForecastModel | null;

  @Field(() => ForecastBacktest, {
    nullable: true,
    description: "The chosen method's back-tested error on the known years; null when nothing could be held out.",
  })
  backtest!: ForecastBacktest | null;

  @Field(() => [ForecastBacktest], { description: "Every method compared, on the same training windows and horizons." })
  candidates!: ForecastBacktest[];

  @Field(() => [String], {
    description: "What limits this forecast: few known years, few back-test forecasts, clamped bounds, gaps, a horizon longer than the history.",
  })
  warnings!: string[];
}

@ObjectType({
  description:
    "A metric's yearly series, per group and in total, each forecast to toYear with 80 % and 95 % prediction intervals, the method chosen by back-test, and its error on the known years.",
})
export class Forecast {
  @Field(() => ForecastMetric, { description: "The metric." })
  metric!: ForecastMetricCode;

  @Field(() => Int, { description: "The last forecast year." })
  toYear!: number;

  @Field(() => Int, { description: "The first year of the series." })
  firstYear!: number;

  @Field(() => Int, { description: "The last known year (the warehouse's latest)." })
  lastActualYear!: number;

  @Field(() => Int, { description: "The scope threshold COVERAGE_RATE used." })
  minWorkers!: number;

  @Field(() => [Dimension], { description: "The dimensions the series are grouped by." })
  groupBy!: DimensionCode[];

  @Field(() => [ForecastSeries], {
    description: "One series per group the data has (groups are not summed into the total: each is forecast on its own), ordered by the dimensions' lists.",
  })
  series!: ForecastSeries[];

  @Field(() => ForecastSeries, { description: "All units matching the filter together: the database's total per year, forecast on its own." })
  total!: ForecastSeries;
}
