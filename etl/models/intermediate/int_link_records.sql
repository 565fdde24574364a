-- The source records the fuzzy linker looks for a unit for (docs/DOMAIN.md § Linking, step 2): the
-- rows that have no usable tax code, so that exact linking (int_unit_links) cannot place
-- them. One row per (dataset, source key):
--   union_grassroots_unions  a union code whose registry rows carry no valid tax code
--                            (missing or mistyped); attributes of its latest such row;
--                            the employer name is `ten_don_vi`, else the union's name
--                            without its "Công đoàn cơ sở" prefix;
--   si_contributions         an SI unit code none of whose rows carries a valid tax code
--                            (so SI_UNIT_CODE cannot place it); name and address of its
--                            latest month, the tax code most often written.
-- valid_from / valid_to bound when the record's source existed (a union's founding and
-- dissolution; an SI unit's first month and the end of its last): two unions of one unit
-- may follow each other but not overlap (int_link_matches).
-- Normalised like int_link_units (the name read through the name dictionary once per
-- distinct name, in the same steps; each reading with the idf of its tokens, aligned with
-- them), plus the tax code as written: its digits, the root
-- when the root itself is valid (e.g. a branch code ending in the forbidden `000`), the
-- branch suffix, and tax_variants: the valid codes one edit away from a root that fails
-- its check digit (every single-digit substitution and neighbour transposition; an
-- insertion or a deletion for a 9- or 11-digit root).
create or replace table main.int_link_records as
with union_rows as (
  select
    'union_grassroots_unions' as dataset,
    union_code as source_key,
    count(*) over (partition by union_code) as source_rows,
    batch_id,
    line_no,
    coalesce(employer_name, lnk.union_employer_name(union_name)) as name,
    tax_code_text,
    address,
    commune_code,
    founded_on as valid_from,
    dissolved_on as valid_to
  from main.stg_union__grassroots_unions
  where union_code is not null and tax_code is null
  qualify row_number() over (partition by union_code order by batch_id desc, line_no desc) = 1
),
si_unplaced as (
  select si_unit_code
  from main.stg_si__contributions
  where si_unit_code is not null
  group by si_unit_code
  having count(tax_code) = 0
),
si_rows as (
  select
    'si_contributions' as dataset,
    s.si_unit_code as source_key,
    count(*) as source_rows,
    arg_max(s.batch_id, (s.month, s.batch_id, s.line_no)) as batch_id,
    arg_max(s.line_no, (s.month, s.batch_id, s.line_no)) as line_no,
    arg_max(s.unit_name, (s.month, s.batch_id, s.line_no)) as name,
    mode(s.tax_code_text) as tax_code_text,
    arg_max(s.address, (s.month, s.batch_id, s.line_no)) filter (where s.address is not null) as address,
    null::varchar as commune_code,
    min(s.month) as valid_from,
    (max(s.month) + interval 1 month)::date as valid_to
  from main.stg_si__contributions s
  join si_unplaced u using (si_unit_code)
  group by s.si_unit_code
),
records as (
  select * from union_rows
  union all by name
  select * from si_rows
),
areas as (select * from main.int_link_areas),
-- the name read through the dictionary: the same steps as int_link_units
dictionary as (
  select
    util.fold(written) as written,
    position,
    list({'s': score::double, 't': util.fold(coalesce(reading, '')), 'x': [written || ' → ' || coalesce(nullif(reading, ''), '∅')], 'e': kind = 'ENGLISH'}
         order by score desc, reading) as alts
  from ref.name_abbreviations
  group by all
),
names as (select name, row_number() over () as name_id from (select distinct name from records where name is not null)),
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
  select t.name_id, lnk.name_readings(flatten(list(lnk.name_reading_texts(string_split(t.text, ' '), coalesce(h.matches, []), t.score)))) as readings
  from texts t
  semi join read_names using (name_id)
  left join hits h using (name_id, text)
  group by t.name_id
),
as_written as (
  select
    name_id,
    [{'weight': 0.0::double, 'form': lnk.name_form(m), 'core': lnk.name_core(m), 'tokens': coalesce(list_distinct(lnk.core_tokens(m)), []::varchar[]),
      'text': text, 'expansions': []::varchar[], 'english': false}] as readings
  from (select name_id, text, lnk.name_tokens(lnk.name_marked(text)) as m from texts anti join read_names using (name_id))
),
name_readings as (
  select n.name, r.readings
  from (select * from read_through union all select * from as_written) r
  join names n using (name_id)
),
unit_count as (select count(*) as n from main.int_link_units),
reading_tokens as (
  select name, reading_no, unnest(readings[reading_no].tokens) as token, generate_subscripts(readings[reading_no].tokens, 1) as i
  from (select name, readings, generate_subscripts(readings, 1) as reading_no from name_readings)
),
reading_idf as (
  -- the idf of each reading's tokens, aligned with them; a token no unit has is as rare as can be
  select r.name, r.reading_no, list(coalesce(t.idf, ln(1 + n.n)) order by r.i) as token_idf
  from reading_tokens r
  cross join unit_count n
  left join main.int_link_tokens t using (token)
  group by r.name, r.reading_no
),
scored_readings as (
  select
    n.name,
    list({'weight': n.r.weight, 'form': n.r.form, 'core': n.r.core, 'tokens': n.r.tokens, 'token_idf': coalesce(i.token_idf, []::double[]),
          'text': n.r.text, 'expansions': n.r.expansions, 'english': n.r.english} order by n.reading_no) as name_readings
  from (select name, unnest(readings) as r, generate_subscripts(readings, 1) as reading_no from name_readings) n
  left join reading_idf i using (name, reading_no)
  group by n.name
),
normalised as (
  select
    r.*,
    coalesce(s.name_readings, []) as name_readings,
    lnk.address_parts(r.address) as address_parts,
    nullif(util.tax_digits(r.tax_code_text), '') as tax_digits,
    a.district_code,
    a.new_commune_code
  from records r
  left join scored_readings s using (name)
  left join areas a on a.commune_code = r.commune_code
),
prepared as (
  select
    * exclude (address_parts),
    name_readings[1].form as name_form,
    name_readings[1].core as name_core,
    coalesce(list_distinct(flatten(list_transform(name_readings, lambda x: x.tokens))), []::varchar[]) as name_tokens,
    lnk.address_norm(address_parts) as address_norm,
    lnk.address_street(address_parts) as address_street
  from normalised
),
final as (
  select
    p.dataset,
    p.source_key,
    p.source_rows,
    p.batch_id,
    p.line_no,
    p.name,
    p.name_form,
    p.name_core,
    p.name_tokens,
    p.name_readings,
    p.tax_code_text,
    p.tax_digits,
    case when p.tax_digits is null then 'MISSING' else 'INVALID' end as tax_code_status,
    case when length(lnk.tax_root_part(p.tax_digits)) = 10 and util.tax_code_valid_digits(lnk.tax_root_part(p.tax_digits))
         then lnk.tax_root_part(p.tax_digits) end as tax_root_valid,
    lnk.tax_suffix_part(p.tax_digits) as tax_suffix,
    coalesce(lnk.tax_variants(p.tax_digits), []::varchar[]) as tax_variants,
    p.address,
    p.address_norm,
    p.address_street,
    p.commune_code,
    p.district_code,
    p.new_commune_code,
    list_filter(['D' || p.district_code, 'N' || p.new_commune_code], lambda a: a is not null) as areas,
    p.valid_from,
    p.valid_to
  from prepared p
)
select * from final
