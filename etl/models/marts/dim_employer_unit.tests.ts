import { acceptedValues, type DataTest, LEGAL_FORMS, relationship, SIZE_BANDS, UNIT_STATUSES, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of dim_employer_unit (the model beside this file), run by the build after the
 * models: the grain, the code lists and the sectors.
 */
export default [
  uniqueNotNull("dim_employer_unit", ["tax_code"]),
  acceptedValues("dim_employer_unit", "legal_form", LEGAL_FORMS),
  acceptedValues("dim_employer_unit", "status", UNIT_STATUSES),
  acceptedValues("dim_employer_unit", "size_band", SIZE_BANDS),
  relationship("dim_employer_unit", "sector_section", "dim_sector", "section"),
] satisfies readonly DataTest[];
