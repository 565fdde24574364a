import { codes, LEGAL_FORMS, OWNERSHIPS, SIZE_BANDS, UNIT_STATUSES, VSIC_SECTIONS, WORKERS_SOURCES } from "../../../core/code-lists.js";
import { formatTaxCodeSql } from "../../../queries/tax-code.js";
import { acceptedValues, type DataTest, expression, nonNegative, notNull, relationship, totalsAgree, uniqueNotNull } from "../../build/model-tests.js";

const KEY = ["tax_code", "year"];
/** The measures that count or sum: never negative, 0 rather than NULL. */
const COUNTS = [
  "members",
  "new_members",
  "left_members",
  "si_months",
  "salary_fund",
  "fee_due",
  "fee_paid",
  "arrears",
  "member_dues_paid",
  "si_arrears",
  "fee_paid_on_time",
  "fee_paid_late",
];

/**
 * The data tests of mart_unit_year (the model beside this file), run by the build after the
 * models: the grain, the code lists, the measures, the rules and the reconciliations with the
 * facts.
 */
export default [
  uniqueNotNull("mart_unit_year", KEY),
  acceptedValues("mart_unit_year", "workers_source", codes(WORKERS_SOURCES), { allowNull: false }),
  acceptedValues("mart_unit_year", "legal_form", codes(LEGAL_FORMS)),
  acceptedValues("mart_unit_year", "status", codes(UNIT_STATUSES)),
  acceptedValues("mart_unit_year", "ownership", codes(OWNERSHIPS)),
  acceptedValues("mart_unit_year", "size_band", codes(SIZE_BANDS)),
  acceptedValues("mart_unit_year", "sector_section", codes(VSIC_SECTIONS)),
  nonNegative("mart_unit_year", ["workers", ...COUNTS], KEY),
  notNull(
    "mart_unit_year",
    [...COUNTS, "active", "in_scope_20", "has_union", "union_codes", "agreement_in_force", "nonpayer", "paid_late", "workers_source"],
    KEY,
  ),
  relationship("mart_unit_year", "tax_code", "dim_employer_unit", "tax_code"),
  expression(
    "mart_unit_year",
    "arrears = greatest(0, fee_due - fee_paid) and nonpayer = (fee_due > 0 and fee_paid = 0)",
    `select '(' || ${formatTaxCodeSql("tax_code")} || ', ' || year || ')' as key from main.mart_unit_year
     where arrears <> greatest(0, fee_due - fee_paid) or nonpayer <> (fee_due > 0 and fee_paid = 0)`,
  ),
  expression(
    "mart_unit_year",
    "fee paid on time and late are parts of the fee paid; paid_late = (fee_paid_late > 0)",
    `select '(' || ${formatTaxCodeSql("tax_code")} || ', ' || year || ')' as key from main.mart_unit_year
     where fee_paid_on_time + fee_paid_late > fee_paid or paid_late <> (fee_paid_late > 0)`,
  ),
  expression(
    "mart_unit_year",
    "workers is NULL exactly when workers_source = NONE",
    `select '(' || ${formatTaxCodeSql("tax_code")} || ', ' || year || ')' as key from main.mart_unit_year where (workers is null) <> (workers_source = 'NONE')`,
  ),
  totalsAgree(
    "mart_unit_year",
    "fee_due reconciles with fct_si_monthly",
    "select coalesce(sum(fee_due), 0) as m from main.mart_unit_year",
    "select coalesce(sum(union_fee_due), 0) as f from main.fct_si_monthly",
  ),
  totalsAgree(
    "mart_unit_year",
    "fee_paid reconciles with fct_finance",
    "select coalesce(sum(fee_paid), 0) as m from main.mart_unit_year",
    "select coalesce(sum(fee_paid), 0) as f from main.fct_finance where tax_code is not null and year(period_start) = year(period_end)",
  ),
  totalsAgree(
    "mart_unit_year",
    "members reconcile with fct_membership_yearly",
    "select coalesce(sum(members), 0) as m from main.mart_unit_year",
    "select coalesce(sum(members), 0) as f from main.fct_membership_yearly where tax_code is not null",
  ),
] satisfies readonly DataTest[];
