import { ArgsType, Field, Int } from "type-graphql";

@ArgsType()
export class LinkReviewQueueArgs {
  @Field(() => String, { nullable: true, description: "Only this dataset's records (e.g. union_grassroots_unions)." })
  dataset?: string | null;

  @Field(() => String, { nullable: true, description: "Only this record." })
  sourceKey?: string | null;

  @Field(() => Int, { defaultValue: 20, description: "Records per page, 0 to 100." })
  first!: number;

  @Field(() => Int, { defaultValue: 0, description: "Records to skip (the queue changes only with a build)." })
  offset!: number;
}

@ArgsType()
export class LinkDecisionsArgs {
  @Field(() => String, { nullable: true, description: "Only this dataset's decisions." })
  dataset?: string | null;

  @Field(() => String, { nullable: true, description: "Only the decisions on this record." })
  sourceKey?: string | null;

  @Field(() => Int, { defaultValue: 50, description: "How many, newest first, 0 to 500." })
  first!: number;
}
