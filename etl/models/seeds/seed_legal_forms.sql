-- Written by `npm run seeds` from core/code-lists.ts and etl/models/seeds/seed-tables.ts: edit those, not this file.
-- Patterns: RE2 over the folded text (util.fold); the matching pattern with the lowest priority wins.
-- Legal form (`loai_hinh`) → code. Text that matches no pattern is KHAC.
-- Branch and representative-office words come first ("Chi nhánh công ty TNHH …" is a
-- branch), one-member forms before the plain "TNHH" (read as two or more members).
create or replace table main.seed_legal_forms as
with patterns (priority, pattern, legal_form) as (
  values
    (10, '\bchi nhanh\b|^cn\b', 'CHI_NHANH'),
    (20, '\bvan phong dai dien\b|\bvpdd\b|\bvp dai dien\b', 'VP_DAI_DIEN'),
    (30, '\bdoanh nghiep nha nuoc\b|\bdnnn\b|\bcong ty nha nuoc\b', 'DNNN'),
    (40, '(tnhh|trach nhiem huu han).*\b(mot|1) ?(thanh vien|tv)\b|\bmtv\b|\b1tv\b', 'TNHH_1TV'),
    (50, '\btnhh\b|\btrach nhiem huu han\b|\b(hai|2) ?(thanh vien|tv)\b', 'TNHH_2TV'),
    (60, '\bco phan\b|\bctcp\b|\bcp\b', 'CO_PHAN'),
    (70, '\bdoanh nghiep tu nhan\b|\bdntn\b', 'DNTN'),
    (80, '\bhop danh\b', 'HOP_DANH'),
    (90, '\bhop tac xa\b|\bhtx\b', 'HTX')
),
final as (select priority::integer as priority, pattern::varchar as pattern, legal_form::varchar as legal_form from patterns)
select * from final
