-- Annual membership returns: one row per raw row (CĐCS × year).
create or replace table main.stg_union__membership as
with source as (select * from raw.union_membership),
renamed as (
  select
    batch_id,
    line_no,
    util.clean(ma_cdcs) as union_code,
    nam as year,
    try_cast(so_lao_dong as integer) as workers,
    try_cast(so_doan_vien as integer) as members,
    try_cast(ket_nap_moi as integer) as new_members,
    try_cast(giam as integer) as left_members,
    try_cast(doan_vien_nu as integer) as female_members
  from source
),
final as (select * from renamed)
select * from final
