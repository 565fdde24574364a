import { acceptedValues, type DataTest, expression, LINK_METHODS, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of mart_link_rates (the model beside this file), run by the build after the
 * models: the grain, the methods, and one count per source row.
 */
export default [
  uniqueNotNull("mart_link_rates", ["dataset", "method"]),
  acceptedValues("mart_link_rates", "method", LINK_METHODS, { allowNull: false }),
  expression(
    "mart_link_rates",
    "source rows and unlinked rows add up to int_unit_links's, per dataset",
    `select coalesce(r.dataset, l.dataset) as key
     from (select dataset, sum(source_rows) as n, sum(unlinked_rows) as unlinked from main.mart_link_rates group by dataset) r
     full join (select dataset, count(*) as n, count(*) filter (where tax_code is null) as unlinked from main.int_unit_links group by dataset) l
       on l.dataset = r.dataset
     where r.n is distinct from l.n or r.unlinked is distinct from l.unlinked`,
  ),
] satisfies readonly DataTest[];
