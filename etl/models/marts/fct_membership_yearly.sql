-- Membership returns: one row per grassroots union and year (the latest return when a
-- union reports a year twice), linked to the employer unit through the union.
-- left_members is 0 when `giam` is not reported.
create or replace table main.fct_membership_yearly as
with returns as (
  select m.*, l.tax_code, l.method as link_method
  from main.stg_union__membership m
  join main.int_link_keys l
    on l.dataset = 'union_membership' and l.source_key is not distinct from m.union_code and l.source_tax_code is null
  where m.union_code is not null and m.year is not null
  qualify row_number() over (partition by m.union_code, m.year order by m.batch_id desc, m.line_no desc) = 1
),
final as (
  select
    r.union_code,
    r.year,
    r.tax_code,
    r.link_method,
    u.upper_union,
    r.workers,
    coalesce(r.members, 0)::integer as members,
    coalesce(r.new_members, 0)::integer as new_members,
    coalesce(r.left_members, 0)::integer as left_members,
    (coalesce(r.new_members, 0) - coalesce(r.left_members, 0))::integer as net_growth,
    r.female_members,
    r.batch_id,
    r.line_no
  from returns r
  left join main.int_unions u using (union_code)
)
select * from final
