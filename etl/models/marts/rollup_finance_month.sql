-- Union-fee collection per month summed by the attributes analytics groups and filters
-- finance by (queries/semantic/rollups.catalog.ts, ROLLUP_FINANCE_MONTH), each unit-month
-- with its unit's values in the month's year (a month of a unit-year the mart lacks keeps
-- NULL keys, as the API's left join does). Money sums at any grain; arrears, non-payers,
-- late units and the unit counts are per unit-month, exact for a one-month question only;
-- SI arrears and the units with SI arrears are stocks (a period's value is its last
-- month's), exact at any grain. Grain: the key columns together; ordered by month.
create or replace table main.rollup_finance_month as
with months as (select * from main.mart_unit_month_finance),
unit_years as (select * from main.mart_unit_year),
final as (
  select
    f.month::date as month,
    u.district_code::varchar as district_code,
    u.new_province_code::varchar as new_province_code,
    u.sector_section::varchar as sector_section,
    u.ownership::varchar as ownership,
    u.active::boolean as active,
    u.has_union::boolean as has_union,
    count(*)::integer as units,
    sum(f.fee_due)::bigint as fee_due,
    sum(f.fee_paid)::bigint as fee_paid,
    sum(greatest(0, f.fee_due - f.fee_paid))::bigint as arrears,
    (count(*) filter (where f.fee_due > 0 and f.fee_paid = 0))::integer as non_payers,
    (count(*) filter (where f.fee_due > 0))::integer as units_owing,
    (count(*) filter (where f.fee_paid > 0))::integer as paying_units,
    sum(f.member_dues_paid)::bigint as member_dues_paid,
    sum(f.expected_member_dues)::bigint as expected_member_dues,
    sum(f.insured_workers)::bigint as insured_workers,
    sum(f.fee_paid_on_time)::bigint as fee_paid_on_time,
    (count(*) filter (where f.fee_paid_late > 0))::integer as late_units,
    sum(f.si_arrears)::bigint as si_arrears,
    (count(*) filter (where f.si_arrears > 0))::integer as si_arrears_units
  from months f
  left join unit_years u on u.tax_code = f.tax_code and u.year = f.year
  group by all
  order by month, district_code, sector_section
)
select * from final
