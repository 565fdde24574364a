-- Links from every source row to its employer unit. One row per source row
-- (dataset, batch_id, line_no); unlinked rows are kept (tax_code NULL), never dropped.
-- The link of a row is the link of its key (dataset, source_key, source_tax_code), decided
-- once per key in int_link_keys (methods, confidences and analysts' decisions there): this
-- model only attaches the keys to the rows, by an equi-join per dataset. The models
-- downstream join int_link_keys themselves; this table is what the API's link rates,
-- unlinked-row lists and tests read.
-- Source keys (what decisions name): the union code for union registry and membership
-- rows, the SI unit code for social insurance, the normalised tax code elsewhere.
-- Membership returns link through their union (the union's final link and confidence).
create or replace table main.int_unit_links as
with source_rows as (
  select 'tax_enterprises' as dataset, batch_id, line_no, tax_code as source_key, tax_code as source_tax_code,
         name as source_name, snapshot_on as period_start
  from main.int_tax_snapshots
  union all
  select 'si_contributions', batch_id, line_no, si_unit_code, tax_code, unit_name, month
  from main.stg_si__contributions
  union all
  select 'stats_enterprise_survey', batch_id, line_no, tax_code, tax_code, name, make_date(year, 1, 1)
  from main.stg_stats__enterprise_survey
  union all
  select 'labour_workforce_reports', batch_id, line_no, tax_code, tax_code, name, make_date(year, (half - 1) * 6 + 1, 1)
  from main.stg_labour__workforce_reports
  union all
  select 'labour_collective_agreements', batch_id, line_no, tax_code, tax_code, name, signed_on
  from main.stg_labour__collective_agreements
  union all
  select 'union_grassroots_unions', batch_id, line_no, union_code, tax_code, coalesce(employer_name, union_name), founded_on
  from main.stg_union__grassroots_unions
  union all
  select 'union_finance', batch_id, line_no, tax_code, tax_code, null, period_start
  from main.stg_union__finance
  union all
  select 'union_membership', batch_id, line_no, union_code, null, null, make_date(year, 1, 1)
  from main.stg_union__membership
),
keys as (
  select dataset, source_key, source_tax_code, tax_code, method, confidence, decision, linked_through
  from main.int_link_keys
),
final as (
  select
    r.dataset,
    r.batch_id,
    r.line_no,
    r.source_key,
    r.source_tax_code,
    r.source_name,
    r.period_start,
    k.tax_code,
    k.method,
    k.confidence,
    k.decision,
    k.linked_through
  from source_rows r
  join keys k
    on k.dataset = r.dataset
   and k.source_key is not distinct from r.source_key
   and k.source_tax_code is not distinct from r.source_tax_code
)
select * from final
