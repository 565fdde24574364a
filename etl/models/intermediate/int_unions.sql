-- Grassroots unions (CĐCS): one row per union code, from its latest registry row, with
-- the employer unit it is linked to (int_unit_links), founding and dissolution.
-- A unit has a union on D when a linked union has founded_on <= D and no dissolved_on <= D.
create or replace table main.int_unions as
with registry as (
  select g.*, l.tax_code as unit_tax_code, l.method as link_method, l.confidence as link_confidence, l.decision as link_decision
  from main.stg_union__grassroots_unions g
  join main.int_link_keys l
    on l.dataset = 'union_grassroots_unions' and l.source_key is not distinct from g.union_code and l.source_tax_code is not distinct from g.tax_code
  where g.union_code is not null
  qualify row_number() over (partition by g.union_code order by g.batch_id desc, g.line_no desc) = 1
),
final as (
  select
    union_code,
    union_name,
    unit_tax_code as tax_code,
    link_method,
    link_confidence,
    link_decision,
    tax_code as source_tax_code,
    tax_code_text,
    tax_code_invalid,
    employer_name,
    employer_name_folded,
    address,
    commune_code,
    upper_union,
    mdl.union_sector(sector_text) as sector,
    sector_text,
    founded_on,
    dissolved_on,
    year(founded_on)::integer as founded_year,
    year(dissolved_on)::integer as dissolved_year,
    batch_id,
    line_no
  from registry
)
select * from final
