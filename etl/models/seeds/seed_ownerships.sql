-- Ownership (`loai_hinh_so_huu` of the statistics survey) → STATE / NON_STATE / FDI,
-- by folded-text patterns; lowest priority wins ("ngoài nhà nước" before "nhà nước").
create or replace table main.seed_ownerships as
with patterns (priority, pattern, ownership) as (
  values
    (10, '\bngoai nha nuoc\b|\bngoai quoc doanh\b|\bnon state\b|\btu nhan\b|\btap the\b', 'NON_STATE'),
    (20, '\bnuoc ngoai\b|\bfdi\b|\bforeign\b', 'FDI'),
    (30, '\bnha nuoc\b|\bquoc doanh\b|\bstate\b|\bdnnn\b', 'STATE')
),
final as (select priority, pattern, ownership from patterns)
select * from final
