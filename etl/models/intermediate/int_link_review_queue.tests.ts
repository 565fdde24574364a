import { type DataTest, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of int_link_review_queue (the model beside this file), run by the build after
 * the models: the grain.
 */
export default [uniqueNotNull("int_link_review_queue", ["dataset", "source_key", "tax_code"])] satisfies readonly DataTest[];
