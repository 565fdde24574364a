-- Administrative units: one row per commune code in force before 1 July 2025 (old
-- Quảng Bình, province 44, and old Quảng Trị, province 45), with its district and
-- province, and the new commune and province through the 2025 crosswalk. The one old
-- commune split between two new communes takes the lowest new code as `new_commune_code`
-- and lists both in `new_commune_codes` (`is_split`). A district without communes (Cồn
-- Cỏ) has no row here: see seed_admin_district_units.
create or replace table main.dim_admin_unit as
with old_units as (select * from ref.admin_units_before_2025 where commune_code is not null),
crosswalk as (
  select
    old_commune_code,
    list(new_commune_code order by new_commune_code) as new_commune_codes,
    min(new_commune_code) as new_commune_code,
    arg_min(new_province_code, new_commune_code) as new_province_code
  from ref.admin_crosswalk_2025
  group by old_commune_code
),
new_units as (select * from ref.admin_units_from_2025),
final as (
  select
    o.commune_code,
    o.commune_name,
    o.commune_type,
    o.district_code,
    o.district_name,
    o.province_code,
    o.province_name,
    c.new_commune_code,
    n.commune_name as new_commune_name,
    c.new_province_code,
    n.province_name as new_province_name,
    coalesce(c.new_commune_codes, []::varchar[]) as new_commune_codes,
    coalesce(len(c.new_commune_codes) > 1, false) as is_split
  from old_units o
  left join crosswalk c on c.old_commune_code = o.commune_code
  left join new_units n on n.commune_code = c.new_commune_code
)
select * from final
