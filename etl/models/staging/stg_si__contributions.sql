-- Social-insurance contributions: one row per raw row (SI unit × month). The tax code
-- is optional: an invalid one is kept as text and flagged, never used as a key.
create or replace table main.stg_si__contributions as
with source as (select * from raw.si_contributions),
renamed as (
  select
    batch_id,
    line_no,
    util.clean(ma_don_vi) as si_unit_code,
    util.clean(ten_don_vi) as unit_name,
    util.clean(ma_so_thue) as tax_code_text,
    util.parse_tax_code(ma_so_thue) as tax_code,
    util.clean(dia_chi) as address,
    ky as month,
    try_cast(so_lao_dong as integer) as insured_workers,
    quy_luong as salary_fund,
    so_no as si_arrears,
    ngan_sach_bao_dam as state_budget_funded
  from source
),
final as (
  select
    batch_id,
    line_no,
    si_unit_code,
    unit_name,
    util.fold(unit_name) as unit_name_folded,
    tax_code_text,
    tax_code,
    tax_code_text is not null and tax_code is null as tax_code_invalid,
    address,
    month,
    year(month)::integer as year,
    insured_workers,
    salary_fund,
    si_arrears,
    state_budget_funded
  from renamed
)
select * from final
