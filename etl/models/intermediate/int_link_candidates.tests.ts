import { acceptedValues, type DataTest, LINK_LEVELS, relationship, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of int_link_candidates (the model beside this file), run by the build after the
 * models: the grain, the comparison levels and the candidate units.
 */
export default [
  uniqueNotNull("int_link_candidates", ["dataset", "source_key", "tax_code"]),
  ...Object.entries(LINK_LEVELS).map(([comparison, levels]) => acceptedValues("int_link_candidates", `${comparison}_level`, levels, { allowNull: false })),
  relationship("int_link_candidates", "tax_code", "int_link_units", "tax_code"),
] satisfies readonly DataTest[];
