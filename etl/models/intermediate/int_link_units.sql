-- The employer units as the linker sees them: one row per unit (int_employer_units),
-- with its name and address normalised for matching (etl/models/macros/link_macros.sql):
--   name_readings  the ways the name reads (docs/DOMAIN.md § Linking, step 2), best first:
--                  the name as written read through the name dictionary
--                  (ref.name_abbreviations: TM → thương mại, Co., Ltd → công ty TNHH, a
--                  branch part and its company's in the registry's order, a bracketed
--                  part dropped or kept), one reading per choice of an ambiguous word
--                  (CN: công nghệ or công nghiệp), each
--                  {weight (log2 of its score ÷ the best's: 0 for the best), form, core,
--                  tokens, text (the reading, folded), expansions (dictionary entries used)};
--   name_form     the legal form the best reading states (TNHH, TNHH_1TV, CO_PHAN,
--                 CHI_NHANH, …; CONG_TY for "công ty" alone, NULL when the name has no
--                 form words);
--   name_core     the best reading without its legal-form words (`duc phat`);
--   name_tokens   the distinct tokens of every reading's core (for blocking and rarity);
--   address_norm  the folded address with its abbreviations written out;
--   address_street the address before its commune part (house, street, hamlet, lot);
--   areas         the blocking areas: 'D' || old district code and 'N' || new commune
--                 code (after the 2025 merger), whichever are known.
-- Names are read once per distinct name. Most names hold no phrase of the dictionary, no
-- dash and no brackets: they read as written, without the per-reading work.
create or replace table main.int_link_units as
with units as (
  select tax_code, root_tax_code, is_branch, name, address, commune_code, district_code_reported, legal_form, status
  from main.int_employer_units
),
areas as (select * from main.int_link_areas),
-- the name dictionary: each written form (folded) and position with its readings, best first
dictionary as (
  select
    util.fold(written) as written,
    position,
    list({'s': score::double, 't': util.fold(coalesce(reading, '')), 'x': [written || ' → ' || coalesce(nullif(reading, ''), '∅')], 'e': kind = 'ENGLISH'}
         order by score desc, reading) as alts
  from ref.name_abbreviations
  group by all
),
names as (select name, row_number() over () as name_id from (select distinct name from units where name is not null)),
folded as (
  select name_id, util.fold(name) as text, regexp_matches(name, '[()\[\]]|\s[-–—]|[-–—]\s') as split from names
),
texts as materialized (
  select name_id, text, 1.0::double as score from folded where not split
  union all
  select name_id, v.text, v.score from (select n.name_id, unnest(lnk.name_texts(n.name)) as v from names n semi join (select name_id from folded where split) using (name_id))
),
words as materialized (select name_id, text, unnest(string_split(text, ' ')) as word from texts),
word_counts as (select word, count(*) as n from words group by word),
anchors as (
  -- each phrase's rarest word among these names: a text that holds the phrase holds it
  select distinct arg_min(w.word, coalesce(c.n, 0)) as word
  from (select written, unnest(string_split(written, ' ')) as word from dictionary) w
  left join word_counts c using (word)
  group by w.written
),
hit_texts as (select distinct name_id, text from words semi join anchors using (word)),
grams as (
  select name_id, text, unnest(lnk.name_ngrams(string_split(text, ' '), lnk.max_phrase_words())) as g from hit_texts
),
hits as (
  select g.name_id, g.text, list({'pos': g.g.pos, 'n': g.g.n, 'alts': d.alts}) as matches
  from grams g
  join dictionary d on d.written = g.g.phrase
  where d.position = 'ANY' or (d.position = 'FIRST') = (g.g.pos = 1)
  group by all
),
read_names as (select name_id from folded where split union select name_id from hits),
read_through as (
  select t.name_id, lnk.name_readings(flatten(list(lnk.name_reading_texts(string_split(t.text, ' '), coalesce(h.matches, []), t.score)))) as name_readings
  from texts t
  semi join read_names using (name_id)
  left join hits h using (name_id, text)
  group by t.name_id
),
as_written as (
  select
    name_id,
    [{'weight': 0.0::double, 'form': lnk.name_form(m), 'core': lnk.name_core(m), 'tokens': coalesce(list_distinct(lnk.core_tokens(m)), []::varchar[]),
      'text': text, 'expansions': []::varchar[], 'english': false}] as name_readings
  from (select name_id, text, lnk.name_tokens(lnk.name_marked(text)) as m from texts anti join read_names using (name_id))
),
name_readings as (
  select n.name, r.name_readings
  from (select * from read_through union all select * from as_written) r
  join names n using (name_id)
),
normalised as (
  select
    u.*,
    n.name_readings,
    lnk.address_parts(u.address) as address_parts,
    coalesce(a.district_code, case when a.commune_code is null then u.district_code_reported end) as district_code,
    coalesce(a.new_commune_code, case when u.commune_code is null then z.new_commune_code end) as new_commune_code
  from units u
  left join name_readings n using (name)
  left join areas a on a.commune_code = u.commune_code
  left join main.seed_admin_district_units z on z.district_code = u.district_code_reported
),
final as (
  select
    tax_code,
    root_tax_code,
    is_branch,
    name,
    coalesce(name_readings, []) as name_readings,
    name_readings[1].form as name_form,
    name_readings[1].core as name_core,
    coalesce(list_distinct(flatten(list_transform(name_readings, lambda r: r.tokens))), []::varchar[]) as name_tokens,
    address,
    lnk.address_norm(address_parts) as address_norm,
    lnk.address_street(address_parts) as address_street,
    commune_code,
    district_code,
    new_commune_code,
    list_filter(['D' || district_code, 'N' || new_commune_code], lambda a: a is not null) as areas,
    legal_form,
    status
  from normalised
)
select * from final
