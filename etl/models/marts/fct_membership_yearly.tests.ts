import { type DataTest, nonNegative, relationship, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of fct_membership_yearly (the model beside this file), run by the build after
 * the models: the grain, the counts and the units.
 */
export default [
  uniqueNotNull("fct_membership_yearly", ["union_code", "year"]),
  nonNegative("fct_membership_yearly", ["workers", "members", "new_members", "left_members", "female_members"], ["union_code", "year"]),
  relationship("fct_membership_yearly", "tax_code", "dim_employer_unit", "tax_code"),
] satisfies readonly DataTest[];
