import { Field, Float, Int, ObjectType } from "type-graphql";
import type { DensityBasis as DensityBasisCode } from "../../queries/recruitment-plan.js";
import { CodeName } from "../common/code-name.type.js";
import { SizeBand, WorkersSource } from "../common/enums.js";
import { BigIntScalar } from "../common/scalars.js";
import { DensityBasis } from "./planning.enums.js";

@ObjectType({ description: "An uncovered unit the plan would organise, with what organising it is expected to bring." })
export class PlannedUnit {
  @Field(() => Int, { description: "Rank in the plan, 1 first." })
  rank!: number;

  @Field(() => String, { description: "Tax code (mã số thuế): 10 digits, or a branch written `3200123456-001`." })
  taxCode!: string;

  @Field(() => String, { description: "Name (tax registry)." })
  name!: string;

  @Field(() => CodeName, { nullable: true, description: "VSIC 2018 section." })
  sector!: CodeName | null;

  @Field(() => SizeBand, { nullable: true, description: "Workers band." })
  sizeBand!: string | null;

  @Field(() => CodeName, { nullable: true, description: "District before the July 2025 reform." })
  district!: CodeName | null;

  @Field(() => String, { nullable: true, description: "Commune before the July 2025 reform (GSO code)." })
  communeCode!: string | null;

  @Field(() => String, { nullable: true, description: "Industrial or economic zone, if any." })
  industrialZone!: string | null;

  @Field(() => Int, { description: "Workers in the year." })
  workers!: number;

  @Field(() => WorkersSource, { nullable: true, description: "Which source gave the workers figure." })
  workersSource!: string | null;

  @Field(() => Float, { description: "Union density (members ÷ workers) of the comparable unionised units." })
  comparableDensity!: number;

  @Field(() => DensityBasis, { description: "Which unionised units the density was observed on." })
  densityBasis!: DensityBasisCode;

  @Field(() => Int, { description: "How many unionised units that was." })
  comparableUnits!: number;

  @Field(() => Int, { description: "Expected members if organised: round(workers × comparableDensity). The plan ranks by this." })
  expectedMembers!: number;

  @Field(() => BigIntScalar, { description: "Union fee due for the year, VND." })
  feeDue!: bigint;

  @Field(() => BigIntScalar, { description: "Union fee paid for the year, VND." })
  feePaid!: bigint;

  @Field(() => Float, {
    nullable: true,
    description: "Fee collection rate (paid ÷ due, capped at 1) of the same comparable units; null when they owed nothing.",
  })
  comparableCollectionRate!: number | null;

  @Field(() => BigIntScalar, { description: "Expected fee paid if organised: fee due × comparableCollectionRate, never below what it pays now, VND." })
  expectedFeePaid!: bigint;
}

@ObjectType({ description: "Coverage, membership and fee collection of the in-scope units the plan is about." })
export class PlanMeasures {
  @Field(() => Int, { description: "In-scope units." })
  units!: number;

  @Field(() => Int, { description: "In-scope units with a union." })
  unionisedUnits!: number;

  @Field(() => Float, { nullable: true, description: "unionisedUnits ÷ units." })
  coverageRate!: number | null;

  @Field(() => Int, { description: "Workers of the in-scope units." })
  workers!: number;

  @Field(() => Int, { description: "Members at the in-scope units." })
  members!: number;

  @Field(() => Float, { nullable: true, description: "members ÷ workers over all in-scope units." })
  densityAllInScope!: number | null;

  @Field(() => BigIntScalar, { description: "Union fee due, VND." })
  feeDue!: bigint;

  @Field(() => BigIntScalar, { description: "Union fee paid, VND." })
  feePaid!: bigint;

  @Field(() => Float, { nullable: true, description: "feePaid ÷ feeDue." })
  collectionRate!: number | null;
}

@ObjectType({
  description:
    "A recruitment scenario, not a forecast: the uncovered in-scope units whose organisation would add the most members, and the coverage, members and fee collection projected if exactly these were organised this year and then looked like the unionised units comparable to them.",
})
export class RecruitmentPlan {
  @Field(() => Boolean, { description: "Always true: the projected figures are a what-if, not a forecast." })
  isScenario!: boolean;

  @Field(() => String, { description: "The scenario's assumptions, in words." })
  description!: string;

  @Field(() => Int, { description: "The year planned." })
  year!: number;

  @Field(() => Int, { description: "The scope threshold used." })
  minWorkers!: number;

  @Field(() => Int, { description: "How many units were asked for." })
  unitsAsked!: number;

  @Field(() => Int, { description: "Uncovered in-scope units matching the filter: what the plan chose from." })
  candidates!: number;

  @Field(() => [PlannedUnit], { description: "The units to organise, most expected members first (then more workers, then tax code)." })
  units!: PlannedUnit[];

  @Field(() => PlanMeasures, { description: "The year's actual measures of the in-scope units matching the filter." })
  baseline!: PlanMeasures;

  @Field(() => PlanMeasures, { description: "The same if the planned units were organised (scenario)." })
  projected!: PlanMeasures;
}
