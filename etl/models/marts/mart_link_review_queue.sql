-- The analysts' review queue as the API lists it (queries/linking.ts reviewQueue,
-- linkReviewQueue): every candidate unit of each record the linker could not decide, with
-- both sides' evidence, the comparison levels, the match weight and probability and why the
-- best candidate was not linked (int_link_review_queue, which documents every column).
-- Grain: dataset, source_key, tax_code; candidate_rank 1 is the record's best candidate.
-- Pairs already decided are not listed; a decision takes effect on the next build.
create or replace table main.mart_link_review_queue as
with queue as (select * from main.int_link_review_queue),
final as (
  select *
  from queue
  order by dataset, source_key, candidate_rank
)
select * from final
