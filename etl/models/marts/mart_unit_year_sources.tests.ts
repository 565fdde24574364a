import { type DataTest, relationship, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of mart_unit_year_sources (the model beside this file), run by the build after
 * the models: the grain and the units.
 */
export default [
  uniqueNotNull("mart_unit_year_sources", ["dataset", "batch_id", "line_no"]),
  relationship("mart_unit_year_sources", "tax_code", "dim_employer_unit", "tax_code"),
] satisfies readonly DataTest[];
