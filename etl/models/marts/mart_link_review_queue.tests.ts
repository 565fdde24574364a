import { type DataTest, relationship, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of mart_link_review_queue (the model beside this file), run by the build after
 * the models: the grain, and one best candidate per record.
 */
export default [
  uniqueNotNull("mart_link_review_queue", ["dataset", "source_key", "tax_code"]),
  uniqueNotNull("mart_link_review_queue", ["dataset", "source_key", "candidate_rank"]),
  relationship("mart_link_review_queue", "tax_code", "dim_employer_unit", "tax_code"),
] satisfies readonly DataTest[];
