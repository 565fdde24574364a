-- How the source rows of each dataset link to employer units (the data-quality page's link
-- rates and unlinked counts, queries/quality.ts): one row per dataset and link method
-- (UNLINKED included), with the source rows linked that way, those linked to no unit and
-- their mean confidence (0 to 1; 0 for UNLINKED). Counted over int_unit_links, one row per
-- source row: every raw row of every dataset is counted once.
create or replace table main.mart_link_rates as
with links as (select dataset, method, tax_code, confidence from main.int_unit_links),
final as (
  select
    dataset,
    method,
    count(*)::bigint as source_rows,
    (count(*) filter (where tax_code is null))::bigint as unlinked_rows,
    avg(confidence)::double as mean_confidence
  from links
  group by dataset, method
  order by dataset, method
)
select * from final
