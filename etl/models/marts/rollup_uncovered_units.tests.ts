import { type DataTest, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of rollup_uncovered_units (the model beside this file), run by the build after
 * the models: the grain.
 */
export default [uniqueNotNull("rollup_uncovered_units", ["year", "tax_code"])] satisfies readonly DataTest[];
