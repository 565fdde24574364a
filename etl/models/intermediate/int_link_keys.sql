-- Links decided once per link key, not per source row: one row per distinct
-- (dataset, source_key, source_tax_code) of every dataset (NULLs are keys too: a row
-- without a tax code or source key has the key of its NULLs). Every rule of the linker
-- depends on the row's key alone, so the rows of one key always share their link; at
-- national scale this is a few million keys for ~50 M source rows. int_unit_links attaches
-- the keys to the rows (an equi-join), the models downstream join the keys directly.
-- Methods (docs/DOMAIN.md § Linking), with their confidence in [0, 1]:
--   EXACT_TAX_CODE   the key's valid tax code is a unit (a 13-digit code when both sides
--                    are branches, the 10-digit code for head offices); 1;
--   TAX_ROOT         the key's 13-digit branch code is no unit, its 10-digit root is; 1;
--   SI_UNIT_CODE     a social-insurance key without a usable tax code, whose SI unit code
--                    (the agency's own key) the agency's other rows tie to exactly one
--                    unit; 1;
--   TAX_CODE_VARIANT the fuzzy linker (int_link_matches) placed a key without a usable tax
--                    code on a unit whose code is one edit from the one written (or shares
--                    its valid root), with name and address agreeing; its probability;
--   FUZZY_NAME       the fuzzy linker placed it by name, legal form and address; its
--                    probability;
--   UNLINKED         no valid tax code and no fuzzy link (int_link_review_queue may hold
--                    candidates); 0.
-- Analyst decisions (int_link_decisions, the latest per dataset, source_key, tax_code) win
-- over the algorithm: an ACCEPT to an existing unit replaces the algorithm's link
-- (method ANALYST_ACCEPTED, confidence 1), a REJECT of the algorithm's unit removes it
-- (the fuzzy linker never proposes a REJECTed pair).
-- Source keys (what decisions name): the union code for union registry and membership
-- rows, the SI unit code for social insurance, the normalised tax code elsewhere.
-- Membership returns link through their union (the link of the union's latest registry
-- row). Per key also: its source rows and the first and last period they describe.
create or replace table main.int_link_keys as
with source_rows as (
  select 'tax_enterprises' as dataset, tax_code as source_key, tax_code as source_tax_code, snapshot_on as period_start
  from main.int_tax_snapshots
  union all
  select 'si_contributions', si_unit_code, tax_code, month
  from main.stg_si__contributions
  union all
  select 'stats_enterprise_survey', tax_code, tax_code, make_date(year, 1, 1)
  from main.stg_stats__enterprise_survey
  union all
  select 'labour_workforce_reports', tax_code, tax_code, make_date(year, (half - 1) * 6 + 1, 1)
  from main.stg_labour__workforce_reports
  union all
  select 'labour_collective_agreements', tax_code, tax_code, signed_on
  from main.stg_labour__collective_agreements
  union all
  select 'union_grassroots_unions', union_code, tax_code, founded_on
  from main.stg_union__grassroots_unions
  union all
  select 'union_finance', tax_code, tax_code, period_start
  from main.stg_union__finance
),
source_keys as (
  select
    dataset,
    source_key,
    source_tax_code,
    count(*) as source_rows,
    min(period_start) as first_period_start,
    max(period_start) as last_period_start
  from source_rows
  group by dataset, source_key, source_tax_code
),
units as (select tax_code from main.int_employer_units),
algorithm as (
  select
    s.*,
    coalesce(exact.tax_code, root.tax_code) as algorithm_tax_code,
    case
      when exact.tax_code is not null then 'EXACT_TAX_CODE'
      when root.tax_code is not null then 'TAX_ROOT'
      else 'UNLINKED'
    end as algorithm_method
  from source_keys s
  left join units exact on exact.tax_code = s.source_tax_code
  -- the 10-digit root of a 13-digit code (an equi-join on an expression)
  left join units root on root.tax_code = case when length(s.source_tax_code) = 13 then s.source_tax_code[1:10] end
),
si_unit_codes as (
  select source_key as si_unit_code, any_value(algorithm_tax_code) as tax_code
  from algorithm
  where dataset = 'si_contributions' and algorithm_tax_code is not null
  group by source_key
  having count(distinct algorithm_tax_code) = 1
),
-- joins on equalities only (a constant or IS NULL condition in a LEFT JOIN's ON makes
-- DuckDB fall back to a nested-loop join)
algorithm_with_si_codes as (
  select a.* replace (
    coalesce(a.algorithm_tax_code, si.tax_code) as algorithm_tax_code,
    case when a.algorithm_tax_code is null and si.tax_code is not null then 'SI_UNIT_CODE' else a.algorithm_method end as algorithm_method
  )
  from algorithm a
  left join (select 'si_contributions' as dataset, * from si_unit_codes) si on si.dataset = a.dataset and si.si_unit_code = a.source_key
),
fuzzy as (
  select dataset, source_key, tax_code, method, match_probability
  from main.int_link_matches
  where status = 'LINKED'
),
algorithm_with_fuzzy_match as (
  -- keys without a usable tax code that exact linking could not place: their source key
  -- is a record of the fuzzy linker
  select a.*, case when a.algorithm_tax_code is null and a.source_tax_code is null then f.tax_code end as fuzzy_tax_code,
         f.method as fuzzy_method, f.match_probability as fuzzy_probability
  from algorithm_with_si_codes a
  left join fuzzy f on f.dataset = a.dataset and f.source_key = a.source_key
),
algorithm_with_fuzzy as (
  select
    * exclude (fuzzy_tax_code, fuzzy_method, fuzzy_probability) replace (
      coalesce(algorithm_tax_code, fuzzy_tax_code) as algorithm_tax_code,
      case when fuzzy_tax_code is not null then fuzzy_method else algorithm_method end as algorithm_method
    ),
    case when algorithm_tax_code is not null then 1.0 when fuzzy_tax_code is not null then fuzzy_probability else 0.0 end as algorithm_confidence
  from algorithm_with_fuzzy_match
),
decisions as (select dataset, source_key, tax_code, decision, decided_at from main.int_link_decisions),
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
  from algorithm_with_fuzzy a
  left join accepted acc on acc.dataset = a.dataset and acc.source_key = a.source_key
  left join rejected rej on rej.dataset = a.dataset and rej.source_key = a.source_key and rej.tax_code = a.algorithm_tax_code
),
linked as (
  select
    dataset, source_key, source_tax_code, source_rows, first_period_start, last_period_start,
    case when accepted_tax_code is not null then accepted_tax_code when rejected then null else algorithm_tax_code end as tax_code,
    case when accepted_tax_code is not null then 'ANALYST_ACCEPTED' when rejected then 'UNLINKED' else algorithm_method end as method,
    case when accepted_tax_code is not null then 1.0 when rejected then 0.0 else algorithm_confidence end as confidence,
    case when accepted_tax_code is not null then 'ACCEPT' when rejected then 'REJECT' end as decision,
    null::varchar as linked_through
  from decided
),
union_links as (
  -- the link of each union's latest registry row
  select g.union_code, l.tax_code, l.method, l.confidence, l.decision
  from main.stg_union__grassroots_unions g
  join linked l
    on l.dataset = 'union_grassroots_unions' and l.source_key = g.union_code
   and l.source_tax_code is not distinct from g.tax_code
  where g.union_code is not null
  qualify row_number() over (partition by g.union_code order by g.batch_id desc, g.line_no desc) = 1
),
membership_keys as (
  select
    'union_membership' as dataset, m.union_code as source_key, null::varchar as source_tax_code,
    count(*) as source_rows, min(make_date(m.year, 1, 1)) as first_period_start, max(make_date(m.year, 1, 1)) as last_period_start
  from main.stg_union__membership m
  group by m.union_code
),
membership_links as (
  select
    m.*,
    u.tax_code, coalesce(u.method, 'UNLINKED') as method, coalesce(u.confidence, 0.0) as confidence, u.decision,
    'UNION' as linked_through
  from membership_keys m
  left join union_links u on u.union_code = m.source_key
),
all_links as (
  select * from linked
  union all by name
  select * from membership_links
),
final as (
  select
    dataset,
    source_key,
    source_tax_code,
    tax_code,
    method,
    (case when tax_code is not null then confidence else 0.0 end)::double as confidence,
    decision,
    linked_through,
    source_rows,
    first_period_start,
    last_period_start
  from all_links
)
select * from final
