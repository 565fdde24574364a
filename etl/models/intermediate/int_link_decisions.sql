-- Analyst decisions on links (link.decisions), the latest per (dataset, source key, tax
-- code): ACCEPT or REJECT, who and when. Source keys are what int_unit_links names: the
-- union code (union registry, membership), the SI unit code (social insurance), the
-- normalised tax code elsewhere. They win over the algorithm on every build: an ACCEPT
-- links the source to that unit (method ANALYST_ACCEPTED, confidence 1); a REJECT takes
-- the pair out of the candidates (the linker may then pick the next one) and removes an
-- exact link to that unit.
create or replace table main.int_link_decisions as
with decisions as (
  select
    dataset,
    trim(source_key) as source_key,
    util.tax_digits(tax_code) as tax_code,
    upper(trim(decision)) as decision,
    decided_by,
    decided_at,
    note
  from link.decisions
),
final as (
  select dataset, source_key, tax_code, decision, decided_by, decided_at, note
  from decisions
  where decision in ('ACCEPT', 'REJECT')
  qualify row_number() over (partition by dataset, source_key, tax_code order by decided_at desc) = 1
)
select * from final
