-- Calendar: one row per day from 2015-01-01 to 2031-12-31.
create or replace table main.dim_date as
with days as (
  select unnest(range(date '2015-01-01', date '2032-01-01', interval 1 day))::date as date
),
final as (
  select
    date,
    year(date)::integer as year,
    quarter(date)::integer as quarter,
    month(date)::integer as month,
    day(date)::integer as day,
    (case when month(date) <= 6 then 1 else 2 end)::integer as half,
    year(date)::varchar || '-Q' || quarter(date)::varchar as quarter_label,
    year(date)::varchar || '-H' || (case when month(date) <= 6 then 1 else 2 end)::varchar as half_label,
    strftime(date, '%Y-%m') as month_label,
    date_trunc('month', date)::date as month_start,
    last_day(date) as month_end,
    date_trunc('quarter', date)::date as quarter_start,
    make_date(year(date), 1, 1) as year_start,
    isodow(date)::integer as iso_day_of_week,
    date = last_day(date) as is_month_end,
    month(date) = 12 and day(date) = 31 as is_year_end
  from days
)
select * from final
