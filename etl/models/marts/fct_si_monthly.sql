-- Social insurance per employer unit and month, with the union fee due (KPCĐ): the
-- salary fund × the `union_fee_rate` of ref.rates in force on the month's first day
-- (a STATE_BUDGET row wins for a unit-month funded wholly by the state budget, then a
-- NON_STATE row over ALL for non-state and FDI units: docs/DOMAIN.md § Fee exemption),
-- computed in DECIMAL and rounded half away from zero to the dong. SI arrears (`so_no`)
-- at month end, summed over the unit's SI unit codes. Ordered by tax code and month.
create or replace table main.fct_si_monthly as
with months as (
  select m.*, u.ownership
  from main.int_si_unit_months m
  join main.int_employer_units u using (tax_code)
),
rates as (
  select valid_from, valid_to, value, applies_to from ref.rates where rate_id = 'union_fee_rate'
),
rated as (
  select m.*, r.value as union_fee_rate
  from months m
  left join rates r
    on r.valid_from <= m.month and (r.valid_to is null or m.month <= r.valid_to)
   and (r.applies_to = 'ALL'
        or (r.applies_to = 'NON_STATE' and m.ownership in ('NON_STATE', 'FDI'))
        or (r.applies_to = 'STATE_BUDGET' and m.state_budget_funded))
  qualify row_number() over (
    partition by m.tax_code, m.month
    order by (r.applies_to = 'STATE_BUDGET') desc nulls last, (r.applies_to = 'NON_STATE') desc nulls last, r.valid_from desc nulls last) = 1
),
final as (
  select
    tax_code,
    month,
    year,
    quarter,
    si_unit_codes,
    si_rows,
    insured_workers,
    salary_fund,
    union_fee_rate,
    round(salary_fund::decimal(38, 0) * union_fee_rate)::bigint as union_fee_due,
    si_arrears,
    state_budget_funded
  from rated
  -- ordered by unit: a lookup of a few units reads only their row groups (zone maps)
  order by tax_code, month
)
select * from final
