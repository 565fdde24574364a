import { acceptedValues, type DataTest, REGISTRY_SOURCES, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of int_employer_units (the model beside this file), run by the build after the
 * models: the grain, where each unit comes from, and its links.
 */
export default [
  uniqueNotNull("int_employer_units", ["tax_code"]),
  acceptedValues("int_employer_units", "registry_source", REGISTRY_SOURCES, { allowNull: false }),
] satisfies readonly DataTest[];
