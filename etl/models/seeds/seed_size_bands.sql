-- Written by `npm run seeds` from core/code-lists.ts and etl/models/seeds/seed-tables.ts: edit those, not this file.
-- Size bands by workers (both bounds inclusive; an open upper bound is NULL).
create or replace table main.seed_size_bands as
with bands (sort_order, size_band, min_workers, max_workers) as (
  values
    (1, '<5', 0, 4), (2, '5-19', 5, 19), (3, '20-49', 20, 49),
    (4, '50-199', 50, 199), (5, '200-999', 200, 999), (6, '1000+', 1000, null)
),
final as (select sort_order::integer as sort_order, size_band::varchar as size_band, min_workers::integer as min_workers, max_workers::integer as max_workers from bands)
select * from final
