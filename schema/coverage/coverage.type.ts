import { Field, Float, Int, ObjectType } from "type-graphql";
import type { Dimension as DimensionCode } from "../../queries/dimensions.js";
import { Dimension } from "./dimension.enum.js";

@ObjectType({ simpleResolvers: true, description: "One dimension's value in a row of an aggregate." })
export class DimensionValue {
  @Field(() => Dimension, { description: "The dimension." })
  dimension!: DimensionCode;

  @Field(() => String, {
    nullable: true,
    description: "Its code (GSO code, VSIC section, warehouse code, zone or union name, year); null for units without a value.",
  })
  code!: string | null;

  @Field(() => String, { nullable: true, description: "Its name, where the reference tables give one (free-text dimensions repeat the code)." })
  name!: string | null;
}

@ObjectType({
  simpleResolvers: true,
  description:
    "Coverage measures of one group of in-scope units (docs/DOMAIN.md § In scope: active in the year and workers ≥ minWorkers). Rates are fractions, null when their denominator is 0. Counts are null only in a suppressed cell (`suppressed`).",
})
export class CoverageRow {
  @Field(() => Boolean, { description: "True for the total row (all groups together, computed by the database, not summed)." })
  isTotal!: boolean;

  @Field(() => [DimensionValue], { description: "The group's value of each groupBy dimension, in groupBy order; empty for the total." })
  keys!: DimensionValue[];

  @Field(() => Boolean, {
    description:
      "True when the cell is withheld for a DASHBOARD key: built from fewer than k units (SUPPRESSION_K, default 3), or withheld with it so it cannot be recomputed from the total and the other cells (complementary suppression). Every measure is then null. Always false for ANALYST and ADMIN keys.",
  })
  suppressed!: boolean;

  @Field(() => Int, { nullable: true, description: "In-scope units." })
  units!: number | null;

  @Field(() => Int, { nullable: true, description: "In-scope units with a union in force at 31 December." })
  unionisedUnits!: number | null;

  @Field(() => Float, { nullable: true, description: "Coverage rate: unionisedUnits ÷ units, in [0, 1]." })
  coverageRate!: number | null;

  @Field(() => Int, { nullable: true, description: "Workers of the in-scope units." })
  workers!: number | null;

  @Field(() => Int, { nullable: true, description: "Workers of the in-scope units with a union." })
  unionisedWorkers!: number | null;

  @Field(() => Int, { nullable: true, description: "Union members of the in-scope units at year end." })
  members!: number | null;

  @Field(() => Float, { nullable: true, description: "Union density: members ÷ workers over the in-scope units with a union, in [0, 1]." })
  density!: number | null;

  @Field(() => Float, { nullable: true, description: "Union density over all in-scope units: members ÷ workers, in [0, 1]." })
  densityAllInScope!: number | null;

  @Field(() => Int, { nullable: true, description: "In-scope units with a union and a collective agreement in force at 31 December." })
  agreementUnits!: number | null;

  @Field(() => Float, { nullable: true, description: "Agreement rate (TULĐTT): agreementUnits ÷ unionisedUnits, in [0, 1]." })
  agreementRate!: number | null;
}

@ObjectType({ simpleResolvers: true, description: "Union coverage of the in-scope employer units of one year, by the dimensions asked for, with the total." })
export class Coverage {
  @Field(() => Int, { description: "The year (values at 31 December)." })
  year!: number;

  @Field(() => Int, { description: "The scope threshold used: units with at least this many workers." })
  minWorkers!: number;

  @Field(() => [Dimension], { description: "The dimensions the rows are grouped by." })
  groupBy!: DimensionCode[];

  @Field(() => [CoverageRow], {
    description:
      "One row per group, ordered by the dimensions' lists (districts by code, size bands smallest first...). When every groupBy dimension has a closed list, every combination of values appears, with zeros where no unit falls; otherwise only the combinations units have.",
  })
  rows!: CoverageRow[];

  @Field(() => CoverageRow, { description: "All in-scope units matching the filter: the database's own total (GROUPING SETS), not a sum of rows." })
  total!: CoverageRow;
}
