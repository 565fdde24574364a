import { ArgsType, Field } from "type-graphql";
import type { Dimension as DimensionCode } from "../../queries/dimensions.js";
import type { Granularity as GranularityCode } from "../../queries/finance.js";
import { LocalDate } from "../common/scalars.js";
import { Dimension } from "../coverage/dimension.enum.js";
import { EnterpriseFilterInput } from "../enterprises/enterprise-filter.input.js";
import { Granularity } from "./granularity.enum.js";

@ArgsType()
export class FinanceCollectionArgs {
  @Field(() => LocalDate, { description: "Start of the range: the series starts with the whole period of the granularity that contains this day." })
  from!: string;

  @Field(() => LocalDate, { description: "End of the range: the series ends with the whole period that contains this day (at most 600 periods)." })
  to!: string;

  @Field(() => Granularity, { defaultValue: "MONTH", description: "Length of the periods." })
  granularity!: GranularityCode;

  @Field(() => [Dimension], {
    defaultValue: [],
    description: "Dimensions to group by, each at most once (not YEAR: the rows are per period already); none gives only the period totals.",
  })
  groupBy!: DimensionCode[];

  @Field(() => EnterpriseFilterInput, { nullable: true, description: "Which units count; each month is judged with the unit's values in that month's year." })
  filter?: EnterpriseFilterInput | null;
}
