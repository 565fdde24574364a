import { ArgsType, Field, Int } from "type-graphql";
import type { ForecastMetric as ForecastMetricCode } from "../../queries/forecast.js";
import { ForecastMetric } from "../forecast/forecast-metric.enum.js";

@ArgsType()
export class RequiredPaceArgs {
  @Field(() => ForecastMetric, { nullable: true, description: "Only this metric's targets; every metric's when not given." })
  metric?: ForecastMetricCode | null;

  @Field(() => Int, { description: "The targets due in this year (their period's last year, e.g. 2025 or 2030)." })
  targetYear!: number;
}
