-- workers(u, Y) by the precedence of docs/DOMAIN.md § Workers, for every unit-year of the spine: the first
-- present of the statistics survey's `lao_dong` for Y; the labour report of Y's second
-- half, else first half (`tong_lao_dong`); social insurance `so_lao_dong` of the last
-- month of Y with a record. `workers_source` names the source used (NONE: no source,
-- workers NULL). Where two rows of one source link to the unit for the same period
-- (e.g. its own and a root-linked branch's), the exact-code row wins, then the latest.
-- Every source's value is kept beside the result for conflict checks.
create or replace table main.int_unit_year_workers as
with spine as (select tax_code, year from main.int_unit_years),
stats as (
  select l.tax_code, s.year, s.employees
  from main.stg_stats__enterprise_survey s
  join main.int_link_keys l
    on l.dataset = 'stats_enterprise_survey' and l.source_key is not distinct from s.tax_code and l.source_tax_code is not distinct from s.tax_code
  where l.tax_code is not null and s.year is not null and s.employees is not null
  qualify row_number() over (partition by l.tax_code, s.year order by (l.method = 'EXACT_TAX_CODE') desc, s.batch_id desc, s.line_no desc) = 1
),
labour as (
  select l.tax_code, w.year, w.half, w.total_workers
  from main.stg_labour__workforce_reports w
  join main.int_link_keys l
    on l.dataset = 'labour_workforce_reports' and l.source_key is not distinct from w.tax_code and l.source_tax_code is not distinct from w.tax_code
  where l.tax_code is not null and w.year is not null and w.total_workers is not null
  qualify row_number() over (partition by l.tax_code, w.year, w.half order by (l.method = 'EXACT_TAX_CODE') desc, w.batch_id desc, w.line_no desc) = 1
),
labour_years as (
  select
    tax_code,
    year,
    any_value(total_workers) filter (where half = 2) as h2_workers,
    any_value(total_workers) filter (where half = 1) as h1_workers
  from labour
  group by tax_code, year
),
si_years as (
  select tax_code, year, arg_max(insured_workers, month) as si_workers, max(month) as si_last_month
  from main.int_si_unit_months
  where insured_workers is not null
  group by tax_code, year
),
final as (
  select
    sp.tax_code,
    sp.year,
    (case
      when st.employees is not null then st.employees
      when lb.h2_workers is not null then lb.h2_workers
      when lb.h1_workers is not null then lb.h1_workers
      else si.si_workers
    end)::integer as workers,
    case
      when st.employees is not null then 'STATS'
      when lb.h2_workers is not null then 'LABOUR_H2'
      when lb.h1_workers is not null then 'LABOUR_H1'
      when si.si_workers is not null then 'SI'
      else 'NONE'
    end as workers_source,
    st.employees::integer as stats_workers,
    lb.h2_workers::integer as labour_h2_workers,
    lb.h1_workers::integer as labour_h1_workers,
    si.si_workers::integer as si_workers,
    si.si_last_month
  from spine sp
  left join stats st on st.tax_code = sp.tax_code and st.year = sp.year
  left join labour_years lb on lb.tax_code = sp.tax_code and lb.year = sp.year
  left join si_years si on si.tax_code = sp.tax_code and si.year = sp.year
)
select * from final
