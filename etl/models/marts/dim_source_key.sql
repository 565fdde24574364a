-- Source keys (what analysts' link decisions name: the union code for union registry and
-- membership rows, the SI unit code for social insurance, the normalised tax code
-- elsewhere): one row per link key with a source key (dataset, source_key,
-- source_tax_code; a key's source_tax_code may be NULL), the unit it links to, how and how
-- sure, and how many source rows carry it (int_link_keys, where the links are decided).
-- The API checks a decision's source key here (queries/linking.ts checkDecision).
create or replace table main.dim_source_key as
with link_keys as (select * from main.int_link_keys where source_key is not null),
final as (
  select
    dataset,
    source_key,
    source_tax_code,
    tax_code,
    method,
    confidence,
    decision,
    linked_through,
    source_rows,
    first_period_start,
    last_period_start
  from link_keys
  order by dataset, source_key
)
select * from final
