import { ArgsType, Field, Int } from "type-graphql";
import { EnterpriseFilterInput } from "../enterprises/enterprise-filter.input.js";

@ArgsType()
export class RecruitmentPlanArgs {
  @Field(() => Int, { nullable: true, description: "The year whose uncovered units are planned; the latest the warehouse holds when not given." })
  year?: number | null;

  @Field(() => Int, { defaultValue: 20, description: "How many units to organise, 1 to 500." })
  units!: number;

  @Field(() => EnterpriseFilterInput, {
    nullable: true,
    description:
      "Which units the plan is about (a district, a sector…): the candidates and the baseline it projects from. Comparable units are taken from the whole warehouse.",
  })
  filter?: EnterpriseFilterInput | null;

  @Field(() => Int, { defaultValue: 20, description: "Scope threshold: units with at least this many workers (the action program's is 20)." })
  minWorkers!: number;
}
