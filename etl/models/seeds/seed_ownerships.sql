-- Written by `npm run seeds` from core/code-lists.ts and etl/models/seeds/seed-tables.ts: edit those, not this file.
-- Patterns: RE2 over the folded text (util.fold); the matching pattern with the lowest priority wins.
-- Ownership (`loai_hinh_so_huu` of the statistics survey) → STATE / NON_STATE / FDI ("ngoài nhà nước" before "nhà nước").
create or replace table main.seed_ownerships as
with patterns (priority, pattern, ownership) as (
  values
    (10, '\bngoai nha nuoc\b|\bngoai quoc doanh\b|\bnon state\b|\btu nhan\b|\btap the\b', 'NON_STATE'),
    (20, '\bnuoc ngoai\b|\bfdi\b|\bforeign\b', 'FDI'),
    (30, '\bnha nuoc\b|\bquoc doanh\b|\bstate\b|\bdnnn\b', 'STATE')
),
final as (select priority::integer as priority, pattern::varchar as pattern, ownership::varchar as ownership from patterns)
select * from final
