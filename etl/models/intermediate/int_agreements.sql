-- Collective agreements (TULĐTT): one row per agreement (employer tax code × signing
-- date, the latest row when a file repeats one), linked to its unit.
--   effective_on = ngay_hieu_luc, else ngay_ky;
--   expires_on   = ngay_het_han, else effective_on + thoi_han_thang months − 1 day.
-- In force on D: effective_on <= D <= expires_on.
create or replace table main.int_agreements as
with linked as (
  select a.*, l.tax_code as unit_tax_code, l.method as link_method
  from main.stg_labour__collective_agreements a
  join main.int_link_keys l
    on l.dataset = 'labour_collective_agreements' and l.source_key is not distinct from a.tax_code and l.source_tax_code is not distinct from a.tax_code
  qualify row_number() over (partition by a.tax_code, a.signed_on order by a.batch_id desc, a.line_no desc) = 1
),
dated as (
  select *, coalesce(effective_on_reported, signed_on) as effective_on from linked
),
final as (
  select
    coalesce(tax_code || '|' || signed_on::varchar, 'row:' || batch_id::varchar || ':' || line_no::varchar) as agreement_key,
    unit_tax_code as tax_code,
    tax_code as source_tax_code,
    name as employer_name,
    signed_on,
    effective_on,
    coalesce(expires_on_reported, (effective_on + to_months(term_months) - interval 1 day)::date) as expires_on,
    case when expires_on_reported is not null then 'EXPIRY_DATE' when term_months is not null then 'TERM_MONTHS' end as expiry_source,
    term_months,
    workers_covered,
    link_method,
    batch_id,
    line_no
  from dated
)
select * from final
