import { Field, Int, ObjectType } from "type-graphql";
import type { AgreementRow } from "../../queries/unit-details.js";
import { LocalDate, localDate } from "../common/scalars.js";

@ObjectType({ description: "A registered collective labour agreement (thỏa ước lao động tập thể, TULĐTT)." })
export class Agreement {
  @Field(() => LocalDate, { description: "Signing date." })
  signedOn!: string;

  @Field(() => LocalDate, { description: "Effective date (the signing date when the file gives none)." })
  effectiveOn!: string;

  @Field(() => LocalDate, { description: "Last day in force (the expiry date, or effective date + term − 1 day)." })
  expiresOn!: string;

  @Field(() => Int, { nullable: true, description: "Workers the agreement applies to." })
  workersCovered!: number | null;

  @Field(() => Boolean, { description: "In force at the reference date (31 December of the unit's year): effectiveOn ≤ date ≤ expiresOn." })
  inForce!: boolean;
}

export function agreementRowToAgreement(row: AgreementRow): Agreement {
  return {
    signedOn: localDate(row.signed_on),
    effectiveOn: localDate(row.effective_on),
    expiresOn: localDate(row.expires_on),
    workersCovered: row.workers_covered,
    inForce: row.in_force,
  };
}
