-- Written by `npm run seeds` from core/code-lists.ts and etl/models/seeds/seed-tables.ts: edit those, not this file.
-- VSIC 2018 (Decision 27/2018/QĐ-TTg): two-digit division ranges → section letter.
create or replace table main.seed_vsic_divisions as
with ranges (division_from, division_to, section) as (
  values
    (1, 3, 'A'), (5, 9, 'B'), (10, 33, 'C'), (35, 35, 'D'), (36, 39, 'E'), (41, 43, 'F'),
    (45, 47, 'G'), (49, 53, 'H'), (55, 56, 'I'), (58, 63, 'J'), (64, 66, 'K'), (68, 68, 'L'),
    (69, 75, 'M'), (77, 82, 'N'), (84, 84, 'O'), (85, 85, 'P'), (86, 88, 'Q'), (90, 93, 'R'),
    (94, 96, 'S'), (97, 98, 'T'), (99, 99, 'U')
),
final as (select division_from::integer as division_from, division_to::integer as division_to, section::varchar as section from ranges)
select * from final
