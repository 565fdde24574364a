import { ArgsType, Field, Int } from "type-graphql";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../../queries/pagination.js";
import { LocalDate } from "../common/scalars.js";
import { EnterpriseFilterInput } from "./enterprise-filter.input.js";
import { EnterpriseOrder } from "./enterprise-order.input.js";

@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    defaultValue: DEFAULT_PAGE_SIZE,
    description: `Page size, 0 to ${MAX_PAGE_SIZE}; more than ${MAX_PAGE_SIZE} is an error (page with \`after\` instead).`,
  })
  first!: number;

  @Field(() => String, { nullable: true, description: "Return the items after this cursor (a `pageInfo.endCursor` of the same list and order)." })
  after?: string | null;
}

@ArgsType()
export class EnterprisesArgs extends PageArgs {
  @Field(() => EnterpriseFilterInput, { nullable: true, description: "Which units; all units of the year when not given." })
  filter?: EnterpriseFilterInput | null;

  @Field(() => LocalDate, {
    nullable: true,
    description:
      "Reference date: the values are those at 31 December of its year (docs/DOMAIN.md § Reference date: measures are year-end). The latest year the warehouse holds when not given.",
  })
  asOf?: string | null;

  @Field(() => EnterpriseOrder, { nullable: true, description: "Sort order; tax code ascending when not given." })
  orderBy?: EnterpriseOrder | null;
}

@ArgsType()
export class EnterpriseArgs {
  @Field(() => String, { description: "Tax code: 10 digits, or 13 for a branch; spaces, dots and dashes are ignored (`3200123456-001`)." })
  taxCode!: string;

  @Field(() => LocalDate, {
    nullable: true,
    description: "Reference date: values at 31 December of its year; the latest year the warehouse holds when not given.",
  })
  asOf?: string | null;
}

@ArgsType()
export class UncoveredUnitsArgs extends PageArgs {
  @Field(() => Int, { nullable: true, description: "The year (values at 31 December); the latest year the warehouse holds when not given." })
  year?: number | null;

  @Field(() => Int, {
    defaultValue: 20,
    description: "Scope threshold: units with at least this many workers (the action program counts units with 20 or more).",
  })
  minWorkers!: number;

  @Field(() => EnterpriseFilterInput, { nullable: true, description: "Narrows the list further (district, sector, ...)." })
  filter?: EnterpriseFilterInput | null;
}
