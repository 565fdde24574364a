-- Social insurance per employer unit and month: the latest row per SI unit code and month
-- (int_si_latest_months), summed over the SI unit codes linked to the unit (a branch
-- linked to its head office by TAX_ROOT adds to the head office).
-- The unit-month is funded wholly by the state budget (state_budget_funded) when every
-- SI row of it says so.
create or replace table main.int_si_unit_months as
with final as (
  select
    tax_code,
    month,
    year,
    quarter(month)::integer as quarter,
    -- one row per SI unit code and month in int_si_latest_months: no distinct needed
    list(si_unit_code order by si_unit_code) as si_unit_codes,
    count(*)::integer as si_rows,
    sum(insured_workers)::integer as insured_workers,
    sum(salary_fund)::bigint as salary_fund,
    sum(si_arrears)::bigint as si_arrears,
    bool_and(coalesce(state_budget_funded, false)) as state_budget_funded
  from main.int_si_latest_months
  group by tax_code, month, year
)
select * from final
