-- Candidate pairs of the fuzzy linker: one row per (record of int_link_records, unit of
-- int_link_units) that a blocking rule puts together, with the comparison level of each
-- field, its weight (int_link_parameters) and the pair's match weight and probability.
--
-- Blocking rules, ORed; a pair found by several rules is one row (`blocking_rules`
-- lists them, `blocking_rule` is the first):
--   1 TAX_ROOT     the record's code has a valid root (e.g. `…-000`): units of that root
--   2 TAX_VARIANT  the valid codes one edit from a root that fails its check digit
--                  (int_link_records.tax_variants): units of those roots
--   3 NAME_CORE    the same name core (of any reading of either name), when at most
--                  lnk.max_core_block() units share it
--   4 AREA_TOKEN   within each area of the record (old district, post-2025 commune), its
--                  two rarest name tokens there, each only when at most
--                  lnk.max_area_token_block() units of the area have it
--   5 RARE_TOKEN   a name token at most lnk.max_token_block() units of the province have
-- The caps keep every block small, so candidates grow linearly with the units: very
-- common tokens (`thuong`, `mai`, `dich`, `vu`) and cores make no candidates by
-- themselves.
--
-- Comparisons (levels and m/u in int_link_parameters):
--   tax_code    ONE_EDIT | SAME_ROOT | ROOT_ONE_EDIT | DIFFERENT | MISSING
--   name        EXACT | TOKENS_HIGH | JW_HIGH | TOKENS_MEDIUM | DIFFERENT | MISSING, from
--               the cores' Jaro–Winkler similarity and the token overlap weighted by
--               rarity: Σ idf of the shared tokens ÷ Σ idf of all tokens of both sides;
--               EXACT is the same core, or the same words in another order when a name
--               was read from English (whose word order is not the registry's)
--   legal_form  SAME | COMPATIBLE | DIFFERENT | MISSING (the forms the names state)
--   location    SAME_ADDRESS | SAME_COMMUNE | SAME_AREA | DIFFERENT | MISSING
-- Names and forms are compared reading by reading (int_link_units.name_readings: a name
-- with an ambiguous abbreviation has one reading per meaning, each weighted by log2 of its
-- score ÷ the best reading's); the pair keeps the readings that give it the highest weight
-- (`name_reading_weight`, the two readings' weights; `source_name_reading` and
-- `name_expansions` say how the record's name was read).
-- match_weight = log2(λ / (1 − λ)) + Σ weights (+ name_reading_weight), λ = 1 / units;
-- match_probability = 2^w / (1 + 2^w). candidate_rank orders a record's candidates by weight.
create or replace table main.int_link_candidates as
with records as (select * from main.int_link_records),
units as (select * from main.int_link_units),
by_tax_root as (
  select r.dataset, r.source_key, u.tax_code, 1 as rule
  from records r
  join units u on u.root_tax_code = r.tax_root_valid
),
record_variants as (
  select dataset, source_key, unnest(tax_variants) as variant from records
),
by_tax_variant as (
  select v.dataset, v.source_key, u.tax_code, 2 as rule
  from record_variants v
  join units u on u.root_tax_code = v.variant
),
unit_cores as (
  select distinct tax_code, unnest(list_transform(name_readings, lambda r: r.core)) as name_core from units
),
record_cores as (
  select distinct dataset, source_key, unnest(list_transform(name_readings, lambda r: r.core)) as name_core from records
),
core_blocks as (
  select name_core from unit_cores where name_core is not null group by name_core having count(*) <= lnk.max_core_block()
),
by_name_core as (
  select distinct r.dataset, r.source_key, u.tax_code, 3 as rule
  from record_cores r
  join core_blocks c on c.name_core = r.name_core
  join unit_cores u on u.name_core = r.name_core
),
unit_tokens as (
  select tax_code, unnest(name_tokens) as token from units
),
unit_areas as (
  select tax_code, unnest(areas) as area from units
),
unit_area_tokens as (
  select a.area, t.token, t.tax_code from unit_tokens t join unit_areas a using (tax_code)
),
area_token_units as (
  select area, token, count(*) as units from unit_area_tokens group by area, token
),
record_areas as (
  select dataset, source_key, unnest(areas) as area from records
),
record_tokens as (
  select dataset, source_key, unnest(name_tokens) as token from records
),
record_area_tokens as (
  -- per record and area, its two rarest tokens there (ties by token), if rare enough
  select a.dataset, a.source_key, a.area, t.token
  from record_areas a
  join record_tokens t using (dataset, source_key)
  join area_token_units c on c.area = a.area and c.token = t.token
  where c.units <= lnk.max_area_token_block()
  qualify row_number() over (partition by a.dataset, a.source_key, a.area order by c.units, t.token) <= 2
),
by_area_token as (
  select r.dataset, r.source_key, u.tax_code, 4 as rule
  from record_area_tokens r
  join unit_area_tokens u on u.area = r.area and u.token = r.token
),
record_rare_tokens as (
  select r.dataset, r.source_key, r.token
  from record_tokens r
  join main.int_link_tokens t on t.token = r.token and t.units <= lnk.max_token_block()
),
by_rare_token as (
  select r.dataset, r.source_key, u.tax_code, 5 as rule
  from record_rare_tokens r
  join unit_tokens u on u.token = r.token
),
blocked as (
  select * from by_tax_root
  union all select * from by_tax_variant
  union all select * from by_name_core
  union all select * from by_area_token
  union all select * from by_rare_token
),
pairs as (
  select
    dataset,
    source_key,
    tax_code,
    min(rule) as first_rule,
    list(distinct rule order by rule) as rules
  from blocked
  group by dataset, source_key, tax_code
),
record_readings as (
  select dataset, source_key, unnest(name_readings) as r, generate_subscripts(name_readings, 1) as reading_no from records
),
unit_readings as (
  select tax_code, unnest(name_readings) as u, generate_subscripts(name_readings, 1) as reading_no
  from units
  semi join (select distinct tax_code from pairs) p using (tax_code)
),
unit_reading_idf as (
  -- Σ idf of the name tokens of each reading of each candidate unit
  select u.tax_code, u.reading_no, sum(t.idf) as idf_sum
  from (select tax_code, reading_no, unnest(u.tokens) as token from unit_readings) u
  join main.int_link_tokens t using (token)
  group by u.tax_code, u.reading_no
),
compared as (
  select
    p.dataset,
    p.source_key,
    p.tax_code,
    p.first_rule,
    p.rules,
    sr.reading_no as source_reading,
    ur.reading_no as unit_reading,
    sr.r.weight + ur.u.weight as name_reading_weight,
    sr.r.text as source_name_reading,
    sr.r.expansions as name_expansions,
    sr.r.core as source_name_core,
    list_sort(sr.r.tokens) = list_sort(ur.u.tokens) as same_words_any_order,
    sr.r.english or ur.u.english as english_order,
    ur.u.core as unit_name_core,
    jaro_winkler_similarity(sr.r.core, ur.u.core) as name_jaro_winkler,
    list_sum(list_transform(range(1, len(sr.r.tokens) + 1),
      lambda i: case when list_contains(ur.u.tokens, sr.r.tokens[i]) then sr.r.token_idf[i] else 0 end)) as shared_idf,
    list_sum(sr.r.token_idf) as source_idf,
    coalesce(ui.idf_sum, 0) as unit_idf,
    sr.r.form as source_name_form,
    ur.u.form as unit_name_form,
    case
      when r.tax_digits is null then 'MISSING'
      when list_contains(r.tax_variants, u.root_tax_code) and coalesce(r.tax_suffix, '') = u.tax_code[11:] then 'ONE_EDIT'
      when r.tax_root_valid = u.root_tax_code then 'SAME_ROOT'
      when list_contains(r.tax_variants, u.root_tax_code) then 'ROOT_ONE_EDIT'
      else 'DIFFERENT'
    end as tax_code_level,
    case
      when sr.r.form is not distinct from ur.u.form then 'SAME'
      when sr.r.form is null or ur.u.form is null then 'MISSING'
      when lnk.forms_compatible(sr.r.form, ur.u.form) then 'COMPATIBLE'
      else 'DIFFERENT'
    end as legal_form_level,
    case
      when r.address_street is not null and r.address_street = u.address_street
           and (r.commune_code = u.commune_code
                or ((r.commune_code is null or u.commune_code is null) and r.address_norm = u.address_norm)) then 'SAME_ADDRESS'
      when r.commune_code = u.commune_code then 'SAME_COMMUNE'
      when r.new_commune_code = u.new_commune_code or r.district_code = u.district_code then 'SAME_AREA'
      when r.commune_code is not null and u.commune_code is not null then 'DIFFERENT'
      when r.district_code is not null and u.district_code is not null then 'DIFFERENT'
      else 'MISSING'
    end as location_level
  from pairs p
  join records r using (dataset, source_key)
  join units u using (tax_code)
  join record_readings sr on sr.dataset = p.dataset and sr.source_key = p.source_key
  join unit_readings ur on ur.tax_code = p.tax_code
  left join unit_reading_idf ui on ui.tax_code = ur.tax_code and ui.reading_no = ur.reading_no
),
leveled as (
  select
    *,
    case when source_idf + unit_idf - shared_idf > 0 then shared_idf / (source_idf + unit_idf - shared_idf) else 0 end as name_token_overlap
  from compared
),
with_name_level as (
  select
    *,
    case
      when source_name_core is null or unit_name_core is null then 'MISSING'
      when source_name_core = unit_name_core or (same_words_any_order and english_order) then 'EXACT'
      when name_token_overlap >= 0.8 then 'TOKENS_HIGH'
      when name_jaro_winkler >= 0.95 and name_token_overlap >= 0.5 then 'JW_HIGH'
      when name_token_overlap >= 0.6 then 'TOKENS_MEDIUM'
      else 'DIFFERENT'
    end as name_level
  from leveled
),
parameters as (select comparison, level, match_weight from main.int_link_parameters),
prior as (
  select log2(1.0 / greatest(count(*) - 1, 1)) as prior_weight from main.int_link_units
),
weighted as (
  select
    c.*,
    t.match_weight as tax_code_weight,
    n.match_weight as name_weight,
    f.match_weight as legal_form_weight,
    l.match_weight as location_weight,
    pr.prior_weight,
    pr.prior_weight + t.match_weight + n.match_weight + f.match_weight + l.match_weight + c.name_reading_weight as match_weight
  from with_name_level c
  cross join prior pr
  join parameters t on t.comparison = 'tax_code' and t.level = c.tax_code_level
  join parameters n on n.comparison = 'name' and n.level = c.name_level
  join parameters f on f.comparison = 'legal_form' and f.level = c.legal_form_level
  join parameters l on l.comparison = 'location' and l.level = c.location_level
),
best_readings as (
  -- per pair, the readings of the two names that agree best
  select * from weighted
  qualify row_number() over (partition by dataset, source_key, tax_code order by match_weight desc, source_reading, unit_reading) = 1
),
final as (
  select
    dataset,
    source_key,
    tax_code,
    ['TAX_ROOT', 'TAX_VARIANT', 'NAME_CORE', 'AREA_TOKEN', 'RARE_TOKEN'][first_rule] as blocking_rule,
    list_transform(rules, lambda k: ['TAX_ROOT', 'TAX_VARIANT', 'NAME_CORE', 'AREA_TOKEN', 'RARE_TOKEN'][k]) as blocking_rules,
    tax_code_level,
    name_level,
    legal_form_level,
    location_level,
    source_name_core,
    unit_name_core,
    round(name_jaro_winkler, 4) as name_jaro_winkler,
    round(name_token_overlap, 4) as name_token_overlap,
    source_name_form,
    unit_name_form,
    source_name_reading,
    name_expansions,
    prior_weight,
    tax_code_weight,
    name_weight,
    legal_form_weight,
    location_weight,
    name_reading_weight,
    match_weight,
    1 / (1 + pow(2, -match_weight)) as match_probability,
    row_number() over (partition by dataset, source_key order by match_weight desc, tax_code) as candidate_rank
  from best_readings
)
select * from final
