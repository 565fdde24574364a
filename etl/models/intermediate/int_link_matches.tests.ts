import { acceptedValues, type DataTest, LINK_REASONS, LINK_STATUSES, relationship, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of int_link_matches (the model beside this file), run by the build after the
 * models: the grain, statuses, reasons and the matched units.
 */
export default [
  uniqueNotNull("int_link_matches", ["dataset", "source_key"]),
  acceptedValues("int_link_matches", "status", LINK_STATUSES, { allowNull: false }),
  acceptedValues("int_link_matches", "reason", LINK_REASONS),
  relationship("int_link_matches", "tax_code", "int_link_units", "tax_code"),
] satisfies readonly DataTest[];
