import { Field, Float, Int, ObjectType } from "type-graphql";
import type { MeasureScalar } from "../../queries/semantic/catalog.types.js";
import { MEASURES } from "../../queries/semantic/measures.catalog.js";
import { PageInfo } from "../common/page-info.type.js";
import { BigIntScalar } from "../common/scalars.js";
import { DimensionValue } from "../coverage/coverage.type.js";

@ObjectType({
  simpleResolvers: true,
  description:
    "One group of an analytics answer in one period, with one nullable field per measure of the catalog: only the measures selected are computed. Counts are integers, money VND (BigInt), rates fractions (null when their denominator is 0).",
})
export class AnalyticsRow {
  @Field(() => [DimensionValue], { description: "The group's value of each groupBy dimension, in groupBy order; empty for the total." })
  keys!: DimensionValue[];

  @Field(() => String, { nullable: true, description: "The period: `2024`, `2024-Q3` or `2024-07`; null for the total." })
  period!: string | null;

  @Field(() => Boolean, {
    description:
      "True when the cell is withheld for a DASHBOARD key (built from fewer than k units, or withheld with such a cell so it cannot be recomputed); every measure is then null. Always false for ANALYST and ADMIN keys.",
  })
  suppressed!: boolean;

  [measure: string]: unknown;
}

const SCALARS: Readonly<Record<MeasureScalar, () => unknown>> = Object.freeze({ Int: () => Int, Float: () => Float, BigInt: () => BigIntScalar });

// One field per measure, from the catalog (its one definition).
for (const m of MEASURES) {
  Field(SCALARS[m.scalar] as () => typeof Int, { nullable: true, description: `${m.description} (${m.unit})` })(AnalyticsRow.prototype, m.name);
}

@ObjectType({ simpleResolvers: true, description: "The answer to an analytics question: a page of rows, the total, and where it was read from." })
export class AnalyticsResult {
  @Field(() => [AnalyticsRow], { description: "The rows of this page, after `having`, in `orderBy` order." })
  rows!: AnalyticsRow[];

  @Field(() => AnalyticsRow, {
    nullable: true,
    description:
      "Every group together over the whole question, computed by the database: flows summed over the periods, stocks (units, workers, members at year end) of the last period, per-unit measures (arrears) with each unit over the whole range. Not filtered by `having`.",
  })
  total!: AnalyticsRow | null;

  @Field(() => Int, { description: "Rows over every page (after `having`)." })
  totalCount!: number;

  @Field(() => PageInfo, { description: "Paging: pass `endCursor` as `after` for the next page." })
  pageInfo!: PageInfo;

  @Field(() => String, {
    description:
      "The relations the answer was read from: a rollup made by the build (`rollup_unit_year`, …) when one covers the question, else the mart; one per grain of the measures asked.",
  })
  source!: string;
}
