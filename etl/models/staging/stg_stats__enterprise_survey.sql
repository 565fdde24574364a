-- Annual enterprise survey, renamed and typed: one row per raw row (enterprise × year).
-- Ownership and activity are kept as written; int_employer_units maps them to codes.
create or replace table main.stg_stats__enterprise_survey as
with source as (select * from raw.stats_enterprise_survey),
renamed as (
  select
    batch_id,
    line_no,
    nam as year,
    util.parse_tax_code(ma_so_thue) as tax_code,
    util.clean(ten_doanh_nghiep) as name,
    mdl.admin_code(ma_xa, 5) as commune_code,
    util.clean(dia_chi) as address,
    util.clean(loai_hinh_so_huu) as ownership_text,
    util.clean(nganh_kinh_te) as vsic_text,
    try_cast(lao_dong as integer) as employees,
    try_cast(lao_dong_nu as integer) as female_employees,
    doanh_thu as revenue_million_vnd,
    util.clean(khu_cong_nghiep) as industrial_zone
  from source
),
final as (
  select
    batch_id,
    line_no,
    year,
    tax_code,
    name,
    util.fold(name) as name_folded,
    commune_code,
    address,
    ownership_text,
    vsic_text,
    employees,
    female_employees,
    revenue_million_vnd,
    industrial_zone
  from renamed
)
select * from final
