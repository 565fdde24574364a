-- Mapping macros of the models (schema `mdl`): each reads a seed table of etl/models/seeds,
-- so the agencies' wording lives in one place. NULL in, NULL out.
create schema if not exists mdl;

create or replace macro mdl.legal_form(s) as
  case when util.clean(s) is not null then coalesce(
    (select arg_min(p.legal_form, p.priority) from main.seed_legal_forms p where regexp_matches(util.fold(s), p.pattern)),
    'KHAC') end;

create or replace macro mdl.unit_status(s) as
  (select arg_min(p.status, p.priority) from main.seed_unit_statuses p where regexp_matches(util.fold(s), p.pattern));

create or replace macro mdl.ownership(s) as
  (select arg_min(p.ownership, p.priority) from main.seed_ownerships p where regexp_matches(util.fold(s), p.pattern));

create or replace macro mdl.union_sector(s) as
  case when util.clean(s) is not null then coalesce(
    (select arg_min(p.sector, p.priority) from main.seed_union_sectors p where regexp_matches(util.fold(s), p.pattern)),
    'KHAC') end;

create or replace macro mdl.union_sector_ownership(sector_code_) as
  (select any_value(p.ownership) from main.seed_union_sectors p where p.sector = sector_code_);

-- VSIC code as written → the code: a section letter (A–U) stays a letter; otherwise the
-- 2–5 digits (an optional leading section letter, as in "C1010", is dropped).
create or replace macro mdl.vsic_code(s) as (
  case
    when regexp_full_match(util.fold(s), '[a-u]') then upper(util.fold(s))
    when regexp_matches(util.fold(s), '^([a-u] ?)?[0-9]{2,5}( |$)') then regexp_extract(util.fold(s), '[0-9]{2,5}')
    when regexp_matches(util.fold(s), '^[a-u] ') then upper(util.fold(s)[1])
  end);

-- VSIC code (as returned by mdl.vsic_code) → section letter by the division ranges.
create or replace macro mdl.vsic_section(code_) as (
  case
    when regexp_full_match(code_, '[A-U]') then code_
    when regexp_full_match(code_, '[0-9]{2,5}') then
      (select any_value(d.section) from main.seed_vsic_divisions d where try_cast(code_[1:2] as integer) between d.division_from and d.division_to)
  end);

-- GSO administrative codes: digits (Excel may drop leading zeros or add ".0") padded to
-- `width`; other text kept as written.
create or replace macro mdl.admin_code(s, width) as (
  case
    when regexp_full_match(util.clean(s), '[0-9]+(\.0+)?') then lpad(split_part(util.clean(s), '.', 1), width, '0')
    else util.clean(s)
  end);

-- Half-year label 'YYYY-H1' / 'YYYY-H2' (util.parse_half) → year, half number, last day.
create or replace macro mdl.half_year(h) as try_cast(h[1:4] as integer);
create or replace macro mdl.half_no(h) as try_cast(h[7:7] as integer);
create or replace macro mdl.half_end(h) as
  case mdl.half_no(h) when 1 then make_date(mdl.half_year(h), 6, 30) when 2 then make_date(mdl.half_year(h), 12, 31) end;

-- Workers → size band ('<5' … '1000+'), NULL when workers are unknown.
create or replace macro mdl.size_band(workers_) as
  (select any_value(b.size_band) from main.seed_size_bands b
   where workers_ >= b.min_workers and (b.max_workers is null or workers_ <= b.max_workers));

-- Counts parsed from text as INTEGER (NULL when absent or unparseable).
create or replace macro mdl.count_of(s) as try_cast(util.parse_bigint(s) as integer);
