import { type DataTest, expression, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of int_link_parameters (the model beside this file), run by the build after the
 * models: the grain and the Fellegi–Sunter parameters.
 */
export default [
  uniqueNotNull("int_link_parameters", ["comparison", "level"]),
  expression(
    "int_link_parameters",
    "m and u are probabilities; the levels of each comparison with evidence sum to 1",
    `select comparison as key from main.int_link_parameters
     group by comparison
     having bool_or(m <= 0 or m > 1 or u <= 0 or u > 1)
         or abs(sum(m) filter (where level <> 'MISSING') - 1) > 1e-6
         or abs(sum(u) filter (where level <> 'MISSING') - 1) > 1e-3`,
  ),
] satisfies readonly DataTest[];
