-- Districts of the pre-2025 list that had no commune level (the island district of
-- Cồn Cỏ, 471) and the commune-level unit that replaced them on 1 July 2025 (Đặc khu
-- Cồn Cỏ, 19742): the crosswalk, which maps communes, cannot carry them.
create or replace table main.seed_admin_district_units as
with units (district_code, province_code, new_commune_code, new_province_code) as (
  values ('471', '45', '19742', '44')
),
final as (select district_code, province_code, new_commune_code, new_province_code from units)
select * from final
