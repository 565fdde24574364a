-- Employer units: one row per tax registration (10-digit enterprise or 13-digit branch).
--   * every tax code of the tax registry, from its latest snapshot row;
--   * plus every valid tax code reported only by another source (statistics, labour
--     reports, agreements, social insurance, finance, union registry), so nothing is
--     lost; a 13-digit code whose 10-digit root is a unit (registered, or reported
--     elsewhere as a head office) makes no unit of its own: it links to the root.
-- Attributes come from the best source that has them: the tax registry first, then
-- STATS > LABOUR > AGREEMENTS > SI > FINANCE > UNION (latest row within a source);
-- `registry_source` says which source the unit itself comes from.
create or replace table main.int_employer_units as
with tax_latest as (
  select * from main.int_tax_snapshots
  where tax_code is not null
  qualify row_number() over (partition by tax_code order by snapshot_on desc nulls last, batch_id desc, line_no desc) = 1
),
-- the two monthly sources are large: their latest row per tax code is all they contribute
si_latest as (
  select * from main.stg_si__contributions
  where tax_code is not null
  qualify row_number() over (partition by tax_code order by month desc nulls last, batch_id desc, line_no desc) = 1
),
finance_latest as (
  select * from main.stg_union__finance
  where tax_code is not null
  qualify row_number() over (partition by tax_code order by period_end desc nulls last, batch_id desc, line_no desc) = 1
),
source_rows as (
  select tax_code, 1 as source_rank, 'STATS' as registry_source, name, address, commune_code,
         mdl.ownership(ownership_text) as ownership, mdl.vsic_code(vsic_text) as vsic,
         industrial_zone, make_date(year, 12, 31) as observed_on, batch_id, line_no
  from main.stg_stats__enterprise_survey where tax_code is not null
  union all
  select tax_code, 2, 'LABOUR', name, null, null, null, null, null, period_end, batch_id, line_no
  from main.stg_labour__workforce_reports where tax_code is not null
  union all
  select tax_code, 3, 'AGREEMENTS', name, null, null, null, null, null, signed_on, batch_id, line_no
  from main.stg_labour__collective_agreements where tax_code is not null
  union all
  select tax_code, 4, 'SI', unit_name, address, null, null, null, null, month, batch_id, line_no
  from si_latest
  union all
  select tax_code, 5, 'FINANCE', null, null, null, null, null, null, period_end, batch_id, line_no
  from finance_latest
  union all
  select tax_code, 6, 'UNION', employer_name, address, commune_code, mdl.union_sector_ownership(mdl.union_sector(sector_text)), null, null,
         founded_on, batch_id, line_no
  from main.stg_union__grassroots_unions where tax_code is not null
),
registered_codes as (select tax_code from tax_latest),
reported_roots as (
  select distinct tax_code from source_rows where length(tax_code) = 10
),
root_codes as (
  select tax_code from registered_codes union select tax_code from reported_roots
),
source_only_codes as (
  select distinct s.tax_code
  from source_rows s
  where s.tax_code not in (select tax_code from registered_codes)
    and not (length(s.tax_code) = 13 and s.tax_code[1:10] in (select tax_code from root_codes))
),
source_attributes as (
  select
    tax_code,
    first(registry_source order by source_rank) as registry_source,
    first(name order by source_rank, observed_on desc nulls last, batch_id desc, line_no desc) filter (where name is not null) as name,
    first(address order by source_rank, observed_on desc nulls last, batch_id desc, line_no desc) filter (where address is not null) as address,
    first(commune_code order by source_rank, observed_on desc nulls last, batch_id desc, line_no desc) filter (where commune_code is not null) as commune_code,
    first(ownership order by source_rank, observed_on desc nulls last, batch_id desc, line_no desc) filter (where ownership is not null) as ownership,
    first(vsic order by source_rank, observed_on desc nulls last, batch_id desc, line_no desc) filter (where vsic is not null) as vsic,
    first(industrial_zone order by source_rank, observed_on desc nulls last, batch_id desc, line_no desc) filter (where industrial_zone is not null) as industrial_zone
  from source_rows
  group by tax_code
),
registered_units as (
  select
    t.tax_code,
    'TAX' as registry_source,
    t.parent_tax_code,
    t.name,
    coalesce(t.address, a.address) as address,
    coalesce(t.commune_code, a.commune_code) as commune_code,
    t.district_code as district_code_reported,
    t.legal_form_text,
    coalesce(t.legal_form, case when t.is_branch then 'CHI_NHANH' end) as legal_form,
    coalesce(t.vsic, a.vsic) as vsic,
    a.ownership as ownership_reported,
    a.industrial_zone,
    t.status_text,
    coalesce(t.status, case when t.closed_on is not null then 'CLOSED' end) as status,
    t.registered_on,
    t.closed_on,
    t.snapshot_on,
    t.batch_id,
    t.line_no
  from tax_latest t
  left join source_attributes a using (tax_code)
),
reported_units as (
  select
    c.tax_code,
    a.registry_source,
    case when length(c.tax_code) = 13 then c.tax_code[1:10] end as parent_tax_code,
    a.name,
    a.address,
    a.commune_code,
    null::varchar as district_code_reported,
    null::varchar as legal_form_text,
    case when length(c.tax_code) = 13 then 'CHI_NHANH' end as legal_form,
    a.vsic,
    a.ownership as ownership_reported,
    a.industrial_zone,
    null::varchar as status_text,
    null::varchar as status,
    null::date as registered_on,
    null::date as closed_on,
    null::date as snapshot_on,
    null::bigint as batch_id,
    null::bigint as line_no
  from source_only_codes c
  join source_attributes a using (tax_code)
),
units as (
  select * from registered_units
  union all by name
  select * from reported_units
),
final as (
  select
    tax_code,
    tax_code[1:10] as root_tax_code,
    length(tax_code) = 13 as is_branch,
    parent_tax_code,
    registry_source,
    name,
    util.fold(name) as name_folded,
    address,
    commune_code,
    district_code_reported,
    legal_form_text,
    legal_form,
    vsic,
    mdl.vsic_section(vsic) as sector_section,
    -- the statistics survey (or the union registry's sector), else a state enterprise's legal form
    coalesce(ownership_reported, case when legal_form = 'DNNN' then 'STATE' end) as ownership,
    industrial_zone,
    status_text,
    status,
    registered_on,
    closed_on,
    snapshot_on,
    batch_id as tax_batch_id,
    line_no as tax_line_no
  from units
)
select * from final
