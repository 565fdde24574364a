import { Field, Int, ObjectType } from "type-graphql";
import type { SiMonthRow } from "../../queries/unit-details.js";
import { BigIntScalar, LocalDate, localDate } from "../common/scalars.js";

@ObjectType({ description: "One month of the unit's social insurance (BHXH)." })
export class SiMonth {
  @Field(() => LocalDate, { description: "The month, as its first day." })
  month!: string;

  @Field(() => Int, { description: "Insured workers (`so_lao_dong`)." })
  insuredWorkers!: number;

  @Field(() => BigIntScalar, { description: "Salary fund on which social insurance is paid, VND." })
  salaryFund!: bigint;

  @Field(() => BigIntScalar, { description: "Union fee due for the month (KPCĐ: 2 % of the salary fund, from the dated rate table), VND." })
  unionFeeDue!: bigint;
}

export function siMonthRowToSiMonth(row: SiMonthRow): SiMonth {
  return { month: localDate(row.month), insuredWorkers: row.insured_workers, salaryFund: row.salary_fund, unionFeeDue: row.union_fee_due };
}
