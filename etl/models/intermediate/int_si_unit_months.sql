-- Social insurance per employer unit and month: the latest row per SI unit code and
-- month (a file may repeat a row), then summed over the SI unit codes linked to the
-- unit (a branch linked to its head office by TAX_ROOT adds to the head office).
-- The unit-month is funded wholly by the state budget (state_budget_funded) when every
-- SI row of it says so.
-- Rows without a link are left out here; int_unit_links counts them.
-- The dedupe is a GROUP BY with arg_max (cheaper than a window over every row), then the
-- surviving rows take the link of their key (int_link_keys).
create or replace table main.int_si_unit_months as
with latest as (
  select
    si_unit_code,
    month,
    arg_max({'tax_code': tax_code, 'insured_workers': insured_workers, 'salary_fund': salary_fund, 'si_arrears': si_arrears,
             'state_budget_funded': state_budget_funded},
            (batch_id, line_no)) as r
  from main.stg_si__contributions
  where month is not null
  group by si_unit_code, month
),
keys as (
  select source_key, source_tax_code, tax_code from main.int_link_keys where dataset = 'si_contributions'
),
linked as (
  select l.si_unit_code, l.month, l.r.insured_workers as insured_workers, l.r.salary_fund as salary_fund,
         l.r.si_arrears as si_arrears, l.r.state_budget_funded as state_budget_funded, k.tax_code as unit_tax_code
  from latest l
  join keys k on k.source_key is not distinct from l.si_unit_code and k.source_tax_code is not distinct from l.r.tax_code
),
final as (
  select
    unit_tax_code as tax_code,
    month,
    year(month)::integer as year,
    quarter(month)::integer as quarter,
    -- one row per SI unit code and month after the dedupe above: no distinct needed
    list(si_unit_code order by si_unit_code) as si_unit_codes,
    count(*)::integer as si_rows,
    sum(insured_workers)::integer as insured_workers,
    sum(salary_fund)::bigint as salary_fund,
    sum(si_arrears)::bigint as si_arrears,
    bool_and(coalesce(state_budget_funded, false)) as state_budget_funded
  from linked
  where unit_tax_code is not null
  group by unit_tax_code, month
)
select * from final
