-- The employer units as the linker sees them: one row per unit (int_employer_units),
-- with its name and address normalised for matching (etl/models/macros/link_macros.sql):
--   name_form     the legal form the name states (TNHH, TNHH_1TV, CO_PHAN, CHI_NHANH, …;
--                 CONG_TY for "công ty" alone, NULL when the name has no form words);
--   name_core     the folded name without its legal-form words (`duc phat`);
--   name_tokens   the distinct tokens of the core;
--   address_norm  the folded address with its abbreviations written out;
--   address_street the address before its commune part (house, street, hamlet, lot);
--   areas         the blocking areas: 'D' || old district code and 'N' || new commune
--                 code (after the 2025 merger), whichever are known.
create or replace table main.int_link_units as
with units as (
  select tax_code, root_tax_code, is_branch, name, address, commune_code, district_code_reported, legal_form, status
  from main.int_employer_units
),
areas as (select * from main.int_link_areas),
normalised as (
  select
    u.*,
    lnk.name_tokens(lnk.name_marked(u.name)) as marked_tokens,
    lnk.address_parts(u.address) as address_parts,
    coalesce(a.district_code, case when a.commune_code is null then u.district_code_reported end) as district_code,
    coalesce(a.new_commune_code, case when u.commune_code is null then z.new_commune_code end) as new_commune_code
  from units u
  left join areas a on a.commune_code = u.commune_code
  left join main.seed_admin_district_units z on z.district_code = u.district_code_reported
),
final as (
  select
    tax_code,
    root_tax_code,
    is_branch,
    name,
    lnk.name_form(marked_tokens) as name_form,
    lnk.name_core(marked_tokens) as name_core,
    coalesce(list_distinct(lnk.core_tokens(marked_tokens)), []::varchar[]) as name_tokens,
    address,
    lnk.address_norm(address_parts) as address_norm,
    lnk.address_street(address_parts) as address_street,
    commune_code,
    district_code,
    new_commune_code,
    list_filter(['D' || district_code, 'N' || new_commune_code], lambda a: a is not null) as areas,
    legal_form,
    status
  from normalised
)
select * from final
