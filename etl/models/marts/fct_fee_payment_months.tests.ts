import { type DataTest, expression, nonNegative, notNull, relationship, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of fct_fee_payment_months (the model beside this file), run by the build after
 * the models: the grain, the amounts and deadlines, the units, and no dong lost in the spreading.
 */
export default [
  uniqueNotNull("fct_fee_payment_months", ["batch_id", "line_no", "month"]),
  nonNegative("fct_fee_payment_months", ["fee_paid", "dues_paid", "fee_paid_on_time", "fee_paid_late"], ["batch_id", "line_no", "month"]),
  notNull("fct_fee_payment_months", ["deadline"], ["batch_id", "line_no", "month"]),
  relationship("fct_fee_payment_months", "tax_code", "dim_employer_unit", "tax_code"),
  expression(
    "fct_fee_payment_months",
    "the shares add up to each payment exactly (no dong lost in the spreading)",
    `select f.batch_id || ':' || f.line_no as key
     from main.fct_finance f
     left join (select batch_id, line_no, sum(fee_paid) as fee, sum(dues_paid) as dues from main.fct_fee_payment_months group by all) s
       on s.batch_id = f.batch_id and s.line_no = f.line_no
     where f.tax_code is not null and (coalesce(s.fee, 0) <> f.fee_paid or coalesce(s.dues, 0) <> coalesce(f.dues_paid, 0))`,
  ),
] satisfies readonly DataTest[];
