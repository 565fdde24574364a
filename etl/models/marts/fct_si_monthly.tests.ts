import { type DataTest, nonNegative, notNull, relationship, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of fct_si_monthly (the model beside this file), run by the build after the
 * models: the grain, the figures and the units.
 */
export default [
  uniqueNotNull("fct_si_monthly", ["tax_code", "month"]),
  nonNegative("fct_si_monthly", ["insured_workers", "salary_fund", "union_fee_due", "si_arrears"], ["tax_code", "month"]),
  notNull("fct_si_monthly", ["salary_fund", "union_fee_rate", "union_fee_due"], ["tax_code", "month"]),
  relationship("fct_si_monthly", "tax_code", "dim_employer_unit", "tax_code"),
] satisfies readonly DataTest[];
