import { Field, ObjectType } from "type-graphql";
import type { FinanceRow } from "../../queries/unit-details.js";
import { BigIntScalar, LocalDate, localDate } from "../common/scalars.js";

@ObjectType({ description: "Union fee (KPCĐ) and member dues (đoàn phí) received from the unit for one period." })
export class FinancePayment {
  @Field(() => String, { nullable: true, description: "Grassroots union the payment was recorded for, if any." })
  unionCode!: string | null;

  @Field(() => String, { description: "Length of the period: MONTH, QUARTER or YEAR." })
  grain!: string;

  @Field(() => LocalDate, { description: "First day of the period." })
  periodStart!: string;

  @Field(() => LocalDate, { description: "Last day of the period." })
  periodEnd!: string;

  @Field(() => BigIntScalar, { description: "Union fee paid (`kpcd_da_nop`), VND." })
  feePaid!: bigint;

  @Field(() => BigIntScalar, { nullable: true, description: "Member dues paid (`doan_phi_da_nop`), VND." })
  duesPaid!: bigint | null;

  @Field(() => LocalDate, { nullable: true, description: "Payment date." })
  paidOn!: string | null;
}

export function financeRowToFinancePayment(row: FinanceRow): FinancePayment {
  return {
    unionCode: row.union_code,
    grain: row.period_grain,
    periodStart: localDate(row.period_start),
    periodEnd: localDate(row.period_end),
    feePaid: row.fee_paid,
    duesPaid: row.dues_paid,
    paidOn: localDate(row.paid_on),
  };
}
