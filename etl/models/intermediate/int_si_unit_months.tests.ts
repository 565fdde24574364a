import { type DataTest, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of int_si_unit_months (the model beside this file), run by the build after the
 * models: the grain.
 */
export default [uniqueNotNull("int_si_unit_months", ["tax_code", "month"])] satisfies readonly DataTest[];
