-- Social insurance per SI unit code and month: the latest row (a file may repeat a row),
-- with the employer unit its link key reaches. Rows without a link are left out here;
-- int_unit_links counts them.
-- The dedupe is a GROUP BY with arg_max (cheaper than a window over every row), then the
-- surviving rows take the link of their key (int_link_keys).
-- Its own model, not a CTE of int_si_unit_months: the dedupe and the sum per unit in one
-- statement hold two large hash tables at once, and at BUILD_MEMORY_LIMIT=256MB on the
-- 20,000-unit sample that ran out of memory; committed apart, each fits.
create or replace table main.int_si_latest_months as
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
final as (
  select
    l.si_unit_code,
    l.month,
    year(l.month)::integer as year,
    k.tax_code,
    l.r.insured_workers as insured_workers,
    l.r.salary_fund as salary_fund,
    l.r.si_arrears as si_arrears,
    l.r.state_budget_funded as state_budget_funded
  from latest l
  join keys k on k.source_key is not distinct from l.si_unit_code and k.source_tax_code is not distinct from l.r.tax_code
  where k.tax_code is not null
)
select * from final
