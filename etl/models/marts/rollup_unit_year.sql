-- Unit-years counted and summed by the attributes analytics groups and filters by
-- (queries/semantic/rollups.catalog.ts, ROLLUP_UNIT_YEAR): every coverage and program
-- measure of the catalog is a sum of `units`, `workers` or `members` under conditions on
-- these keys (in scope = active and a size band at or above minWorkers, for minWorkers on
-- a band boundary). Keys keep the mart's column names and NULLs (a unit without a value);
-- grain: the key columns together. Ordered by year, so one year's question reads one
-- year's row groups.
create or replace table main.rollup_unit_year as
with unit_years as (select * from main.mart_unit_year),
final as (
  select
    year::integer as year,
    district_code::varchar as district_code,
    commune_code::varchar as commune_code,
    new_commune_code::varchar as new_commune_code,
    new_province_code::varchar as new_province_code,
    sector_section::varchar as sector_section,
    ownership::varchar as ownership,
    legal_form::varchar as legal_form,
    size_band::varchar as size_band,
    active::boolean as active,
    has_union::boolean as has_union,
    agreement_in_force::boolean as agreement_in_force,
    count(*)::integer as units,
    sum(workers)::bigint as workers,
    sum(members)::bigint as members
  from unit_years
  group by all
  order by year, district_code, commune_code, sector_section
)
select * from final
