import { ArgsType, Field } from "type-graphql";
import { LocalDate } from "../common/scalars.js";
import { EnterpriseFilterInput } from "../enterprises/enterprise-filter.input.js";
import { PageArgs } from "../enterprises/enterprises.args.js";

@ArgsType()
export class FinanceGapsArgs extends PageArgs {
  @Field(() => LocalDate, { description: "Start of the range: from the first day of this day's month." })
  from!: string;

  @Field(() => LocalDate, { description: "End of the range: to the last day of this day's month." })
  to!: string;

  @Field(() => EnterpriseFilterInput, {
    nullable: true,
    description: "Narrows the list (district, sector, hasUnion, ...); each month is judged with the unit's values in that month's year.",
  })
  filter?: EnterpriseFilterInput | null;
}
