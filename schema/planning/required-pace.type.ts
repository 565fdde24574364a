import { Field, Float, Int, ObjectType } from "type-graphql";
import type { PaceKind, PaceStatus } from "../../core/forecasting/required-pace.js";
import type { ForecastMetric as ForecastMetricCode } from "../../queries/forecast.js";
import { ForecastSeries } from "../forecast/forecast.type.js";
import { ForecastMetric } from "../forecast/forecast-metric.enum.js";
import { TargetPaceKind, TargetPaceStatus } from "./planning.enums.js";

@ObjectType({ description: "A target of the action program (ref.targets: data, not code)." })
export class ProgramTarget {
  @Field(() => String, { description: "The target's id, e.g. `new_members_2026_2030`." })
  targetId!: string;

  @Field(() => String, { description: "The metric as the targets table names it, e.g. `coverage_rate_min_workers_20`." })
  metric!: string;

  @Field(() => Int, { description: "First year of the target's period." })
  fromYear!: number;

  @Field(() => Int, { description: "Last year of the period: the year the target is due." })
  toYear!: number;

  @Field(() => String, { description: "`>=` or `<=` (also `>`, `<`)." })
  comparison!: string;

  @Field(() => Float, { description: "The target value (rates as fractions)." })
  value!: number;

  @Field(() => String, { nullable: true, description: "What the value counts." })
  unit!: string | null;

  @Field(() => String, { nullable: true, description: "The program's own words." })
  programLine!: string | null;
}

@ObjectType({ description: "One year of a target's period: its value and whether it meets the target value." })
export class TargetPaceYear {
  @Field(() => Int, { description: "The year." })
  year!: number;

  @Field(() => Boolean, { description: "True for a forecast year." })
  isForecast!: boolean;

  @Field(() => Float, { nullable: true, description: "The known value, or the point forecast." })
  value!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "Known year: 1 when its value meets the target value, else 0; forecast year: the probability that it will.",
  })
  probability!: number | null;
}

@ObjectType({
  description:
    "The pace one target needs from the last known year, today's pace, the forecast's pace, and the probability of meeting it implied by the forecast's predictive distribution (Student t: exact for the linear trend under its assumptions, the usual approximation for Holt's method).",
})
export class TargetPace {
  @Field(() => ProgramTarget, { description: "The target." })
  target!: ProgramTarget;

  @Field(() => ForecastMetric, { nullable: true, description: "The forecast metric it is assessed on; null when none serves its metric." })
  metric!: ForecastMetricCode | null;

  @Field(() => Int, { nullable: true, description: "COVERAGE_RATE: the scope threshold the target's metric names." })
  minWorkers!: number | null;

  @Field(() => TargetPaceKind, { description: "How the target is read." })
  kind!: PaceKind;

  @Field(() => TargetPaceStatus, { description: "Decided by the known years, or still open." })
  status!: PaceStatus;

  @Field(() => Int, { nullable: true, description: "The last known year." })
  lastActualYear!: number | null;

  @Field(() => Float, { nullable: true, description: "The metric in the last known year." })
  lastActual!: number | null;

  @Field(() => Int, { description: "Years in the target's period." })
  periodYears!: number;

  @Field(() => Int, { description: "Years of the period after the last known year." })
  remainingYears!: number;

  @Field(() => Float, { nullable: true, description: "FLOW: the total of the period's known years (a year without data counts 0)." })
  achievedSoFar!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "The pace needed: FLOW, the yearly average the remaining years need for the period's total; LEVEL, the change a year from the last known value (rates: fraction points a year).",
  })
  requiredPerYear!: number | null;

  @Field(() => Float, { nullable: true, description: "Today's pace: FLOW, the last known year's value; LEVEL, the change over the last known year." })
  currentPerYear!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "The forecast's pace: FLOW, the mean of the forecast years; LEVEL, (forecast at toYear − last known) ÷ years.",
  })
  forecastPerYear!: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "Rates: units a year to add to the numerator (COVERAGE_RATE: new unions; AGREEMENT_RATE: new agreements), if the denominator stays as in the last known year.",
  })
  requiredUnitsPerYear!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "FLOW: the period's projected total (known + forecast); LEVEL: the forecast at toYear; decided targets: the actual.",
  })
  projected!: number | null;

  @Field(() => Float, { nullable: true, description: "Lower bound of projected's 80 % prediction interval." })
  projectedLower80!: number | null;

  @Field(() => Float, { nullable: true, description: "Upper bound of projected's 80 % prediction interval." })
  projectedUpper80!: number | null;

  @Field(() => Float, { nullable: true, description: "Lower bound of projected's 95 % prediction interval." })
  projectedLower95!: number | null;

  @Field(() => Float, { nullable: true, description: "Upper bound of projected's 95 % prediction interval." })
  projectedUpper95!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "P(target met) under the forecast: FLOW, that the remaining years' total (its distribution counts the correlation between years) reaches what the period still needs; LEVEL, that the value at toYear meets it. 1 or 0 once decided.",
  })
  probability!: number | null;

  @Field(() => Boolean, { nullable: true, description: "The projected (point) value meets the target." })
  onTrack!: boolean | null;

  @Field(() => [TargetPaceYear], { description: "Every year of the target's period." })
  years!: TargetPaceYear[];

  @Field(() => String, { description: "The answer in one or two sentences a planner can repeat." })
  explanation!: string;

  @Field(() => ForecastSeries, { nullable: true, description: "The province-wide forecast the pace was read from: method, back-test, intervals, warnings." })
  forecast!: ForecastSeries | null;
}

@ObjectType({ description: "The pace each target due in targetYear needs, against today's pace and the forecast." })
export class RequiredPace {
  @Field(() => Int, { description: "The year the targets are due." })
  targetYear!: number;

  @Field(() => Int, { nullable: true, description: "The last known year the paces start from." })
  lastActualYear!: number | null;

  @Field(() => [TargetPace], { description: "One entry per target due in targetYear (none when no target is due then)." })
  targets!: TargetPace[];
}
