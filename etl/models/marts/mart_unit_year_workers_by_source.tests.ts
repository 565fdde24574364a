import { codes, WORKERS_SOURCES } from "../../../core/code-lists.js";
import { acceptedValues, type DataTest, relationship, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of mart_unit_year_workers_by_source (the model beside this file), run by the
 * build after the models: the grain, the source used and the figures.
 */
export default [
  uniqueNotNull("mart_unit_year_workers_by_source", ["tax_code", "year"]),
  acceptedValues("mart_unit_year_workers_by_source", "workers_source", codes(WORKERS_SOURCES), { allowNull: false }),
  relationship("mart_unit_year_workers_by_source", "tax_code", "dim_employer_unit", "tax_code"),
] satisfies readonly DataTest[];
