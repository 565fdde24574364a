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
-- Normalised like int_link_units, plus the tax code as written: its digits, the root
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
normalised as (
  select
    r.*,
    lnk.name_tokens(lnk.name_marked(r.name)) as marked_tokens,
    lnk.address_parts(r.address) as address_parts,
    nullif(util.tax_digits(r.tax_code_text), '') as tax_digits,
    a.district_code,
    a.new_commune_code
  from records r
  left join areas a on a.commune_code = r.commune_code
),
prepared as (
  select
    * exclude (marked_tokens, address_parts),
    lnk.name_form(marked_tokens) as name_form,
    lnk.name_core(marked_tokens) as name_core,
    coalesce(list_distinct(lnk.core_tokens(marked_tokens)), []::varchar[]) as name_tokens,
    lnk.address_norm(address_parts) as address_norm,
    lnk.address_street(address_parts) as address_street
  from normalised
),
unit_count as (select count(*) as n from main.int_link_units),
record_tokens as (
  select dataset, source_key, unnest(name_tokens) as token, generate_subscripts(name_tokens, 1) as i from prepared
),
token_idf as (
  -- the idf of each record token, aligned with name_tokens; a token no unit has is as rare as can be
  select r.dataset, r.source_key, list(coalesce(t.idf, ln(1 + n.n)) order by r.i) as token_idf
  from record_tokens r
  cross join unit_count n
  left join main.int_link_tokens t using (token)
  group by r.dataset, r.source_key
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
    coalesce(i.token_idf, []::double[]) as token_idf,
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
  left join token_idf i using (dataset, source_key)
)
select * from final
