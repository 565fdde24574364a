import { ArgsType, Field, Int } from "type-graphql";

@ArgsType()
export class ScorecardArgs {
  @Field(() => Int, { description: "The year (figures at 31 December)." })
  year!: number;
}
