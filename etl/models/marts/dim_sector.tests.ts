import { type DataTest, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of dim_sector (the model beside this file), run by the build after the models:
 * the grain.
 */
export default [uniqueNotNull("dim_sector", ["section"])] satisfies readonly DataTest[];
