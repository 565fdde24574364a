import { type DataTest, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of int_agreements (the model beside this file), run by the build after the
 * models: the grain.
 */
export default [uniqueNotNull("int_agreements", ["agreement_key"])] satisfies readonly DataTest[];
