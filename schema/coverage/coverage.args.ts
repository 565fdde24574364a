import { ArgsType, Field, Int } from "type-graphql";
import type { Dimension as DimensionCode } from "../../queries/dimensions.js";
import { LocalDate } from "../common/scalars.js";
import { EnterpriseFilterInput } from "../enterprises/enterprise-filter.input.js";
import { Dimension } from "./dimension.enum.js";

@ArgsType()
export class CoverageArgs {
  @Field(() => Int, {
    nullable: true,
    description:
      "The year (values at 31 December); the latest year the warehouse holds when neither `year` nor `asOf` is given. Give `year` or `asOf`, not both.",
  })
  year?: number | null;

  @Field(() => LocalDate, {
    nullable: true,
    description:
      "Reference date; means the year of the date (docs/DOMAIN.md § Reference date: measures are year-end values). Give `year` or `asOf`, not both; the latest year the warehouse holds when neither is given.",
  })
  asOf?: string | null;

  @Field(() => [Dimension], { defaultValue: [], description: "Dimensions to group by, each at most once; none gives only the total." })
  groupBy!: DimensionCode[];

  @Field(() => EnterpriseFilterInput, { nullable: true, description: "Which units count (applied before the scope threshold)." })
  filter?: EnterpriseFilterInput | null;

  @Field(() => Int, { defaultValue: 20, description: "Scope threshold: units with at least this many workers (the action program's is 20)." })
  minWorkers!: number;
}
