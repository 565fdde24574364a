-- The unit × year spine of the marts: every year from the first to the last year with
-- periodic data (tax snapshots, social insurance, statistics, labour reports, membership
-- returns, finance; not founding or signing dates), for every unit known by the end of
-- that year (from the year of its registration or first evidence, whichever is earlier).
-- active: registered (else first seen) on or before 31/12/Y and not closed on or before it.
create or replace table main.int_unit_years as
with span as (
  select min(year(first_period_start)) as first_year, max(year(last_period_start)) as last_year
  from main.int_link_keys
  where dataset in ('tax_enterprises', 'si_contributions', 'stats_enterprise_survey', 'labour_workforce_reports',
                    'union_membership', 'union_finance')
),
years as (
  select unnest(range(first_year, last_year + 1))::integer as year from span where first_year is not null
),
final as (
  select
    a.tax_code,
    y.year,
    make_date(y.year, 12, 31) as year_end,
    coalesce(a.active_from <= make_date(y.year, 12, 31), false)
      and not coalesce(a.closed_effective_on <= make_date(y.year, 12, 31), false) as active
  from main.int_unit_activity a
  join years y on a.evidence_from is null or y.year >= year(a.evidence_from)
)
select * from final
