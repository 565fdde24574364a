-- What each agency says about each employer unit, per year: the source rows the unit page
-- lists (queries/unit-details.ts sourcesOfUnits), picked and linked by the build so that
-- the API reads a few rows per unit instead of joining every link to its staging row.
--   tax_enterprises           the unit's latest tax registry snapshot, whatever the
--                             year: year NULL (the row of every year);
--   stats_enterprise_survey   every survey row of year Y linked to the unit;
--   labour_workforce_reports  every half-year report of Y (H1, H2);
--   si_contributions          the row of the last month of Y that has one (the month
--                             docs/DOMAIN.md § Workers reads); where two rows of that
--                             month link to the unit (its own and a root-linked
--                             branch's), the exact-code row, then the latest.
-- Each with the reported name and workers, the period as the API shows it (yyyy-mm-dd,
-- yyyy, yyyy-H1|H2, yyyy-mm), the link method and confidence and the row's batch and line.
-- Ordered by tax code: a lookup of a few units reads only their row groups (zone maps).
create or replace table main.mart_unit_year_sources as
with keys as (
  select dataset, source_key, source_tax_code, tax_code, method, confidence
  from main.int_link_keys
  where tax_code is not null
),
tax as (
  select
    k.tax_code, null::integer as year, 'tax_enterprises' as dataset, 1 as source_order,
    s.snapshot_on::varchar as period, s.name as reported_name, null::integer as workers,
    k.method, k.confidence, s.batch_id, s.line_no
  from main.int_tax_snapshots s
  join keys k
    on k.dataset = 'tax_enterprises' and k.source_key is not distinct from s.tax_code and k.source_tax_code is not distinct from s.tax_code
  qualify row_number() over (partition by k.tax_code order by s.snapshot_on desc, s.batch_id desc, s.line_no desc) = 1
),
stats as (
  select
    k.tax_code, s.year, 'stats_enterprise_survey' as dataset, 2 as source_order,
    s.year::varchar as period, s.name as reported_name, s.employees::integer as workers,
    k.method, k.confidence, s.batch_id, s.line_no
  from main.stg_stats__enterprise_survey s
  join keys k
    on k.dataset = 'stats_enterprise_survey' and k.source_key is not distinct from s.tax_code and k.source_tax_code is not distinct from s.tax_code
  where s.year is not null
),
labour as (
  select
    k.tax_code, w.year, 'labour_workforce_reports' as dataset, 3 as source_order,
    concat(w.year, '-H', w.half) as period, w.name as reported_name, w.total_workers::integer as workers,
    k.method, k.confidence, w.batch_id, w.line_no
  from main.stg_labour__workforce_reports w
  join keys k
    on k.dataset = 'labour_workforce_reports' and k.source_key is not distinct from w.tax_code and k.source_tax_code is not distinct from w.tax_code
  where w.year is not null
),
si as (
  -- the last row of each unit and year: a GROUP BY with arg_max, not a window over every row
  select
    tax_code, year, 'si_contributions' as dataset, 4 as source_order,
    strftime(r.month, '%Y-%m') as period, r.reported_name, r.workers, r.method, r.confidence, r.batch_id, r.line_no
  from (
    select
      k.tax_code,
      year(s.month)::integer as year,
      arg_max({'month': s.month, 'reported_name': s.unit_name, 'workers': s.insured_workers::integer, 'method': k.method,
               'confidence': k.confidence, 'batch_id': s.batch_id, 'line_no': s.line_no},
              (s.month, k.method = 'EXACT_TAX_CODE', s.batch_id, s.line_no)) as r
    from main.stg_si__contributions s
    join keys k
      on k.dataset = 'si_contributions' and k.source_key is not distinct from s.si_unit_code and k.source_tax_code is not distinct from s.tax_code
    where s.month is not null
    group by k.tax_code, year(s.month)
  )
),
all_sources as (
  select * from tax
  union all select * from stats
  union all select * from labour
  union all select * from si
),
final as (
  select
    tax_code::varchar as tax_code,
    year::integer as year,
    dataset::varchar as dataset,
    source_order::integer as source_order,
    period::varchar as period,
    reported_name::varchar as reported_name,
    workers::integer as workers,
    method::varchar as method,
    confidence::double as confidence,
    batch_id::bigint as batch_id,
    line_no::bigint as line_no
  from all_sources
  order by tax_code, year nulls first, source_order, period, line_no
)
select * from final
