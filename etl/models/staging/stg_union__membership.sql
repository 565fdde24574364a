-- Annual membership returns: one row per raw row (CĐCS × year).
create or replace table main.stg_union__membership as
with source as (select * from raw.union_membership),
renamed as (
  select
    batch_id,
    line_no,
    util.clean(ma_cdcs) as union_code,
    util.parse_year(nam) as year,
    mdl.count_of(so_lao_dong) as workers,
    mdl.count_of(so_doan_vien) as members,
    mdl.count_of(ket_nap_moi) as new_members,
    mdl.count_of(giam) as left_members,
    mdl.count_of(doan_vien_nu) as female_members
  from source
),
final as (select * from renamed)
select * from final
