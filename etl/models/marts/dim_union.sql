-- Grassroots unions (CĐCS, công đoàn cơ sở): one row per union code, from its latest union
-- registry row (int_unions), with the employer unit it is linked to and how, its upper
-- union, sector, founding and dissolution. What the API reads of a union: the unit page's
-- unions (queries/unit-details.ts) and the SQL endpoint's union_year relation. A unit
-- has a union on D when a linked union has founded_on <= D and no dissolved_on <= D.
create or replace table main.dim_union as
with unions as (select * from main.int_unions),
final as (
  select
    union_code,
    union_name,
    tax_code,
    link_method,
    link_confidence,
    upper_union,
    sector,
    employer_name,
    address,
    commune_code,
    founded_on,
    dissolved_on
  from unions
  order by tax_code, union_code
)
select * from final
