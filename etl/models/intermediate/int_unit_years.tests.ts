import { type DataTest, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of int_unit_years (the model beside this file), run by the build after the
 * models: the grain.
 */
export default [uniqueNotNull("int_unit_years", ["tax_code", "year"])] satisfies readonly DataTest[];
