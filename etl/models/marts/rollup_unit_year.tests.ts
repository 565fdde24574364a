import { ROLLUP_UNIT_YEAR } from "../../../queries/semantic/rollups.catalog.js";
import { type DataTest, expression, uniqueKey } from "../../build/model-tests.js";

/**
 * The data tests of rollup_unit_year (the model beside this file), run by the build after the
 * models: the grain (the catalog's key for the rollup; NULL a value like any other) and the sums against mart_unit_year.
 */
export default [
  uniqueKey("rollup_unit_year", ROLLUP_UNIT_YEAR.key),
  expression(
    "rollup_unit_year",
    "units, workers and members add up to mart_unit_year's, per year",
    `select coalesce(r.year, m.year)::varchar as key
     from (select year, sum(units) as units, sum(workers) as workers, sum(members) as members from main.rollup_unit_year group by year) r
     full join (select year, count(*) as units, sum(workers) as workers, sum(members) as members from main.mart_unit_year group by year) m on m.year = r.year
     where r.units is distinct from m.units or r.workers is distinct from m.workers or r.members is distinct from m.members`,
  ),
] satisfies readonly DataTest[];
