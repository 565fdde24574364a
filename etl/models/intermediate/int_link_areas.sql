-- Administrative areas for linking: every commune code either list knows, with its old
-- district and its commune after the 1 July 2025 merger (the crosswalk; the one split
-- commune takes its lowest new code). A code in the pre-2025 list is read as an old
-- code, as in dim_employer_unit; a code only in the 2025 list is its own new commune.
-- The linker compares and blocks on these, so a union registry row written with a new
-- commune code still meets the units registered under the old one.
create or replace table main.int_link_areas as
with old_communes as (
  select commune_code, any_value(district_code) as district_code
  from ref.admin_units_before_2025
  where commune_code is not null
  group by commune_code
),
crosswalk as (
  select old_commune_code as commune_code, min(new_commune_code) as new_commune_code
  from ref.admin_crosswalk_2025
  group by old_commune_code
),
new_only as (
  select distinct commune_code
  from ref.admin_units_from_2025
  where commune_code not in (select commune_code from old_communes)
),
final as (
  select o.commune_code, o.district_code, c.new_commune_code
  from old_communes o
  left join crosswalk c using (commune_code)
  union all
  select n.commune_code, z.district_code, n.commune_code as new_commune_code
  from new_only n
  left join main.seed_admin_district_units z on z.new_commune_code = n.commune_code
)
select * from final
