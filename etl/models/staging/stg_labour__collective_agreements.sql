-- Registered collective agreements (TULĐTT): one row per raw row, dates as reported
-- (effective date and expiry are derived in int_agreements).
create or replace table main.stg_labour__collective_agreements as
with source as (select * from raw.labour_collective_agreements),
renamed as (
  select
    batch_id,
    line_no,
    util.parse_tax_code(ma_so_thue) as tax_code,
    util.clean(ten_doanh_nghiep) as name,
    ngay_ky as signed_on,
    ngay_hieu_luc as effective_on_reported,
    ngay_het_han as expires_on_reported,
    try_cast(thoi_han_thang as integer) as term_months,
    try_cast(so_nld_ap_dung as integer) as workers_covered
  from source
),
final as (
  select
    batch_id,
    line_no,
    tax_code,
    name,
    util.fold(name) as name_folded,
    signed_on,
    effective_on_reported,
    expires_on_reported,
    term_months,
    workers_covered
  from renamed
)
select * from final
