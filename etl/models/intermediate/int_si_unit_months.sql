-- Social insurance per employer unit and month: the latest row per SI unit code and
-- month (a file may repeat a row), then summed over the SI unit codes linked to the
-- unit (a branch linked to its head office by TAX_ROOT adds to the head office).
-- Rows without a link are left out here; int_unit_links counts them.
create or replace table main.int_si_unit_months as
with linked as (
  select s.*, l.tax_code as unit_tax_code
  from main.stg_si__contributions s
  join main.int_unit_links l on l.dataset = 'si_contributions' and l.batch_id = s.batch_id and l.line_no = s.line_no
  where s.month is not null
  qualify row_number() over (partition by s.si_unit_code, s.month order by s.batch_id desc, s.line_no desc) = 1
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
    sum(si_arrears)::bigint as si_arrears
  from linked
  where unit_tax_code is not null
  group by unit_tax_code, month
)
select * from final
