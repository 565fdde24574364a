import { type DataTest, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of mart_unlinked_source_rows (the model beside this file), run by the build
 * after the models: the grain.
 */
export default [uniqueNotNull("mart_unlinked_source_rows", ["dataset", "batch_id", "line_no"])] satisfies readonly DataTest[];
