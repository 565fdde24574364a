-- Parsing and checking macros shared by validation (ingest) and the staging models.
-- Every macro takes raw text and returns NULL when the text cannot be parsed, so that
-- "present but unparseable" (a reject) is `clean(x) is not null and parse(x) is null`.
--
-- Speed: most values are plain (`2024-06`, `1234567`, a 10-digit tax code), so each parser
-- first tries a cheap exact path whose result is the one the careful path would give, and
-- runs the careful path only for the rest. A macro's argument is copied wherever the body
-- names it, and DuckDB's common-subexpression pass hoists a repeated expression out of
-- CASE/COALESCE to compute it for every row; so the careful paths receive their normalised
-- text through a one-element `list_transform` (a lambda is opaque to that pass), which
-- binds it once and only for the rows that get there.

create schema if not exists util;

create or replace macro util.clean(s) as nullif(trim(s::varchar), '');
-- `clean(s) is not null` without trimming in the common case: trim removes only spaces
-- (ASCII and Unicode), never a printable ASCII character other than the space.
create or replace macro util.present(s) as
  case when ascii(s::varchar) between 33 and 126 then true else list_transform([s::varchar], lambda x: util.clean(x) is not null)[1] end;

-- Folding as docs/SOURCES.md § Headers and aliases defines it for headers and names: lower case, no diacritics,
-- đ → d (strip_accents keeps đ), runs of non-alphanumerics → one space.
create or replace macro util.fold_unicode(s) as
  trim(regexp_replace(lower(strip_accents(replace(replace(nfc_normalize(s::varchar), 'đ', 'd'), 'Đ', 'D'))), '[^a-z0-9]+', ' ', 'g'));
-- ASCII text (as many bytes as characters) needs no composition and has no accents.
create or replace macro util.fold(s) as
  case when strlen(s::varchar) = length(s::varchar) then trim(regexp_replace(lower(s::varchar), '[^a-z0-9]+', ' ', 'g'))
       else util.fold_unicode(s) end;

-- Tax code: spaces, dots and dashes tolerated; 10 or 13 digits.
create or replace macro util.tax_digits(s) as regexp_replace(trim(s::varchar), '[\s.\-]', '', 'g');

create or replace macro util.tax_check_ok(d) as
  10 - ((31 * try_cast(d[1] as int) + 29 * try_cast(d[2] as int) + 23 * try_cast(d[3] as int)
        + 19 * try_cast(d[4] as int) + 17 * try_cast(d[5] as int) + 13 * try_cast(d[6] as int)
        + 7 * try_cast(d[7] as int) + 5 * try_cast(d[8] as int) + 3 * try_cast(d[9] as int)) % 11) = try_cast(d[10] as int);

create or replace macro util.tax_code_valid_digits(d) as coalesce(
  regexp_full_match(d, '[0-9]{10}([0-9]{3})?')
  and d[1:2] <> '00'
  and (length(d) = 10 or d[11:13] <> '000')
  and util.tax_check_ok(d), false);

-- The normalised tax code, or NULL when invalid.
create or replace macro util.tax_code_valid(s) as util.tax_code_valid_digits(util.tax_digits(s));

create or replace macro util.parse_tax_code_digits(d) as case when util.tax_code_valid_digits(d) then d end;
-- Fast path: the code as plain digits needs no separators removed.
create or replace macro util.parse_tax_code(s) as
  case when regexp_full_match(s::varchar, '[0-9]{10}([0-9]{3})?') then util.parse_tax_code_digits(s::varchar)
       else list_transform([s::varchar], lambda x: util.parse_tax_code_digits(util.tax_digits(x)))[1] end;

-- Dates: dd/mm/yyyy, d/m/yyyy, yyyy-mm-dd (optionally with a time), Excel serial numbers.
create or replace macro util.parse_date_text(t) as (
  case
    when t is null then null
    when try_strptime(t, '%d/%m/%Y') is not null then try_strptime(t, '%d/%m/%Y')::date
    when regexp_full_match(t, '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([ T].*)?') then try_strptime(t[1:10], '%Y-%m-%d')::date
    when regexp_full_match(t, '[0-9]{1,2}[/.\-][0-9]{1,2}[/.\-][0-9]{4}') then try_strptime(regexp_replace(t, '[.\-]', '/', 'g'), '%d/%m/%Y')::date
    when regexp_full_match(t, '[0-9]{5}(\.0+)?') then date '1899-12-30' + cast(floor(t::double) as integer)
  end);
create or replace macro util.parse_date(s) as util.parse_date_text(util.clean(s));

-- Month (ky): mm/yyyy, m/yyyy, yyyy-mm, "Tháng 6/2024"; returns the first day of the month.
create or replace macro util.parse_month_text(t) as (
  case
    when t is null or t = '' then null
    when regexp_full_match(t, '[0-9]{1,2} [0-9]{4}') then try_strptime('01/' || replace(t, ' ', '/'), '%d/%m/%Y')::date
    when regexp_full_match(t, '[0-9]{4} [0-9]{1,2}') then try_strptime(replace(t, ' ', '-') || '-01', '%Y-%m-%d')::date
    when regexp_full_match(t, '[0-9]{4} [0-9]{1,2} [0-9]{1,2}') then date_trunc('month', try_strptime(replace(t, ' ', '-'), '%Y-%m-%d'))::date
  end);
-- Fast paths: `yyyy-mm` (what the careful path makes of it too) and `mm/yyyy`.
create or replace macro util.parse_month(s) as coalesce(
  case when regexp_full_match(s::varchar, '[0-9]{4}-[0-9]{1,2}') then try_strptime(s::varchar || '-01', '%Y-%m-%d')::date end,
  try_strptime('01/' || trim(s::varchar), '%d/%m/%Y')::date,
  list_transform([s::varchar], lambda x: list_transform([regexp_replace(util.fold(x), '^thang ', '')], lambda t: util.parse_month_text(t))[1])[1]);

create or replace macro util.parse_year_text(t) as
  case when regexp_full_match(t, '[0-9]{4}(\.0+)?') and t[1:4]::int between 1975 and 2100 then t[1:4]::int end;
create or replace macro util.parse_year(s) as util.parse_year_text(util.clean(s));

-- Half-year: `nam` + `ky` (1/2, I/II) or one text "6 tháng đầu năm 2024" / "6 tháng cuối năm 2024".
-- Returns 'YYYY-H1' / 'YYYY-H2'.
create or replace macro util.parse_half_text(y, k) as (
  case
    when regexp_full_match(k, '6 thang dau nam [0-9]{4}') then right(k, 4) || '-H1'
    when regexp_full_match(k, '6 thang cuoi nam [0-9]{4}') then right(k, 4) || '-H2'
    when y is not null and k in ('1', 'i', '6 thang dau nam', 'dau nam', 'h1') then y::varchar || '-H1'
    when y is not null and k in ('2', 'ii', '6 thang cuoi nam', 'cuoi nam', 'h2') then y::varchar || '-H2'
  end);
create or replace macro util.parse_half(nam, ky) as util.parse_half_text(util.parse_year(nam), util.fold(ky));

-- Integers: VND amounts and counts. Vietnamese thousands dots and English commas tolerated.
create or replace macro util.parse_bigint_text(t) as (
  case
    when t is null then null
    when regexp_full_match(t, '-?[0-9]+') then try_cast(t as bigint)
    when regexp_full_match(t, '-?[0-9]{1,3}(\.[0-9]{3})+') then try_cast(replace(t, '.', '') as bigint)
    when regexp_full_match(t, '-?[0-9]{1,3}(,[0-9]{3})+') then try_cast(replace(t, ',', '') as bigint)
    when regexp_full_match(t, '-?[0-9]+\.0+') then try_cast(split_part(t, '.', 1) as bigint)
  end);
-- Fast path: a plain integer. DuckDB casts '155.330' to 155, so text with a dot or a
-- comma always takes the careful path (there, '155.330' is 155,330 with Vietnamese dots).
create or replace macro util.parse_bigint(s) as coalesce(
  case when not contains(s::varchar, '.') and not contains(s::varchar, ',') then try_cast(s::varchar as bigint) end,
  list_transform([s::varchar], lambda x: list_transform([regexp_replace(util.clean(x), '\s', '', 'g')], lambda t: util.parse_bigint_text(t))[1])[1]);

-- Decimal numbers (e.g. revenue in million VND): `1.234,5` or `1,234.5` or `1234.5`.
create or replace macro util.parse_number_text(t) as (
  case
    when t is null then null
    when regexp_full_match(t, '-?[0-9]+([.][0-9]+)?([eE][-+]?[0-9]+)?') then try_cast(t as double)
    when regexp_full_match(t, '-?[0-9]{1,3}(\.[0-9]{3})*(,[0-9]+)?') then try_cast(replace(replace(t, '.', ''), ',', '.') as double)
    when regexp_full_match(t, '-?[0-9]{1,3}(,[0-9]{3})*(\.[0-9]+)?') then try_cast(replace(t, ',', '') as double)
  end);
-- Fast path: a plain decimal without spaces (the careful path's first case, unchanged).
create or replace macro util.parse_number(s) as coalesce(
  case when regexp_full_match(s::varchar, '-?[0-9]+([.][0-9]+)?([eE][-+]?[0-9]+)?') then try_cast(s::varchar as double) end,
  list_transform([s::varchar], lambda x: list_transform([regexp_replace(util.clean(x), '\s', '', 'g')], lambda t: util.parse_number_text(t))[1])[1]);

create or replace macro util.parse_boolean_text(t) as (
  case
    when t is null or t = '' then null
    when t in ('co', 'x', '1', 'yes', 'y', 'true', 'c') then true
    when t in ('khong', '0', 'no', 'n', 'false', 'k') then false
  end);
-- Fast path: the two answers as the sample and most agencies write them (NFC).
create or replace macro util.parse_boolean(s) as
  case s::varchar when 'không' then false when 'có' then true
       else list_transform([s::varchar], lambda x: list_transform([util.fold(x)], lambda t: util.parse_boolean_text(t))[1])[1] end;

-- Finance period: month mm/yyyy (or yyyy-mm), quarter Q2/2024 ("Quý 2/2024"), year 2024.
create or replace macro util.finance_period_of(grain, start, months) as {
  'grain': grain,
  'period_start': start,
  'period_end': (start + to_months(months) - interval 1 day)::date,
  'period_key': grain || ':' || strftime(start, '%Y-%m')
};
create or replace macro util.parse_finance_period_text(t, s) as
  case
    when regexp_full_match(t, '(q|quy) ?[1-4] [0-9]{4}')
      then util.finance_period_of('QUARTER', make_date(right(t, 4)::int, (regexp_extract(t, '[1-4]')::int - 1) * 3 + 1, 1), 3)
    when regexp_full_match(t, '[0-9]{4}') then util.finance_period_of('YEAR', make_date(t::int, 1, 1), 12)
    when util.parse_month(s) is not null then util.finance_period_of('MONTH', util.parse_month(s), 1)
  end;
-- Fast path: a month `mm/yyyy` (the careful path reads it with parse_month, the same way).
create or replace macro util.parse_finance_period(s) as coalesce(
  case when regexp_full_match(s::varchar, '[0-9]{1,2}/[0-9]{4}')
    then list_transform([try_strptime('01/' || s::varchar, '%d/%m/%Y')::date], lambda m: case when m is not null then util.finance_period_of('MONTH', m, 1) end)[1] end,
  list_transform([s::varchar], lambda x: util.parse_finance_period_text(util.fold(x), x))[1]);
