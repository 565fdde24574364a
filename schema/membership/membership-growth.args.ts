import { ArgsType, Field, Int } from "type-graphql";
import type { Dimension as DimensionCode } from "../../queries/dimensions.js";
import { Dimension } from "../coverage/dimension.enum.js";
import { EnterpriseFilterInput } from "../enterprises/enterprise-filter.input.js";

@ArgsType()
export class MembershipGrowthArgs {
  @Field(() => Int, { description: "First year of the series." })
  fromYear!: number;

  @Field(() => Int, { description: "Last year of the series (at most 50 years after fromYear)." })
  toYear!: number;

  @Field(() => [Dimension], {
    defaultValue: [],
    description: "Dimensions to group by, each at most once (not YEAR: the rows are per year already); none gives only the yearly totals.",
  })
  groupBy!: DimensionCode[];

  @Field(() => EnterpriseFilterInput, {
    nullable: true,
    description:
      "Which units' returns count (the unit's values in each year). A filter makes the totals those of the units it keeps, so the provincial target no longer applies (null).",
  })
  filter?: EnterpriseFilterInput | null;
}
