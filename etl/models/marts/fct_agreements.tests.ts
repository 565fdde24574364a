import { type DataTest, nonNegative, notNull, relationship, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of fct_agreements (the model beside this file), run by the build after the
 * models: the grain, terms and dates, and the units.
 */
export default [
  uniqueNotNull("fct_agreements", ["agreement_key"]),
  nonNegative("fct_agreements", ["term_months", "workers_covered"], ["agreement_key"]),
  notNull("fct_agreements", ["effective_on", "expires_on"], ["agreement_key"]),
  relationship("fct_agreements", "tax_code", "dim_employer_unit", "tax_code"),
] satisfies readonly DataTest[];
