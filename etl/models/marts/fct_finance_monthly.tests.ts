import { type DataTest, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of fct_finance_monthly (the model beside this file), run by the build after the
 * models: the grain.
 */
export default [uniqueNotNull("fct_finance_monthly", ["tax_code", "period_key"])] satisfies readonly DataTest[];
