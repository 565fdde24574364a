-- The fuzzy linker's decision: one row per record of int_link_records.
--   status LINKED     its best candidate (by match weight, analysts' REJECTed pairs left
--                     out) is linked: probability ≥ lnk.auto_link_probability(), the name
--                     agrees (EXACT, TOKENS_HIGH, JW_HIGH or TOKENS_MEDIUM: a tax code
--                     one edit away is a candidate, never proof), the weight beats the
--                     next candidate's by ≥ lnk.min_weight_margin() bits, and no other
--                     source of the same dataset linked to that unit overlaps it in time;
--          REVIEW     not linked, but some candidate has probability ≥
--                     lnk.review_probability(): int_link_review_queue lists them;
--          NO_MATCH   no candidate, or none likely enough.
--   reason (when the best candidate is not linked): BELOW_THRESHOLD, NAME_DISAGREES,
--   AMBIGUOUS (a second candidate within the margin) or CONFLICT (the unit already has a
--   union — or SI unit — of this dataset in the same period: `conflict_source_key`).
-- "Overlaps in time": [valid_from, valid_to) intervals intersect (a union's founding to
-- its dissolution, an SI unit's months), so a unit may have unions one after another,
-- never two at once, unless the data says so (rows naming the same valid tax code, or an
-- analyst's ACCEPT). Among fuzzy links competing for one unit the heavier wins.
-- method: TAX_CODE_VARIANT when the tax code compared ONE_EDIT, SAME_ROOT or
-- ROOT_ONE_EDIT, else FUZZY_NAME.
create or replace table main.int_link_matches as
with records as (select * from main.int_link_records),
decisions as (select * from main.int_link_decisions),
candidates as (
  select c.*
  from main.int_link_candidates c
  anti join decisions d
    on d.decision = 'REJECT' and d.dataset = c.dataset and d.source_key = c.source_key and d.tax_code = c.tax_code
),
ranked as (
  select
    *,
    row_number() over w as rank_after_decisions,
    lead(match_weight) over w as next_weight,
    count(*) over (partition by dataset, source_key) as candidates
  from candidates
  window w as (partition by dataset, source_key order by match_weight desc, tax_code)
),
best as (
  select
    b.*,
    r.valid_from,
    r.valid_to,
    b.match_probability >= lnk.auto_link_probability() as above_threshold,
    b.name_level in ('EXACT', 'TOKENS_HIGH', 'JW_HIGH', 'TOKENS_MEDIUM') as name_agrees,
    coalesce(b.match_weight - b.next_weight >= lnk.min_weight_margin(), true) as unique_best
  from ranked b
  join records r using (dataset, source_key)
  where b.rank_after_decisions = 1
),
units as (select tax_code from main.int_employer_units),
-- links made by the data itself: valid tax codes (a 13-digit code that is no unit links
-- to its root, as int_unit_links does) and analysts' ACCEPTs
union_codes as (
  -- the root of a 13-digit code as a column, so that the joins below are equi-joins
  select union_code, tax_code, case when length(tax_code) = 13 then tax_code[1:10] end as root_code, founded_on, dissolved_on
  from main.stg_union__grassroots_unions
  where tax_code is not null and union_code is not null
),
exact_unions as (
  select
    'union_grassroots_unions' as dataset,
    g.union_code as source_key,
    coalesce(e.tax_code, r.tax_code) as tax_code,
    g.founded_on as valid_from,
    g.dissolved_on as valid_to
  from union_codes g
  left join units e on e.tax_code = g.tax_code
  left join units r on r.tax_code = g.root_code
),
si_codes as (
  select si_unit_code, tax_code, case when length(tax_code) = 13 then tax_code[1:10] end as root_code,
         min(month) as first_month, max(month) as last_month
  from main.stg_si__contributions
  where tax_code is not null and si_unit_code is not null
  group by si_unit_code, tax_code
),
exact_si as (
  select
    'si_contributions' as dataset,
    s.si_unit_code as source_key,
    coalesce(e.tax_code, r.tax_code) as tax_code,
    s.first_month as valid_from,
    (s.last_month + interval 1 month)::date as valid_to
  from si_codes s
  left join units e on e.tax_code = s.tax_code
  left join units r on r.tax_code = s.root_code
),
accepted as (
  -- an ACCEPT whose source is no longer a fuzzy record (gone from the data, or now carrying a
  -- valid tax code, which exact_unions / exact_si place with its real dates) has no period
  -- and blocks nobody
  select d.dataset, d.source_key, d.tax_code, r.valid_from, r.valid_to
  from decisions d
  join records r using (dataset, source_key)
  where d.decision = 'ACCEPT'
),
data_links as (
  select * from exact_unions where tax_code is not null
  union all select * from exact_si where tax_code is not null
  union all select * from accepted
),
proposed as (
  select * from best where above_threshold and name_agrees and unique_best
),
conflicts as (
  -- a proposed link that overlaps a data link of the unit, or a heavier proposed link
  select p.dataset, p.source_key, min(o.source_key) as conflict_source_key
  from proposed p
  join (
    select dataset, source_key, tax_code, valid_from, valid_to, null::double as match_weight from data_links
    union all
    select dataset, source_key, tax_code, valid_from, valid_to, match_weight from proposed
  ) o
    on o.dataset = p.dataset and o.tax_code = p.tax_code and o.source_key <> p.source_key
   and coalesce(p.valid_from < o.valid_to, true) and coalesce(o.valid_from < p.valid_to, true)
   and (o.match_weight is null or o.match_weight > p.match_weight or (o.match_weight = p.match_weight and o.source_key < p.source_key))
  group by p.dataset, p.source_key
),
decided as (
  select
    r.dataset,
    r.source_key,
    b.tax_code as best_tax_code,
    b.match_weight,
    b.match_probability,
    b.next_weight,
    coalesce(b.candidates, 0) as candidates,
    b.tax_code_level,
    b.name_level,
    b.legal_form_level,
    b.location_level,
    case
      when b.tax_code is null then null
      when not b.above_threshold then 'BELOW_THRESHOLD'
      when not b.name_agrees then 'NAME_DISAGREES'
      when not b.unique_best then 'AMBIGUOUS'
      when c.source_key is not null then 'CONFLICT'
    end as reason,
    c.conflict_source_key
  from records r
  left join best b using (dataset, source_key)
  left join conflicts c using (dataset, source_key)
),
final as (
  select
    dataset,
    source_key,
    case
      when best_tax_code is not null and reason is null then 'LINKED'
      when match_probability >= lnk.review_probability() then 'REVIEW'
      else 'NO_MATCH'
    end as status,
    case when best_tax_code is not null and reason is null then best_tax_code end as tax_code,
    case when tax_code_level in ('ONE_EDIT', 'SAME_ROOT', 'ROOT_ONE_EDIT') then 'TAX_CODE_VARIANT' else 'FUZZY_NAME' end as method,
    match_probability,
    match_weight,
    next_weight,
    candidates,
    best_tax_code,
    tax_code_level,
    name_level,
    legal_form_level,
    location_level,
    reason,
    conflict_source_key
  from decided
)
select * from final
