import { codes, UNION_SECTORS } from "../../../core/code-lists.js";
import { acceptedValues, type DataTest, relationship, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of dim_union (the model beside this file), run by the build after the models:
 * the grain, the sectors and the linked units.
 */
export default [
  uniqueNotNull("dim_union", ["union_code"]),
  acceptedValues("dim_union", "sector", codes(UNION_SECTORS)),
  relationship("dim_union", "tax_code", "dim_employer_unit", "tax_code"),
] satisfies readonly DataTest[];
