import { Field, Int, ObjectType } from "type-graphql";

@ObjectType({
  description:
    "The years the warehouse holds (unit-years of mart_unit_year, values at 31 December): what a year filter offers; a year outside them is answered with a YEAR_OUTSIDE_DATA warning.",
})
export class WarehouseYears {
  @Field(() => [Int], { description: "Every year held, oldest first; empty for an empty warehouse." })
  years!: number[];

  @Field(() => Int, { nullable: true, description: "The latest year held (the year of a field asked without one); null for an empty warehouse." })
  latest!: number | null;
}
