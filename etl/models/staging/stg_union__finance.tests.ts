import { type DataTest, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of stg_union__finance (the model beside this file), run by the build after the
 * models: the grain: one row per raw row (batch, line).
 */
export default [uniqueNotNull("stg_union__finance", ["batch_id", "line_no"])] satisfies readonly DataTest[];
