-- Payments per employer unit and period, kept at their own period (a quarterly or yearly
-- payment is not spread over months), each with its year and, where the period allows,
-- its quarter and month.
create or replace table main.fct_finance_monthly as
with payments as (select * from main.fct_finance where tax_code is not null),
final as (
  select
    tax_code,
    period_key,
    any_value(period_grain) as period_grain,
    any_value(period_start) as period_start,
    any_value(period_end) as period_end,
    any_value(year) as year,
    any_value(quarter) as quarter,
    any_value(month) as month,
    count(*)::integer as payments,
    sum(fee_paid)::bigint as fee_paid,
    sum(dues_paid)::bigint as dues_paid
  from payments
  group by tax_code, period_key
)
select * from final
