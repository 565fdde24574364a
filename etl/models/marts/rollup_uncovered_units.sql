-- The uncovered units of each year (docs/DOMAIN.md § Uncovered units, at the program's
-- threshold: active, workers >= 20, no union at 31 December), ordered by year, workers
-- descending, tax code: the order uncoveredUnits pages in, so a year's first page is a
-- range read. Grain: year, tax_code (queries/semantic/rollups.catalog.ts).
create or replace table main.rollup_uncovered_units as
with unit_years as (select * from main.mart_unit_year),
final as (
  select
    year::integer as year,
    tax_code::varchar as tax_code,
    workers::integer as workers,
    name::varchar as name,
    district_code::varchar as district_code,
    commune_code::varchar as commune_code,
    new_commune_code::varchar as new_commune_code,
    sector_section::varchar as sector_section,
    ownership::varchar as ownership,
    size_band::varchar as size_band
  from unit_years
  where in_scope_20 and not has_union
  order by year, workers desc, tax_code
)
select * from final
