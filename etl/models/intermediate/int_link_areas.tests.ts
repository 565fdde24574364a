import { type DataTest, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of int_link_areas (the model beside this file), run by the build after the
 * models: the grain.
 */
export default [uniqueNotNull("int_link_areas", ["commune_code"])] satisfies readonly DataTest[];
