-- Union-fee (KPCĐ) collection per employer unit and month, what financeCollection and
-- financeGaps read (they never scan payments or SI rows): the fee due of the month
-- (fct_si_monthly), the union fee and member dues paid placed on the month, and the
-- estimated member dues expected. One row per unit and month that has a social-insurance
-- record or (a share of) a payment.
--
-- Payments are placed on months by fct_fee_payment_months (a QUARTER or YEAR payment
-- spread over its months in proportion to their fee due: docs/DOMAIN.md § Union fee paid),
-- each month's share with its deadline: `fee_paid_on_time` is what was received by the
-- deadline, `fee_paid_late` what was received after it (docs/DOMAIN.md § On-time payment).
-- `si_arrears` is social insurance's `so_no` at the month's end (docs/DOMAIN.md § SI arrears).
--
-- Expected member dues (đoàn phí, an estimate, docs/DOMAIN.md § Expected member dues): members × min(member_dues_rate
-- × the month's mean insured salary (salary fund ÷ insured workers), member_dues_cap_share
-- × base_salary), the rates of ref.rates in force on the month's first day (a NON_STATE
-- row wins over ALL for non-state and FDI units), members from the unit's returns of the
-- month's year; rounded half away from zero to the dong; 0 without SI workers or members.
create or replace table main.mart_unit_month_finance as
with si as (
  select tax_code, month, insured_workers, salary_fund, union_fee_due, si_arrears, state_budget_funded
  from main.fct_si_monthly
),
shares as (
  select tax_code, month, period_grain, paid_on, fee_paid as fee_share, dues_paid as dues_share, fee_paid_on_time, fee_paid_late
  from main.fct_fee_payment_months
),
paid as (
  select
    tax_code,
    month,
    count(*)::integer as payments,
    sum(fee_share)::bigint as fee_paid,
    sum(dues_share)::bigint as member_dues_paid,
    sum(fee_paid_on_time)::bigint as fee_paid_on_time,
    sum(fee_paid_late)::bigint as fee_paid_late,
    list_sort(list(distinct period_grain)) as payment_grains,
    max(paid_on) as last_paid_on
  from shares  -- only months that receive something (fct_fee_payment_months)
  group by tax_code, month
),
months as (
  select
    coalesce(s.tax_code, p.tax_code) as tax_code,
    coalesce(s.month, p.month) as month,
    s.insured_workers,
    s.salary_fund,
    s.union_fee_due,
    s.si_arrears,
    s.state_budget_funded,
    p.payments,
    p.fee_paid,
    p.member_dues_paid,
    p.fee_paid_on_time,
    p.fee_paid_late,
    p.payment_grains,
    p.last_paid_on
  from si s
  full outer join paid p on p.tax_code = s.tax_code and p.month = s.month
),
units as (
  select tax_code, year, ownership, members from main.mart_unit_year
),
rates as (
  select rate_id, valid_from, valid_to, value, applies_to
  from ref.rates
  where rate_id in ('member_dues_rate', 'member_dues_cap_share', 'base_salary')
),
month_rates as (  -- the rates in force on each month's first day
  select
    d.month,
    (select arg_max(r.value, r.valid_from) from rates r
      where r.rate_id = 'member_dues_rate' and r.applies_to = 'ALL' and r.valid_from <= d.month and (r.valid_to is null or d.month <= r.valid_to)) as dues_rate_all,
    (select arg_max(r.value, r.valid_from) from rates r
      where r.rate_id = 'member_dues_rate' and r.applies_to = 'NON_STATE' and r.valid_from <= d.month and (r.valid_to is null or d.month <= r.valid_to)) as dues_rate_non_state,
    (select arg_max(r.value, r.valid_from) from rates r
      where r.rate_id = 'member_dues_cap_share' and r.applies_to = 'ALL' and r.valid_from <= d.month and (r.valid_to is null or d.month <= r.valid_to)) as dues_cap_share,
    (select arg_max(r.value, r.valid_from) from rates r
      where r.rate_id = 'base_salary' and r.applies_to = 'ALL' and r.valid_from <= d.month and (r.valid_to is null or d.month <= r.valid_to)) as base_salary
  from (select distinct month from months) d
),
rated as (
  select
    m.*,
    year(m.month)::integer as year,
    u.members,
    coalesce(case when u.ownership in ('NON_STATE', 'FDI') then r.dues_rate_non_state end, r.dues_rate_all) as member_dues_rate,
    r.dues_cap_share,
    r.base_salary
  from months m
  left join units u on u.tax_code = m.tax_code and u.year = year(m.month)
  left join month_rates r on r.month = m.month
),
final as (
  select
    tax_code::varchar as tax_code,
    month::date as month,
    year::integer as year,
    quarter(month)::integer as quarter,
    coalesce(insured_workers, 0)::integer as insured_workers,
    coalesce(salary_fund, 0)::bigint as salary_fund,
    coalesce(union_fee_due, 0)::bigint as fee_due,
    coalesce(fee_paid, 0)::bigint as fee_paid,
    greatest(0, coalesce(union_fee_due, 0) - coalesce(fee_paid, 0))::bigint as arrears,
    coalesce(member_dues_paid, 0)::bigint as member_dues_paid,
    coalesce(members, 0)::integer as members,
    coalesce(
      case when insured_workers > 0 and members > 0 then
        round(members * least(
          member_dues_rate * (salary_fund::decimal(38, 6) / insured_workers),
          dues_cap_share * base_salary))
      end, 0)::bigint as expected_member_dues,
    union_fee_due is not null as has_si,
    coalesce(payments, 0)::integer as payments,
    coalesce(payment_grains, []::varchar[])::varchar[] as payment_grains,
    last_paid_on::date as last_paid_on,
    coalesce(fee_paid_on_time, 0)::bigint as fee_paid_on_time,
    coalesce(fee_paid_late, 0)::bigint as fee_paid_late,
    coalesce(si_arrears, 0)::bigint as si_arrears,
    coalesce(state_budget_funded, false)::boolean as state_budget_funded
  from rated
)
select * from final
