import { Field, Float, Int, ObjectType } from "type-graphql";
import type { EnterpriseRow } from "../../queries/enterprises.js";
import { ratioValue } from "../../queries/semantic/measures.catalog.js";
import { formatTaxCode } from "../../queries/tax-code.js";
import { CodeName, codeName } from "../common/code-name.type.js";
import { codeOf, LegalForm, Ownership, SizeBand, UnitStatus, WorkersSource } from "../common/enums.js";
import { BigIntScalar, LocalDate, localDate } from "../common/scalars.js";

@ObjectType({
  description:
    "An employer unit (one tax registration in the province: an enterprise, or a branch) with its values for one year, at 31 December of that year (docs/DOMAIN.md § Reference date). Nested lists (sources, unions, agreements, SI months, finance) are fetched for a whole page at once.",
})
export class Enterprise {
  @Field(() => String, { description: "Tax code (mã số thuế): 10 digits, or a branch written `3200123456-001`." })
  taxCode!: string;

  @Field(() => Int, { description: "The year these values describe (at 31 December)." })
  year!: number;

  @Field(() => String, { nullable: true, description: "Tax code of the parent enterprise, for a branch." })
  parentTaxCode!: string | null;

  @Field(() => String, { description: "Registered name." })
  name!: string;

  @Field(() => LegalForm, { nullable: true, description: "Legal form." })
  legalForm!: string | null;

  @Field(() => Ownership, { nullable: true, description: "Ownership: state, non-state or foreign-invested." })
  ownership!: string | null;

  @Field(() => String, { nullable: true, description: "VSIC 2018 code as registered (section letter or 2–5 digits)." })
  vsic!: string | null;

  @Field(() => CodeName, { nullable: true, description: "VSIC 2018 section (A–U) with its name." })
  sector!: CodeName | null;

  @Field(() => CodeName, { nullable: true, description: "Commune before the July 2025 reform (GSO 5-digit code)." })
  commune!: CodeName | null;

  @Field(() => CodeName, { nullable: true, description: "District before the July 2025 reform (GSO 3-digit code)." })
  district!: CodeName | null;

  @Field(() => CodeName, { nullable: true, description: "Commune from 1 July 2025, through the dated crosswalk." })
  newCommune!: CodeName | null;

  @Field(() => CodeName, { nullable: true, description: "Province from 1 July 2025, through the crosswalk (e.g. `44`, the merged Quảng Trị)." })
  province!: CodeName | null;

  @Field(() => String, { nullable: true, description: "Industrial or economic zone, if the unit is in one." })
  industrialZone!: string | null;

  @Field(() => UnitStatus, { nullable: true, description: "Tax-registry status." })
  status!: string | null;

  @Field(() => LocalDate, { nullable: true, description: "Registration date." })
  registeredOn!: string | null;

  @Field(() => LocalDate, { nullable: true, description: "Closing date, if closed." })
  closedOn!: string | null;

  @Field(() => Boolean, { description: "Active in the year: registered on or before 31 December and not closed on or before it." })
  active!: boolean;

  @Field(() => Int, {
    nullable: true,
    description:
      "Workers in the year (docs/DOMAIN.md § Workers: statistics survey, else labour report H2, else H1, else social insurance); null when no source has a figure.",
  })
  workers!: number | null;

  @Field(() => WorkersSource, { nullable: true, description: "The source `workers` came from." })
  workersSource!: string | null;

  @Field(() => SizeBand, { nullable: true, description: "Band of `workers`." })
  sizeBand!: string | null;

  @Field(() => Boolean, { description: "In scope at the action program's threshold: active and workers ≥ 20." })
  inScope20!: boolean;

  @Field(() => Boolean, { description: "Has a grassroots union in force at 31 December of the year." })
  hasUnion!: boolean;

  @Field(() => [String], { description: "Codes of the unions in force at 31 December." })
  unionCodes!: string[];

  @Field(() => String, { nullable: true, description: "Upper union of the unit's union." })
  upperUnion!: string | null;

  @Field(() => Int, { nullable: true, description: "Union members at year end (membership return `so_doan_vien`)." })
  members!: number | null;

  @Field(() => Int, { nullable: true, description: "Members admitted during the year (`ket_nap_moi`)." })
  newMembers!: number | null;

  @Field(() => Int, { nullable: true, description: "Members who left during the year (`giam`)." })
  leftMembers!: number | null;

  @Field(() => Boolean, { description: "Has a collective agreement in force at 31 December of the year." })
  agreementInForce!: boolean;

  @Field(() => Int, { nullable: true, description: "Months of the year with a social-insurance record." })
  siMonthCount!: number | null;

  @Field(() => BigIntScalar, { nullable: true, description: "Social-insurance salary fund of the year, VND." })
  salaryFund!: bigint | null;

  @Field(() => BigIntScalar, { nullable: true, description: "Union fee due for the year (2 % of the salary fund), VND." })
  feeDue!: bigint | null;

  @Field(() => BigIntScalar, { nullable: true, description: "Union fee paid for the periods of the year, VND." })
  feePaid!: bigint | null;

  @Field(() => BigIntScalar, { nullable: true, description: "Arrears: max(0, due − paid), VND." })
  arrears!: bigint | null;

  @Field(() => BigIntScalar, { nullable: true, description: "Member dues received for the year, VND." })
  memberDuesPaid!: bigint | null;

  @Field(() => Boolean, { description: "Non-payer: union fee due in the year (a positive salary fund, not exempt) and none paid." })
  nonpayer!: boolean;

  @Field(() => BigIntScalar, {
    description:
      "Union fee of the year received by its deadline (docs/DOMAIN.md § On-time payment: a month by its last day, from July 2025 by the next month's last day; a quarter, for agriculture, likewise), VND.",
  })
  feePaidOnTime!: bigint;

  @Field(() => BigIntScalar, { description: "Union fee of the year received after its deadline, VND (a payment without a date is neither)." })
  feePaidLate!: bigint;

  @Field(() => Float, { nullable: true, description: "feePaidOnTime ÷ feeDue (tỷ lệ thu KPCĐ đúng hạn); null when nothing is due." })
  onTimeRate!: number | null;

  @Field(() => Boolean, { description: "Some union fee of the year was received after its deadline (counted by `lateUnits`)." })
  paidLate!: boolean;

  @Field(() => BigIntScalar, {
    description: "Social-insurance arrears (nợ BHXH, `so_no`) at 31 December, from the delivery in effect for December, VND (docs/DOMAIN.md § SI arrears).",
  })
  siArrears!: bigint;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "Funded wholly by the state budget (its social-insurance rows say so, the year's last month): owes no union fee from 1 July 2025 (docs/DOMAIN.md § Fee exemption); null without social insurance in the year.",
  })
  stateBudgetFunded!: boolean | null;
}

export function enterpriseRowToEnterprise(row: EnterpriseRow): Enterprise {
  return {
    taxCode: formatTaxCode(row.tax_code),
    year: row.year,
    parentTaxCode: formatTaxCode(row.parent_tax_code),
    name: row.name,
    legalForm: codeOf(LegalForm, row.legal_form),
    ownership: codeOf(Ownership, row.ownership),
    vsic: row.vsic,
    sector: codeName(row.sector_section, row.sector_name),
    commune: codeName(row.commune_code, row.commune_name),
    district: codeName(row.district_code, row.district_name),
    newCommune: codeName(row.new_commune_code, row.new_commune_name),
    province: codeName(row.new_province_code, row.province_name),
    industrialZone: row.industrial_zone,
    status: codeOf(UnitStatus, row.status),
    registeredOn: localDate(row.registered_on),
    closedOn: localDate(row.closed_on),
    active: row.active,
    workers: row.workers,
    workersSource: codeOf(WorkersSource, row.workers_source),
    sizeBand: codeOf(SizeBand, row.size_band),
    inScope20: row.in_scope_20,
    hasUnion: row.has_union,
    unionCodes: row.union_codes ?? [],
    upperUnion: row.upper_union,
    members: row.members,
    newMembers: row.new_members,
    leftMembers: row.left_members,
    agreementInForce: row.agreement_in_force,
    siMonthCount: row.si_months,
    salaryFund: row.salary_fund,
    feeDue: row.fee_due,
    feePaid: row.fee_paid,
    arrears: row.arrears,
    memberDuesPaid: row.member_dues_paid,
    nonpayer: row.nonpayer,
    feePaidOnTime: row.fee_paid_on_time,
    feePaidLate: row.fee_paid_late,
    // The catalog's onTimeRate (feePaidOnTime ÷ feeDue) of the unit's year, from the mart's columns of those measures.
    onTimeRate: ratioValue("onTimeRate", (base) => (base === "feeDue" ? row.fee_due : row.fee_paid_on_time)),
    paidLate: row.paid_late,
    siArrears: row.si_arrears,
    stateBudgetFunded: row.state_budget_funded,
  };
}
