-- The source rows linked to no employer unit (method UNLINKED in int_unit_links), as the
-- data-quality page lists them (queries/quality.ts listUnlinkedRows): which row of which
-- file (batch_id, line_no), its source key, the tax code and name it gives and the first
-- day of the period it describes. Grain: dataset, batch_id, line_no; in file order.
create or replace table main.mart_unlinked_source_rows as
with unlinked as (
  select dataset, batch_id, line_no, source_key, source_tax_code, source_name, period_start
  from main.int_unit_links
  where tax_code is null
),
final as (
  select *
  from unlinked
  order by dataset, batch_id, line_no
)
select * from final
