import { acceptedValues, type DataTest, LINK_METHODS, relationship, uniqueKey } from "../../build/model-tests.js";
import { DATASET_IDS } from "../../sources/index.js";

/**
 * The data tests of int_link_keys (the model beside this file), run by the build after the
 * models: one row per link key, its methods and datasets, and the linked units.
 */
export default [
  acceptedValues("int_link_keys", "method", LINK_METHODS, { allowNull: false }),
  acceptedValues("int_link_keys", "dataset", DATASET_IDS, { allowNull: false }),
  relationship("int_link_keys", "tax_code", "int_employer_units", "tax_code"),
  // one row per link key (dataset, source_key, source_tax_code); NULLs are keys too
  uniqueKey("int_link_keys", ["dataset", "source_key", "source_tax_code"]),
] satisfies readonly DataTest[];
