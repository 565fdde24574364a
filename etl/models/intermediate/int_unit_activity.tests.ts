import { type DataTest, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of int_unit_activity (the model beside this file), run by the build after the
 * models: the grain.
 */
export default [uniqueNotNull("int_unit_activity", ["tax_code"])] satisfies readonly DataTest[];
