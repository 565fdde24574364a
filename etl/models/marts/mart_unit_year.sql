-- One row per employer unit and year (the spine of int_unit_years) with every measure of
-- docs/DOMAIN.md § Measures, at the reference date 31/12/Y. Counts and money are 0, not NULL, without
-- data; workers and size_band are NULL when no source reports workers (NONE).
-- SI arrears are December's (a stock at 31/12); the fee paid on time and late are the
-- year's months' shares of fct_fee_payment_months (docs/DOMAIN.md § On-time payment);
-- state_budget_funded is the year's last SI month's (NULL without SI in the year).
create or replace table main.mart_unit_year as
with spine as (select * from main.int_unit_years),
units as (select * from main.dim_employer_unit),
workers as (select * from main.int_unit_year_workers),
unions_in_force as (
  select
    s.tax_code,
    s.year,
    list(u.union_code order by u.union_code) as union_codes,
    first(u.upper_union order by u.founded_on desc, u.union_code) filter (where u.upper_union is not null) as upper_union
  from spine s
  join main.int_unions u
    on u.tax_code = s.tax_code and u.founded_on <= s.year_end and (u.dissolved_on is null or u.dissolved_on > s.year_end)
  group by s.tax_code, s.year
),
membership as (
  select tax_code, year, sum(members) as members, sum(new_members) as new_members, sum(left_members) as left_members
  from main.fct_membership_yearly
  where tax_code is not null
  group by tax_code, year
),
agreements_in_force as (
  select distinct s.tax_code, s.year
  from spine s
  join main.int_agreements a
    on a.tax_code = s.tax_code and a.effective_on <= s.year_end and a.expires_on >= s.year_end
),
social_insurance as (
  select
    tax_code,
    year,
    count(*) as si_months,
    sum(salary_fund) as salary_fund,
    sum(union_fee_due) as fee_due,
    sum(si_arrears) filter (where month(month) = 12) as si_arrears,
    arg_max(state_budget_funded, month) as state_budget_funded
  from main.fct_si_monthly
  group by tax_code, year
),
payment_timing as (
  select tax_code, year, sum(fee_paid_on_time) as fee_paid_on_time, sum(fee_paid_late) as fee_paid_late
  from main.fct_fee_payment_months
  group by tax_code, year
),
finance as (
  select tax_code, year(period_start) as year, sum(fee_paid) as fee_paid, sum(dues_paid) as member_dues_paid
  from main.fct_finance
  where tax_code is not null and year(period_start) = year(period_end)
  group by tax_code, year(period_start)
),
joined as (
  select
    s.tax_code,
    s.year,
    s.active,
    u.*  exclude (tax_code),
    w.workers,
    w.workers_source,
    uf.union_codes,
    uf.upper_union,
    coalesce(m.members, 0) as members,
    coalesce(m.new_members, 0) as new_members,
    coalesce(m.left_members, 0) as left_members,
    af.tax_code is not null as has_agreement_in_force,
    coalesce(si.si_months, 0) as si_months,
    coalesce(si.salary_fund, 0) as salary_fund,
    coalesce(si.fee_due, 0) as fee_due,
    coalesce(f.fee_paid, 0) as fee_paid,
    coalesce(f.member_dues_paid, 0) as member_dues_paid,
    coalesce(si.si_arrears, 0) as si_arrears,
    si.state_budget_funded,
    coalesce(pt.fee_paid_on_time, 0) as fee_paid_on_time,
    coalesce(pt.fee_paid_late, 0) as fee_paid_late
  from spine s
  join units u using (tax_code)
  left join workers w on w.tax_code = s.tax_code and w.year = s.year
  left join unions_in_force uf on uf.tax_code = s.tax_code and uf.year = s.year
  left join membership m on m.tax_code = s.tax_code and m.year = s.year
  left join agreements_in_force af on af.tax_code = s.tax_code and af.year = s.year
  left join social_insurance si on si.tax_code = s.tax_code and si.year = s.year
  left join finance f on f.tax_code = s.tax_code and f.year = s.year
  left join payment_timing pt on pt.tax_code = s.tax_code and pt.year = s.year
),
final as (
  select
    tax_code::varchar as tax_code,
    year::integer as year,
    parent_tax_code::varchar as parent_tax_code,
    name::varchar as name,
    name_folded::varchar as name_folded,
    legal_form::varchar as legal_form,
    ownership::varchar as ownership,
    vsic::varchar as vsic,
    sector_section::varchar as sector_section,
    commune_code::varchar as commune_code,
    district_code::varchar as district_code,
    new_commune_code::varchar as new_commune_code,
    new_province_code::varchar as new_province_code,
    industrial_zone::varchar as industrial_zone,
    status::varchar as status,
    registered_on::date as registered_on,
    closed_on::date as closed_on,
    active::boolean as active,
    workers::integer as workers,
    workers_source::varchar as workers_source,
    mdl.size_band(workers)::varchar as size_band,
    (active and coalesce(workers >= 20, false))::boolean as in_scope_20,
    (union_codes is not null)::boolean as has_union,
    coalesce(union_codes, []::varchar[])::varchar[] as union_codes,
    upper_union::varchar as upper_union,
    members::integer as members,
    new_members::integer as new_members,
    left_members::integer as left_members,
    (union_codes is not null and has_agreement_in_force)::boolean as agreement_in_force,
    si_months::integer as si_months,
    salary_fund::bigint as salary_fund,
    fee_due::bigint as fee_due,
    fee_paid::bigint as fee_paid,
    greatest(0, fee_due - fee_paid)::bigint as arrears,
    member_dues_paid::bigint as member_dues_paid,
    (fee_due > 0 and fee_paid = 0)::boolean as nonpayer,
    si_arrears::bigint as si_arrears,
    state_budget_funded::boolean as state_budget_funded,
    fee_paid_on_time::bigint as fee_paid_on_time,
    fee_paid_late::bigint as fee_paid_late,
    (fee_paid_late > 0)::boolean as paid_late
  from joined
  -- ordered by unit: a lookup of a few units reads only their row groups (zone maps)
  order by tax_code, year
)
select * from final
