-- Union-fee (KPCĐ) and member-dues payments placed on the months of their period, each
-- share with its deadline and whether it was received on time. One row per payment row
-- (fct_finance: batch_id, line_no) and month of its period that receives something.
-- mart_unit_month_finance and mart_unit_year read it; neither spreads payments itself.
--
-- Placement (docs/DOMAIN.md § Union fee paid): a MONTH payment is its month's. A QUARTER or
-- YEAR payment is spread over the months of its period in proportion to each month's fee
-- due (evenly when none of them has any fee due), in whole dong, the shares adding up
-- exactly to the payment: with D_i the weight of month i, the share of month i is
-- round(P × ΣD_≤i / ΣD) − round(P × ΣD_<i / ΣD) (rounded half up, integer arithmetic). So a
-- quarterly payer paying in full owes nothing in any month, a period of the payment's
-- grain or coarser receives the whole payment, and no money moves across years.
--
-- Deadline (docs/DOMAIN.md § On-time payment; ref.payment_deadlines, the rule in force on
-- the period's first day): the last day of the month `months_after_period` months after
-- the period's last month, by the rule of the payment's own grain when the unit may pay at
-- that grain (`applies_to` ALL, or SECTION_A for units of VSIC section A: agriculture,
-- forestry, fishing). A period the rules do not let the unit pay at once (a year; a
-- quarter outside section A) is held month by month to the MONTH rule: each month's share
-- by that month's deadline. A share is on time when the payment was received (`paid_on`)
-- on or before its deadline, late when after it, and neither when the payment has no date.
create or replace table main.fct_fee_payment_months as
with payments as (
  select
    f.batch_id,
    f.line_no,
    f.tax_code,
    f.period_grain,
    f.period_start,
    f.period_end,
    f.fee_paid,
    coalesce(f.dues_paid, 0) as dues_paid,
    f.paid_on,
    (date_diff('month', f.period_start, f.period_end) + 1)::integer as months,
    u.sector_section
  from main.fct_finance f
  left join main.dim_employer_unit u on u.tax_code = f.tax_code
  where f.tax_code is not null
),
si as (
  select tax_code, month, union_fee_due from main.fct_si_monthly
),
rules as (
  select payment_grain, valid_from, valid_to, months_after_period, applies_to from ref.payment_deadlines
),
period_rules as (  -- the rule of the payment's own grain, when the unit may pay at it
  select p.batch_id, p.line_no, r.months_after_period
  from payments p
  join rules r
    on r.payment_grain = p.period_grain
   and r.valid_from <= p.period_start and (r.valid_to is null or p.period_start <= r.valid_to)
   and (r.applies_to = 'ALL' or (r.applies_to = 'SECTION_A' and p.sector_section = 'A'))
  qualify row_number() over (partition by p.batch_id, p.line_no order by r.valid_from desc) = 1
),
payment_months as (
  select * exclude (i), (period_start + to_months(i))::date as month, i::integer as month_index
  from (select *, unnest(range(months)) as i from payments)
),
month_rules as (  -- the MONTH rule in force on each month's first day
  select d.month, r.months_after_period
  from (select distinct month from payment_months) d
  join rules r
    on r.payment_grain = 'MONTH' and r.applies_to = 'ALL'
   and r.valid_from <= d.month and (r.valid_to is null or d.month <= r.valid_to)
  qualify row_number() over (partition by d.month order by r.valid_from desc) = 1
),
weighted as (
  select pm.*, coalesce(si.union_fee_due, 0)::hugeint as due_weight
  from payment_months pm
  left join si on si.tax_code = pm.tax_code and si.month = pm.month
),
cumulative as (
  select
    *,
    sum(due_weight) over (partition by batch_id, line_no) as period_due,
    sum(due_weight) over (partition by batch_id, line_no order by month rows between unbounded preceding and current row) as due_through
  from weighted
),
weights as (
  select
    *,
    case when period_due > 0 then due_through else (month_index + 1)::hugeint end as weight_through,
    case when period_due > 0 then due_through - due_weight else month_index::hugeint end as weight_before,
    case when period_due > 0 then period_due else months::hugeint end as weight_total
  from cumulative
),
shares as (
  select
    w.batch_id,
    w.line_no,
    w.tax_code,
    w.month,
    w.period_grain,
    w.period_start,
    w.period_end,
    w.paid_on,
    ((2 * w.fee_paid::hugeint * w.weight_through + w.weight_total) // (2 * w.weight_total))
      - ((2 * w.fee_paid::hugeint * w.weight_before + w.weight_total) // (2 * w.weight_total)) as fee_share,
    ((2 * w.dues_paid::hugeint * w.weight_through + w.weight_total) // (2 * w.weight_total))
      - ((2 * w.dues_paid::hugeint * w.weight_before + w.weight_total) // (2 * w.weight_total)) as dues_share,
    last_day(coalesce(
      date_trunc('month', w.period_end) + to_months(pr.months_after_period),
      w.month + to_months(mr.months_after_period)))::date as deadline
  from weights w
  left join period_rules pr on pr.batch_id = w.batch_id and pr.line_no = w.line_no
  left join month_rules mr on mr.month = w.month
),
final as (
  select
    batch_id::bigint as batch_id,
    line_no::bigint as line_no,
    tax_code::varchar as tax_code,
    month::date as month,
    year(month)::integer as year,
    period_grain::varchar as period_grain,
    period_start::date as period_start,
    period_end::date as period_end,
    paid_on::date as paid_on,
    deadline::date as deadline,
    (paid_on <= deadline)::boolean as on_time,
    fee_share::bigint as fee_paid,
    dues_share::bigint as dues_paid,
    (case when paid_on <= deadline then fee_share else 0 end)::bigint as fee_paid_on_time,
    (case when paid_on > deadline then fee_share else 0 end)::bigint as fee_paid_late
  from shares
  where fee_share <> 0 or dues_share <> 0  -- a month of the period that receives nothing is no payment month
  -- ordered by unit: a lookup of a few units reads only their row groups (zone maps)
  order by tax_code, month, batch_id, line_no
)
select * from final
