-- Grassroots union (CĐCS) registry, renamed and typed: one row per raw row. The employer
-- tax code is often missing or mistyped: an invalid one is kept as text and flagged. The
-- sector is kept as written (int_unions maps it to a code).
create or replace table main.stg_union__grassroots_unions as
with source as (select * from raw.union_grassroots_unions),
renamed as (
  select
    batch_id,
    line_no,
    util.clean(ma_cdcs) as union_code,
    util.clean(ten_cdcs) as union_name,
    util.clean(ma_so_thue) as tax_code_text,
    util.parse_tax_code(ma_so_thue) as tax_code,
    util.clean(ten_don_vi) as employer_name,
    util.clean(dia_chi) as address,
    mdl.admin_code(ma_xa, 5) as commune_code,
    util.clean(cong_doan_cap_tren) as upper_union,
    util.clean(khu_vuc) as sector_text,
    ngay_thanh_lap as founded_on,
    ngay_giai_the as dissolved_on
  from source
),
final as (
  select
    batch_id,
    line_no,
    union_code,
    union_name,
    tax_code_text,
    tax_code,
    tax_code_text is not null and tax_code is null as tax_code_invalid,
    employer_name,
    util.fold(employer_name) as employer_name_folded,
    address,
    commune_code,
    upper_union,
    sector_text,
    founded_on,
    dissolved_on
  from renamed
)
select * from final
