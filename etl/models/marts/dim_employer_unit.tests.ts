import { codes, LEGAL_FORMS, SIZE_BANDS, UNIT_STATUSES } from "../../../core/code-lists.js";
import { acceptedValues, type DataTest, relationship, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of dim_employer_unit (the model beside this file), run by the build after the
 * models: the grain, the code lists and the sectors.
 */
export default [
  uniqueNotNull("dim_employer_unit", ["tax_code"]),
  acceptedValues("dim_employer_unit", "legal_form", codes(LEGAL_FORMS)),
  acceptedValues("dim_employer_unit", "status", codes(UNIT_STATUSES)),
  acceptedValues("dim_employer_unit", "size_band", codes(SIZE_BANDS)),
  relationship("dim_employer_unit", "sector_section", "dim_sector", "section"),
] satisfies readonly DataTest[];
