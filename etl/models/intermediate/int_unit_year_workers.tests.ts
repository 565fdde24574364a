import { codes, WORKERS_SOURCES } from "../../../core/code-lists.js";
import { acceptedValues, type DataTest, nonNegative, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of int_unit_year_workers (the model beside this file), run by the build after
 * the models: the grain, the source used and the figures.
 */
export default [
  uniqueNotNull("int_unit_year_workers", ["tax_code", "year"]),
  acceptedValues("int_unit_year_workers", "workers_source", codes(WORKERS_SOURCES), { allowNull: false }),
  nonNegative("int_unit_year_workers", ["workers", "stats_workers", "labour_h2_workers", "labour_h1_workers", "si_workers"], ["tax_code", "year"]),
] satisfies readonly DataTest[];
