-- Written by `npm run seeds` from core/code-lists.ts and etl/models/seeds/seed-tables.ts: edit those, not this file.
-- Patterns: RE2 over the folded text (util.fold); the matching pattern with the lowest priority wins.
-- Tax-registry status (`trang_thai`) → ACTIVE / SUSPENDED / CLOSED. "Tạm ngừng hoạt động" must
-- be tested before "Ngừng hoạt động", and "không hoạt động tại địa chỉ" before "đang hoạt động".
-- Text matching no pattern maps to NULL (the text is kept beside it).
create or replace table main.seed_unit_statuses as
with patterns (priority, pattern, status) as (
  values
    (10, '\btam ngung\b|\btam dung\b|\bsuspended\b', 'SUSPENDED'),
    (20, '\bkhong hoat dong tai dia chi\b', 'SUSPENDED'),
    (30, '\bngung hoat dong\b|\bgiai the\b|\bcham dut\b|\bpha san\b|\bdong ma so thue\b|\bdong mst\b|\bda dong\b|\bclosed\b', 'CLOSED'),
    (40, '\bhoat dong\b|\bactive\b', 'ACTIVE')
),
final as (select priority::integer as priority, pattern::varchar as pattern, status::varchar as status from patterns)
select * from final
