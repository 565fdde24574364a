import { Field, Float, InputType } from "type-graphql";
import type { Dimension as DimensionCode } from "../../queries/dimensions.js";
import type { AnalyticsOrder as AnalyticsOrderSpec, MeasureCondition as MeasureConditionSpec } from "../../queries/semantic/analytics-question.js";
import { SortDirection } from "../common/enums.js";
import { Dimension } from "../coverage/dimension.enum.js";
import { Measure } from "./measure.enum.js";

@InputType({
  description:
    "A condition on one measure of a row: every comparison given must hold. A row whose value is null (a rate of nothing, a suppressed cell) matches no condition. Evaluated after small-cell suppression, so a condition cannot reveal a withheld cell.",
})
export class MeasureCondition implements MeasureConditionSpec {
  @Field(() => Measure, { description: "The measure compared (computed even when not selected)." })
  measure!: string;

  @Field(() => Float, { nullable: true, description: "Greater than." })
  gt?: number | null;

  @Field(() => Float, { nullable: true, description: "Greater than or equal to." })
  gte?: number | null;

  @Field(() => Float, { nullable: true, description: "Less than." })
  lt?: number | null;

  @Field(() => Float, { nullable: true, description: "Less than or equal to." })
  lte?: number | null;

  @Field(() => Float, { nullable: true, description: "Equal to (rates are fractions: 0.7 is 70 %)." })
  eq?: number | null;
}

@InputType({
  description:
    "One sort key of the rows: a measure or a groupBy dimension (exactly one). Nulls sort last either way; ties keep the default order (period, then each dimension's list).",
})
export class AnalyticsOrder implements AnalyticsOrderSpec {
  @Field(() => Measure, { nullable: true, description: "Sort by this measure (computed even when not selected)." })
  measure?: string | null;

  @Field(() => Dimension, {
    nullable: true,
    description: "Sort by this groupBy dimension, in its list's order (districts by code, size bands smallest first).",
  })
  dimension?: DimensionCode | null;

  @Field(() => SortDirection, { defaultValue: "ASC", description: "ASC: smallest first; DESC: largest first." })
  direction!: "ASC" | "DESC";
}
