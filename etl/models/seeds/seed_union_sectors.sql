-- Written by `npm run seeds` from core/code-lists.ts and etl/models/seeds/seed-tables.ts: edit those, not this file.
-- Patterns: RE2 over the folded text (util.fold); the matching pattern with the lowest priority wins.
-- Union registry sector (`khu_vuc`) → HCSN, DNNN, NGOAI_NHA_NUOC, FDI, NGHIEP_DOAN (text matching
-- none is KHAC), and the employer ownership each sector implies (used only when the statistics
-- survey does not give one).
create or replace table main.seed_union_sectors as
with patterns (priority, pattern, sector, ownership) as (
  values
    (10, '\bngoai nha nuoc\b|\bngoai quoc doanh\b|\bnnn\b', 'NGOAI_NHA_NUOC', 'NON_STATE'),
    (20, '\bhcsn\b|\bhanh chinh\b|\bsu nghiep\b', 'HCSN', 'STATE'),
    (30, '\bnghiep doan\b', 'NGHIEP_DOAN', null),
    (40, '\bfdi\b|\bnuoc ngoai\b', 'FDI', 'FDI'),
    (50, '\bdnnn\b|\bnha nuoc\b', 'DNNN', 'STATE'),
    (60, '\bkhac\b', 'KHAC', null)
),
final as (select priority::integer as priority, pattern::varchar as pattern, sector::varchar as sector, ownership::varchar as ownership from patterns)
select * from final
