-- Collective agreements: one row per agreement with its effective and expiry dates.
create or replace table main.fct_agreements as
with agreements as (select * from main.int_agreements),
final as (
  select
    agreement_key,
    tax_code,
    source_tax_code,
    employer_name,
    signed_on,
    effective_on,
    expires_on,
    expiry_source,
    term_months,
    workers_covered,
    link_method,
    batch_id,
    line_no
  from agreements
)
select * from final
