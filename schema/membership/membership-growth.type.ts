import { Field, Float, Int, ObjectType } from "type-graphql";
import type { Dimension as DimensionCode } from "../../queries/dimensions.js";
import { DimensionValue } from "../coverage/coverage.type.js";
import { Dimension } from "../coverage/dimension.enum.js";

@ObjectType({
  description:
    "Membership figures of one year (docs/DOMAIN.md § Members): sums over the grassroots unions' membership returns of the year, each counted with the employer unit its union is linked to.",
})
export class MembershipGrowthRow {
  @Field(() => Int, { description: "The year of the returns." })
  year!: number;

  @Field(() => Boolean, { description: "True for a year's total (all groups together, computed by the database, not summed)." })
  isTotal!: boolean;

  @Field(() => [DimensionValue], {
    description:
      "The group's value of each groupBy dimension, in groupBy order; empty for a total. Returns of unions linked to no employer unit are grouped under null codes.",
  })
  keys!: DimensionValue[];

  @Field(() => Boolean, {
    description:
      "True when the cell is withheld for a DASHBOARD key: fewer than k unions reporting (SUPPRESSION_K, default 3), or withheld with such a cell so it cannot be recomputed from the year's total and the other cells. Its figures (and targetMet) are then null. Always false for ANALYST and ADMIN keys.",
  })
  suppressed!: boolean;

  @Field(() => Int, { nullable: true, description: "Members at year end: Σ `so_doan_vien` of the year's returns." })
  members!: number | null;

  @Field(() => Int, { nullable: true, description: "New members: Σ `ket_nap_moi` of the year's returns." })
  newMembers!: number | null;

  @Field(() => Int, { nullable: true, description: "Members who left: Σ `giam` of the year's returns (0 where a return does not say)." })
  left!: number | null;

  @Field(() => Int, { nullable: true, description: "Net growth: newMembers − left." })
  netGrowth!: number | null;

  @Field(() => Int, { nullable: true, description: "Grassroots unions with a return for the year." })
  unionsReporting!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "The action program's target for new members in the year (ref.targets, metric `new_members`: 1,500 a year 2021–2025, 2,000 a year 2026–2030; the later program where two overlap). It is a provincial target, so it is given on the yearly totals only, and only without a filter: null on group rows, on totals of filtered units, and in years no target covers.",
  })
  target!: number | null;

  @Field(() => String, { nullable: true, description: "Id of the target row (ref.targets `target_id`); null when `target` is." })
  targetId!: string | null;

  @Field(() => Boolean, { nullable: true, description: "Whether newMembers meets the target (its comparison, e.g. ≥); null when `target` is." })
  targetMet!: boolean | null;
}

@ObjectType({ description: "Membership growth per year of a range, by the dimensions asked for, with each year's total." })
export class MembershipGrowth {
  @Field(() => Int, { description: "First year of the series." })
  fromYear!: number;

  @Field(() => Int, { description: "Last year of the series." })
  toYear!: number;

  @Field(() => [Dimension], { description: "The dimensions the rows are grouped by." })
  groupBy!: DimensionCode[];

  @Field(() => [MembershipGrowthRow], {
    description:
      "One row per year and group, by year, then in the dimensions' list order. When every groupBy dimension has a closed list, every year shows every combination of values, with zeros where nothing falls; otherwise only the combinations returns have. Empty without groupBy.",
  })
  rows!: MembershipGrowthRow[];

  @Field(() => [MembershipGrowthRow], {
    description:
      "One total per year of the range, oldest first, every year present (zeros for a year without returns), with the provincial target: the database's totals (GROUPING SETS), not sums of rows.",
  })
  totals!: MembershipGrowthRow[];
}
