import { acceptedValues, type DataTest, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of int_link_decisions (the model beside this file), run by the build after the
 * models: the grain (the latest decision per pair) and the decisions.
 */
export default [
  uniqueNotNull("int_link_decisions", ["dataset", "source_key", "tax_code"]),
  acceptedValues("int_link_decisions", "decision", ["ACCEPT", "REJECT"], { allowNull: false }),
] satisfies readonly DataTest[];
