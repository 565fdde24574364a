-- Employer units: one row per tax registration, with administrative units (the commune
-- as reported, its old district and province, the new commune and province through the
-- crosswalk), sector, ownership, legal form, industrial zone, activity dates, the
-- datasets that report it, and the size band of the latest year with known workers.
-- A commune code in the pre-2025 list is read as an old code (the 77 codes that are in
-- both lists map to themselves); a code only in the 2025 list is a new commune (no
-- district, except Cồn Cỏ: seed_admin_district_units); otherwise the reported district
-- code is kept, and gives the new province when all its communes went to one.
create or replace table main.dim_employer_unit as
with units as (select * from main.int_employer_units),
activity as (select * from main.int_unit_activity),
latest_workers as (
  select tax_code, year as workers_year, workers, workers_source
  from main.int_unit_year_workers
  where workers is not null
  qualify row_number() over (partition by tax_code order by year desc) = 1
),
districts as (
  -- an old district whose communes all went to one new province
  select district_code, any_value(district_name) as district_name, any_value(province_code) as province_code,
         min(new_province_code) as new_province_code
  from main.dim_admin_unit
  group by district_code
  having count(distinct new_province_code) = 1
),
admin as (
  select
    u.tax_code,
    coalesce(o.district_code, z.district_code, case when o.commune_code is null then u.district_code_reported end) as district_code,
    coalesce(o.province_code, z.province_code, n.province_code) as province_code,
    coalesce(o.commune_name, n.commune_name) as commune_name,
    coalesce(o.new_commune_code, n.commune_code, z.new_commune_code) as new_commune_code,
    coalesce(o.new_province_code, n.province_code, z.new_province_code) as new_province_code
  from units u
  left join main.dim_admin_unit o on o.commune_code = u.commune_code
  left join ref.admin_units_from_2025 n on o.commune_code is null and n.commune_code = u.commune_code
  left join main.seed_admin_district_units z
    on o.commune_code is null
   and (z.new_commune_code = u.commune_code or (u.commune_code is null and z.district_code = u.district_code_reported))
),
admin_named as (
  select
    a.tax_code,
    a.district_code,
    d.district_name,
    coalesce(a.province_code, d.province_code) as province_code,
    a.commune_name,
    a.new_commune_code,
    nn.commune_name as new_commune_name,
    coalesce(a.new_province_code, d.new_province_code) as new_province_code
  from admin a
  left join districts d on d.district_code = a.district_code
  left join ref.admin_units_from_2025 nn on nn.commune_code = a.new_commune_code
),
final as (
  select
    u.tax_code,
    u.root_tax_code,
    u.is_branch,
    u.parent_tax_code,
    u.registry_source,
    u.name,
    u.name_folded,
    u.address,
    u.legal_form,
    u.legal_form_text,
    u.ownership,
    u.vsic,
    u.sector_section,
    s.name_vi as sector_name,
    u.commune_code,
    ad.commune_name,
    ad.district_code,
    ad.district_name,
    ad.province_code,
    ad.new_commune_code,
    ad.new_commune_name,
    ad.new_province_code,
    u.industrial_zone,
    u.status,
    u.status_text,
    u.registered_on,
    u.closed_on,
    u.snapshot_on,
    a.first_seen_on,
    a.last_seen_on,
    a.active_from,
    a.closed_effective_on,
    a.source_datasets,
    w.workers_year as latest_workers_year,
    w.workers as latest_workers,
    w.workers_source as latest_workers_source,
    mdl.size_band(w.workers) as size_band
  from units u
  left join activity a using (tax_code)
  left join admin_named ad using (tax_code)
  left join latest_workers w using (tax_code)
  left join main.dim_sector s on s.section = u.sector_section
)
select * from final
