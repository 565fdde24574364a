-- Labour usage reports: one row per raw row (employer × half-year).
create or replace table main.stg_labour__workforce_reports as
with source as (select * from raw.labour_workforce_reports),
renamed as (
  select
    batch_id,
    line_no,
    ky as half_label,
    util.parse_tax_code(ma_so_thue) as tax_code,
    util.clean(ten_doanh_nghiep) as name,
    try_cast(tong_lao_dong as integer) as total_workers,
    try_cast(lao_dong_nu as integer) as female_workers,
    co_to_chuc_dai_dien_khac as other_worker_organisation
  from source
),
final as (
  select
    batch_id,
    line_no,
    half_label,
    mdl.half_year(half_label) as year,
    mdl.half_no(half_label) as half,
    mdl.half_end(half_label) as period_end,
    tax_code,
    name,
    util.fold(name) as name_folded,
    total_workers,
    female_workers,
    other_worker_organisation
  from renamed
)
select * from final
