import { ArgsType, Field, Int } from "type-graphql";
import type { Dimension as DimensionCode } from "../../queries/dimensions.js";
import type { TimeGrain as TimeGrainCode } from "../../queries/semantic/catalog.types.js";
import { LocalDate } from "../common/scalars.js";
import { Dimension } from "../coverage/dimension.enum.js";
import { EnterpriseFilterInput } from "../enterprises/enterprise-filter.input.js";
import { AnalyticsOrder, MeasureCondition } from "./analytics.inputs.js";
import { TimeGrain } from "./measure.enum.js";

@ArgsType()
export class AnalyticsArgs {
  @Field(() => Int, { nullable: true, description: "One year (values at 31 December; fee collection over its months). Give `year`, or `from` and `to`." })
  year?: number | null;

  @Field(() => LocalDate, { nullable: true, description: "Start of a range: the first period is the whole period of `grain` containing this day." })
  from?: string | null;

  @Field(() => LocalDate, { nullable: true, description: "End of a range: the last period is the whole period of `grain` containing this day." })
  to?: string | null;

  @Field(() => TimeGrain, {
    nullable: true,
    description: "Length of the periods of `from`–`to` (YEAR when not given; QUARTER and MONTH need `from` and `to`).",
  })
  grain?: TimeGrainCode | null;

  @Field(() => [Dimension], {
    defaultValue: [],
    description: "Dimensions to group by, each at most once (not YEAR: every row has its period); none gives one row per period.",
  })
  groupBy!: DimensionCode[];

  @Field(() => EnterpriseFilterInput, {
    nullable: true,
    description: "Which units count (each judged with its values in the row's year); ANDed with the key's scope.",
  })
  filter?: EnterpriseFilterInput | null;

  @Field(() => Int, {
    defaultValue: 20,
    description: "Scope threshold of the in-scope measures (units, coverageRate, workers, …): active units with at least this many workers.",
  })
  minWorkers!: number;

  @Field(() => [MeasureCondition], { nullable: true, description: "Rows kept: those meeting every condition (after suppression)." })
  having?: MeasureCondition[] | null;

  @Field(() => [AnalyticsOrder], {
    nullable: true,
    description: "Sort keys of the rows, in order; by default rows come by period, then by each dimension's list.",
  })
  orderBy?: AnalyticsOrder[] | null;

  @Field(() => Int, { nullable: true, description: "Page size (default 50, at most 500)." })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "Cursor: the rows after this one (an endCursor of the same question)." })
  after?: string | null;
}
