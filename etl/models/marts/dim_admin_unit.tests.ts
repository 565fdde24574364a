import { type DataTest, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of dim_admin_unit (the model beside this file), run by the build after the
 * models: the grain.
 */
export default [uniqueNotNull("dim_admin_unit", ["commune_code"])] satisfies readonly DataTest[];
