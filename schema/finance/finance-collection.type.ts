import { Field, Float, Int, ObjectType } from "type-graphql";
import type { Dimension as DimensionCode } from "../../queries/dimensions.js";
import type { Granularity as GranularityCode } from "../../queries/finance.js";
import { BigIntScalar, LocalDate } from "../common/scalars.js";
import { DimensionValue } from "../coverage/coverage.type.js";
import { Dimension } from "../coverage/dimension.enum.js";
import { Granularity } from "./granularity.enum.js";

@ObjectType({
  description:
    "Union-fee (KPCĐ) collection of one group of employer units in one period (docs/DOMAIN.md § Measures), money in VND. Every unit with a social-insurance salary fund owes the fee, whether or not it has a union.",
})
export class FinanceCollectionRow {
  @Field(() => LocalDate, { nullable: true, description: "First day of the period; null for the range total." })
  periodStart!: string | null;

  @Field(() => LocalDate, { nullable: true, description: "Last day of the period; null for the range total." })
  periodEnd!: string | null;

  @Field(() => Boolean, { description: "True for a total (all groups together, computed by the database, not summed)." })
  isTotal!: boolean;

  @Field(() => [DimensionValue], { description: "The group's value of each groupBy dimension, in groupBy order; empty for a total." })
  keys!: DimensionValue[];

  @Field(() => Boolean, {
    description:
      "True when the cell is withheld for a DASHBOARD key: built from fewer than k units (SUPPRESSION_K, default 3), or withheld with such a cell so it cannot be recomputed from the totals and the other cells (within the period and across the periods). Its figures are then null. Always false for ANALYST and ADMIN keys.",
  })
  suppressed!: boolean;

  @Field(() => BigIntScalar, {
    nullable: true,
    description:
      "Union fee due: Σ over the units' months of the union-fee rate of ref.rates (2 %) × the social-insurance salary fund, each month rounded to the dong.",
  })
  due!: bigint | null;

  @Field(() => BigIntScalar, {
    nullable: true,
    description:
      "Union fee paid (`kpcd_da_nop`) in the period. A payment counts in a period when its own period (month, quarter, year) lies inside it; a quarterly or yearly payment asked at a finer granularity is spread over its months in proportion to their fee due (evenly when none is due), in whole dong adding up to the payment.",
  })
  paid!: bigint | null;

  @Field(() => Float, {
    nullable: true,
    description: "Collection rate: paid ÷ due, a fraction not capped at 1 (a unit paying earlier arrears can push it above); null when nothing is due.",
  })
  collectionRate!: number | null;

  @Field(() => BigIntScalar, {
    nullable: true,
    description:
      "Arrears: Σ over the units of max(0, due − paid), each unit's due and paid taken within the period (for the range total: over the whole range, docs/DOMAIN.md § Arrears; so it is not the sum of the periods').",
  })
  arrears!: bigint | null;

  @Field(() => Int, { nullable: true, description: "Non-payers: units with a positive salary fund in the period and no union fee paid in it." })
  nonPayers!: number | null;

  @Field(() => Int, { nullable: true, description: "Units with a positive social-insurance salary fund in the period (they owe the fee)." })
  unitsOwing!: number | null;

  @Field(() => Int, { nullable: true, description: "Units with union fee paid in the period." })
  payingUnits!: number | null;

  @Field(() => BigIntScalar, { nullable: true, description: "Member dues received (đoàn phí, `doan_phi_da_nop`), placed on periods like the fee." })
  memberDuesPaid!: bigint | null;

  @Field(() => BigIntScalar, {
    nullable: true,
    description:
      "Member dues expected, an estimate (docs/DOMAIN.md § Expected member dues): per unit and month with social insurance, the unit's members of the year × min(member-dues rate × the month's mean insured salary (salary fund ÷ insured workers), cap share × base salary), rates of ref.rates in force on the month's first day (0.5 % for non-state and FDI units from July 2025), rounded to the dong. Members of unions linked to no unit are not counted.",
  })
  expectedMemberDues!: bigint | null;
}

@ObjectType({ description: "Union-fee collection per period of a range, by the dimensions asked for, with each period's total and the range total." })
export class FinanceCollection {
  @Field(() => LocalDate, { description: "First day of the first period." })
  from!: string;

  @Field(() => LocalDate, { description: "Last day of the last period." })
  to!: string;

  @Field(() => Granularity, { description: "Length of the periods." })
  granularity!: GranularityCode;

  @Field(() => [Dimension], { description: "The dimensions the rows are grouped by." })
  groupBy!: DimensionCode[];

  @Field(() => [FinanceCollectionRow], {
    description:
      "One row per period and group, by period, then in the dimensions' list order. When every groupBy dimension has a closed list, every period shows every combination of values, with zeros where nothing falls. Empty without groupBy.",
  })
  rows!: FinanceCollectionRow[];

  @Field(() => [FinanceCollectionRow], { description: "One total per period of the range, oldest first, every period present (zeros when it has no data)." })
  periodTotals!: FinanceCollectionRow[];

  @Field(() => FinanceCollectionRow, { description: "All units over the whole range (arrears and non-payers per unit over the range)." })
  total!: FinanceCollectionRow;
}
