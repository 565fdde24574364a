import { acceptedValues, type DataTest, LINK_METHODS, notNull, relationship, uniqueKey } from "../../build/model-tests.js";

/**
 * The data tests of dim_source_key (the model beside this file), run by the build after the
 * models: the grain (a source key with its source tax code, which may be NULL), the methods and
 * the linked units.
 */
export default [
  uniqueKey("dim_source_key", ["dataset", "source_key", "source_tax_code"]),
  notNull("dim_source_key", ["dataset", "source_key", "method"], ["dataset", "source_key", "source_tax_code"]),
  acceptedValues("dim_source_key", "method", LINK_METHODS, { allowNull: false }),
  relationship("dim_source_key", "tax_code", "dim_employer_unit", "tax_code"),
] satisfies readonly DataTest[];
