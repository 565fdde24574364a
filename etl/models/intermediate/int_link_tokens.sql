-- Name tokens and how rare they are: one row per token of the units' name cores
-- (int_link_units), with the number of units whose core has it (`units`) and its
-- inverse document frequency idf = ln(1 + N / units), N the number of units. The name
-- comparison weighs shared tokens by idf, so `duc` shared counts less than `sakura`.
-- A token no unit has gets ln(1 + N) (lnk.unseen_token_idf).
create or replace table main.int_link_tokens as
with unit_tokens as (
  select unnest(name_tokens) as token from main.int_link_units
),
unit_count as (select count(*) as n from main.int_link_units),
counts as (select token, count(*) as units from unit_tokens group by token),
final as (
  select c.token, c.units, ln(1 + n.n / c.units) as idf
  from counts c cross join unit_count n
)
select * from final
