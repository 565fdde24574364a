import { type DataTest, expression, nonNegative, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of mart_unit_month_finance (the model beside this file), run by the build after
 * the models: the grain, the amounts and the reconciliation with the facts.
 */
export default [
  uniqueNotNull("mart_unit_month_finance", ["tax_code", "month"]),
  nonNegative("mart_unit_month_finance", ["si_arrears", "fee_paid_on_time", "fee_paid_late"], ["tax_code", "month"]),
  expression(
    "mart_unit_month_finance",
    "fee due and the payments placed on months reconcile with fct_si_monthly and fct_finance (no dong lost in the spreading)",
    `select 'mart ' || m.due || '/' || m.paid || '/' || m.dues || ' <> fct ' || s.due || '/' || f.paid || '/' || f.dues as key from
       (select coalesce(sum(fee_due), 0) as due, coalesce(sum(fee_paid), 0) as paid, coalesce(sum(member_dues_paid), 0) as dues
        from main.mart_unit_month_finance) m,
       (select coalesce(sum(union_fee_due), 0) as due from main.fct_si_monthly) s,
       (select coalesce(sum(fee_paid), 0) as paid, coalesce(sum(dues_paid), 0) as dues from main.fct_finance where tax_code is not null) f
     where m.due <> s.due or m.paid <> f.paid or m.dues <> f.dues`,
  ),
] satisfies readonly DataTest[];
