import { ROLLUP_FINANCE_MONTH } from "../../../queries/semantic/rollups.catalog.js";
import { type DataTest, expression, uniqueKey } from "../../build/model-tests.js";

/**
 * The data tests of rollup_finance_month (the model beside this file), run by the build after the
 * models: the grain (the catalog's key for the rollup; NULL a value like any other) and the sums against mart_unit_month_finance.
 */
export default [
  uniqueKey("rollup_finance_month", ROLLUP_FINANCE_MONTH.key),
  expression(
    "rollup_finance_month",
    "fee due and paid and unit-months add up to mart_unit_month_finance's, per month",
    `select coalesce(r.month, m.month)::varchar as key
     from (select month, sum(units) as units, sum(fee_due) as due, sum(fee_paid) as paid from main.rollup_finance_month group by month) r
     full join (select month, count(*) as units, sum(fee_due) as due, sum(fee_paid) as paid from main.mart_unit_month_finance group by month) m on m.month = r.month
     where r.units is distinct from m.units or r.due is distinct from m.due or r.paid is distinct from m.paid`,
  ),
] satisfies readonly DataTest[];
