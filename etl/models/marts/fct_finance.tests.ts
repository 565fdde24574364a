import { acceptedValues, type DataTest, FINANCE_GRAINS, nonNegative, relationship, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of fct_finance (the model beside this file), run by the build after the models:
 * the grain, the payment grains, the amounts and the units.
 */
export default [
  uniqueNotNull("fct_finance", ["batch_id", "line_no"]),
  acceptedValues("fct_finance", "period_grain", FINANCE_GRAINS, { allowNull: false }),
  nonNegative("fct_finance", ["fee_paid", "dues_paid"], ["batch_id", "line_no"]),
  relationship("fct_finance", "tax_code", "dim_employer_unit", "tax_code"),
] satisfies readonly DataTest[];
