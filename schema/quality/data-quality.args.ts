import { ArgsType, Field, Float, Int } from "type-graphql";
import { EnterpriseFilterInput } from "../enterprises/enterprise-filter.input.js";
import { PageArgs } from "../enterprises/enterprises.args.js";

const LIMIT = "At most this many items, 0 to 500.";

@ArgsType()
export class BatchesArgs {
  @Field(() => String, { nullable: true, description: "Only this dataset's files (a dataset id of docs/SOURCES.md)." })
  dataset?: string | null;

  @Field(() => Int, { defaultValue: 100, description: LIMIT })
  limit!: number;
}

@ArgsType()
export class RejectedRowsArgs {
  @Field(() => String, { nullable: true, description: "Only this dataset's rows." })
  dataset?: string | null;

  @Field(() => String, { nullable: true, description: "Only rows rejected for this reason code." })
  reasonCode?: string | null;

  @Field(() => Int, { defaultValue: 50, description: LIMIT })
  limit!: number;
}

@ArgsType()
export class UnlinkedRowsArgs {
  @Field(() => String, { nullable: true, description: "Only this dataset's rows." })
  dataset?: string | null;

  @Field(() => Int, { defaultValue: 50, description: LIMIT })
  limit!: number;
}

@ArgsType()
export class SourceConflictsArgs extends PageArgs {
  @Field(() => Int, { nullable: true, description: "The year; every year when not given." })
  year?: number | null;

  @Field(() => Float, {
    defaultValue: 0.5,
    description:
      "How much two agencies' figures must differ to conflict, as a fraction of the smaller: highest > lowest × (1 + threshold). docs/DOMAIN.md § Source conflicts uses 0.5 (50 %).",
  })
  threshold!: number;

  @Field(() => EnterpriseFilterInput, { nullable: true, description: "Only these units (their values in the year)." })
  filter?: EnterpriseFilterInput | null;
}
