-- When each employer unit is known to exist: registration and closing (tax registry),
-- first and last evidence in any linked source, and the datasets that report it.
--   active_from        = registration date, else the first evidence (units known only
--                        from other sources have no registration date);
--   closed_effective_on = closing date, else the snapshot date of a CLOSED status;
--   evidence_from      = the earlier of registration and first evidence: mart rows start
--                        in its year, so no linked fact falls outside the unit's rows.
create or replace table main.int_unit_activity as
with seen as (
  select
    tax_code,
    min(first_period_start) as first_seen_on,
    max(last_period_start) as last_seen_on,
    list(distinct dataset order by dataset) as source_datasets
  from main.int_link_keys
  where tax_code is not null
  group by tax_code
),
final as (
  select
    u.tax_code,
    u.registered_on,
    u.closed_on,
    u.status,
    s.first_seen_on,
    s.last_seen_on,
    coalesce(s.source_datasets, []::varchar[]) as source_datasets,
    coalesce(u.registered_on, s.first_seen_on) as active_from,
    coalesce(u.closed_on, case when u.status = 'CLOSED' then u.snapshot_on end) as closed_effective_on,
    least(u.registered_on, s.first_seen_on) as evidence_from
  from main.int_employer_units u
  left join seen s using (tax_code)
)
select * from final
