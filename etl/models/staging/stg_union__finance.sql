-- Union fee (KPCĐ) and member dues receipts: one row per raw row (payer × period), the
-- period parsed into its grain (MONTH, QUARTER, YEAR), first and last day.
create or replace table main.stg_union__finance as
with source as (select * from raw.union_finance),
renamed as materialized (  -- parse the period once, then read its fields
  select
    batch_id,
    line_no,
    util.parse_tax_code(ma_so_thue) as tax_code,
    util.clean(ma_cdcs) as union_code,
    util.clean(ky) as period_text,
    util.parse_finance_period(ky) as period,
    kpcd_da_nop as fee_paid,
    doan_phi_da_nop as dues_paid,
    ngay_nop as paid_on
  from source
),
final as (
  select
    batch_id,
    line_no,
    tax_code,
    union_code,
    period_text,
    period.grain as period_grain,
    period.period_start as period_start,
    period.period_end as period_end,
    period.period_key as period_key,
    fee_paid,
    dues_paid,
    paid_on
  from renamed
)
select * from final
