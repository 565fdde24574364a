-- Each agency's workers figure for the unit-years two or more agencies report
-- (docs/DOMAIN.md § Workers): the statistics survey, the labour report of the second half
-- else the first, social insurance's last month with a record; beside the figure the
-- precedence picked (workers, workers_source) as int_unit_year_workers decides it. The
-- data-quality page's conflicts between sources read it (queries/quality.ts): a conflict
-- needs two figures, so unit-years with fewer are left out. Grain: tax_code, year.
create or replace table main.mart_unit_year_workers_by_source as
with workers as (
  select tax_code, year, workers, workers_source, stats_workers, labour_h2_workers, labour_h1_workers, si_workers
  from main.int_unit_year_workers
),
final as (
  select *
  from workers
  where (stats_workers is not null)::integer + (coalesce(labour_h2_workers, labour_h1_workers) is not null)::integer
        + (si_workers is not null)::integer >= 2
  order by tax_code, year
)
select * from final
