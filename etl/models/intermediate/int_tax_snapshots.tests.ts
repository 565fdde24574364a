import { codes, LEGAL_FORMS, UNIT_STATUSES } from "../../../core/code-lists.js";
import { acceptedValues, type DataTest, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of int_tax_snapshots (the model beside this file), run by the build after the
 * models: the grain (one row per staged tax registry row) and the codes it maps.
 */
export default [
  uniqueNotNull("int_tax_snapshots", ["batch_id", "line_no"]),
  acceptedValues("int_tax_snapshots", "legal_form", codes(LEGAL_FORMS)),
  acceptedValues("int_tax_snapshots", "status", codes(UNIT_STATUSES)),
] satisfies readonly DataTest[];
