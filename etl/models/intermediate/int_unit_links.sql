-- Links from every source row to its employer unit. One row per source row
-- (dataset, batch_id, line_no); unlinked rows are kept (tax_code NULL), never dropped.
-- This issue links by exact tax code only (DOMAIN.md "Linking" 1):
--   EXACT_TAX_CODE  the row's valid tax code is a unit (a 13-digit code when both sides
--                   are branches, the 10-digit code for head offices);
--   TAX_ROOT        the row's 13-digit branch code is no unit, its 10-digit root is;
--   SI_UNIT_CODE    a social-insurance row without a usable tax code, whose SI unit code
--                   (the agency's own key) the agency's other rows tie to exactly one unit;
--   UNLINKED        no valid tax code, or no unit (e.g. a union registry row whose tax
--                   code is missing or mistyped: the fuzzy linker's job).
-- Analyst decisions (link.decisions) win over the algorithm: the latest decision per
-- (dataset, source_key, tax_code) counts; an ACCEPT to an existing unit replaces the
-- algorithm's link (method ANALYST_ACCEPTED), a REJECT of the algorithm's unit removes it.
-- Source keys (what decisions name): the union code for union registry and membership
-- rows, the SI unit code for social insurance, the normalised tax code elsewhere.
-- Membership returns link through their union (the union's final link).
create or replace table main.int_unit_links as
with source_rows as (
  select 'tax_enterprises' as dataset, batch_id, line_no, tax_code as source_key, tax_code as source_tax_code,
         name as source_name, snapshot_on as period_start
  from main.stg_tax__enterprises
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
),
units as (select tax_code from main.int_employer_units),
sources as (
  -- the 10-digit root of a 13-digit code, as a column so that the join below is an equi-join
  select *, case when length(source_tax_code) = 13 then source_tax_code[1:10] end as source_root_code from source_rows
),
algorithm as (
  select
    s.* exclude (source_root_code),
    coalesce(exact.tax_code, root.tax_code) as algorithm_tax_code,
    case
      when exact.tax_code is not null then 'EXACT_TAX_CODE'
      when root.tax_code is not null then 'TAX_ROOT'
      else 'UNLINKED'
    end as algorithm_method
  from sources s
  left join units exact on exact.tax_code = s.source_tax_code
  left join units root on root.tax_code = s.source_root_code
),
si_unit_codes as (
  select source_key as si_unit_code, any_value(algorithm_tax_code) as tax_code
  from algorithm
  where dataset = 'si_contributions' and algorithm_tax_code is not null
  group by source_key
  having count(distinct algorithm_tax_code) = 1
),
algorithm_with_si_codes as (
  select a.* replace (
    coalesce(a.algorithm_tax_code, si.tax_code) as algorithm_tax_code,
    case when a.algorithm_tax_code is null and si.tax_code is not null then 'SI_UNIT_CODE' else a.algorithm_method end as algorithm_method
  )
  from algorithm a
  left join si_unit_codes si on a.dataset = 'si_contributions' and si.si_unit_code = a.source_key
),
decisions as (
  select dataset, trim(source_key) as source_key, util.tax_digits(tax_code) as tax_code,
         upper(trim(decision)) as decision, decided_at
  from link.decisions
  qualify row_number() over (partition by dataset, trim(source_key), util.tax_digits(tax_code) order by decided_at desc) = 1
),
accepted as (
  select d.dataset, d.source_key, arg_max(d.tax_code, d.decided_at) as tax_code
  from decisions d
  join units u on u.tax_code = d.tax_code
  where d.decision = 'ACCEPT'
  group by d.dataset, d.source_key
),
rejected as (
  select dataset, source_key, tax_code from decisions where decision = 'REJECT'
),
decided as (
  select
    a.*,
    acc.tax_code as accepted_tax_code,
    rej.tax_code is not null as rejected
  from algorithm_with_si_codes a
  left join accepted acc on acc.dataset = a.dataset and acc.source_key = a.source_key
  left join rejected rej on rej.dataset = a.dataset and rej.source_key = a.source_key and rej.tax_code = a.algorithm_tax_code
),
linked as (
  select
    dataset, batch_id, line_no, source_key, source_tax_code, source_name, period_start,
    case when accepted_tax_code is not null then accepted_tax_code when rejected then null else algorithm_tax_code end as tax_code,
    case when accepted_tax_code is not null then 'ANALYST_ACCEPTED' when rejected then 'UNLINKED' else algorithm_method end as method,
    case when accepted_tax_code is not null then 'ACCEPT' when rejected then 'REJECT' end as decision,
    null::varchar as linked_through
  from decided
),
union_links as (
  select source_key as union_code, tax_code, method, decision
  from linked
  where dataset = 'union_grassroots_unions' and source_key is not null
  qualify row_number() over (partition by source_key order by batch_id desc, line_no desc) = 1
),
membership_links as (
  select
    'union_membership' as dataset, m.batch_id, m.line_no, m.union_code as source_key,
    null::varchar as source_tax_code, null::varchar as source_name, make_date(m.year, 1, 1) as period_start,
    u.tax_code, coalesce(u.method, 'UNLINKED') as method, u.decision, 'UNION' as linked_through
  from main.stg_union__membership m
  left join union_links u on u.union_code = m.union_code
),
all_links as (
  select * from linked
  union all by name
  select * from membership_links
),
final as (
  select
    dataset,
    batch_id,
    line_no,
    source_key,
    source_tax_code,
    source_name,
    period_start,
    tax_code,
    method,
    (case when tax_code is not null then 1.0 else 0.0 end)::double as confidence,
    decision,
    linked_through
  from all_links
)
select * from final
