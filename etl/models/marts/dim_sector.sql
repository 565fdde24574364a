-- VSIC 2018 sections (A–U) with their name and two-digit division ranges.
create or replace table main.dim_sector as
with sections as (select section, name_vi from ref.vsic_sections),
divisions as (
  select
    section,
    string_agg(
      case when division_from = division_to then lpad(division_from::varchar, 2, '0')
           else lpad(division_from::varchar, 2, '0') || '-' || lpad(division_to::varchar, 2, '0') end,
      ', ' order by division_from) as divisions
  from main.seed_vsic_divisions
  group by section
),
final as (
  select s.section, s.name_vi, d.divisions, 'VSIC2018' as classification
  from sections s
  left join divisions d using (section)
)
select * from final
