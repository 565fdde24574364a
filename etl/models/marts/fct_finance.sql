-- Union fee (KPCĐ) and member dues payments: one row per payment row, at its period
-- (MONTH, QUARTER or YEAR: nothing is spread), with the year, and the quarter and month
-- where the period is that fine.
create or replace table main.fct_finance as
with payments as (
  select f.*, l.tax_code as unit_tax_code, l.method as link_method
  from main.stg_union__finance f
  join main.int_link_keys l
    on l.dataset = 'union_finance' and l.source_key is not distinct from f.tax_code and l.source_tax_code is not distinct from f.tax_code
),
final as (
  select
    batch_id,
    line_no,
    unit_tax_code as tax_code,
    tax_code as source_tax_code,
    link_method,
    union_code,
    period_text,
    period_grain,
    period_start,
    period_end,
    period_key,
    year(period_start)::integer as year,
    (case when period_grain in ('MONTH', 'QUARTER') then quarter(period_start) end)::integer as quarter,
    (case when period_grain = 'MONTH' then month(period_start) end)::integer as month,
    coalesce(fee_paid, 0)::bigint as fee_paid,
    coalesce(dues_paid, 0)::bigint as dues_paid,
    paid_on
  from payments
  -- ordered by unit: a lookup of a few units reads only their row groups (zone maps)
  order by tax_code, period_start, batch_id, line_no
)
select * from final
