import { type DataTest, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of stg_labour__workforce_reports (the model beside this file), run by the build
 * after the models: the grain: one row per raw row (batch, line).
 */
export default [uniqueNotNull("stg_labour__workforce_reports", ["batch_id", "line_no"])] satisfies readonly DataTest[];
