import { ArgsType, Field, Int } from "type-graphql";
import type { Dimension as DimensionCode } from "../../queries/dimensions.js";
import type { ForecastMetric as ForecastMetricCode } from "../../queries/forecast.js";
import { Dimension } from "../coverage/dimension.enum.js";
import { EnterpriseFilterInput } from "../enterprises/enterprise-filter.input.js";
import { ForecastMetric } from "./forecast-metric.enum.js";

@ArgsType()
export class ForecastArgs {
  @Field(() => ForecastMetric, { description: "What to forecast." })
  metric!: ForecastMetricCode;

  @Field(() => Int, {
    description: "The last year to forecast, after the last known year and at most 30 years past it (e.g. 2030 for the action program's second period).",
  })
  toYear!: number;

  @Field(() => Int, {
    nullable: true,
    description: "The first known year to use (default: the first the warehouse holds); leave out years that do not describe today's pace.",
  })
  fromYear?: number | null;

  @Field(() => [Dimension], {
    defaultValue: [],
    description: "Dimensions to group by, each at most once (not YEAR); each group gets its own series and forecast. None gives only the total.",
  })
  groupBy!: DimensionCode[];

  @Field(() => EnterpriseFilterInput, {
    nullable: true,
    description: "Which units count. With a filter, the membership metrics count only the returns of units it selects.",
  })
  filter?: EnterpriseFilterInput | null;

  @Field(() => Int, { defaultValue: 20, description: "COVERAGE_RATE's scope threshold: units with at least this many workers (the action program's is 20)." })
  minWorkers!: number;
}
