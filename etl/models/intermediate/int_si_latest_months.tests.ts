import { type DataTest, notNull, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of int_si_latest_months (the model beside this file), run by the build after
 * the models: the grain, and every row reaches a unit.
 */
export default [
  uniqueNotNull("int_si_latest_months", ["si_unit_code", "month"]),
  notNull("int_si_latest_months", ["tax_code", "year"], ["si_unit_code", "month"]),
] satisfies readonly DataTest[];
