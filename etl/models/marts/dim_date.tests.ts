import { type DataTest, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of dim_date (the model beside this file), run by the build after the models: the
 * grain.
 */
export default [uniqueNotNull("dim_date", ["date"])] satisfies readonly DataTest[];
