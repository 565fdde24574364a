-- The analysts' review queue: for every record the linker did not link but found a
-- likely unit for (int_link_matches status REVIEW), each candidate with match probability
-- ≥ lnk.review_probability(), best first, with both sides' evidence: what the source
-- wrote (name, tax code, address, commune, when it existed) and what the unit is (name,
-- tax code, address, commune, legal form, status), how the linker read the source's name
-- (source_name_reading: the reading the pair was compared on, name_expansions: the
-- dictionary entries it used, e.g. `TM → thương mại`; source_name_core and unit_name_core:
-- the names without their legal-form words), the comparison levels, the weight and why the
-- best candidate was not linked. An analyst answers with a row in
-- link.decisions (dataset, source_key, tax_code, ACCEPT|REJECT, who, when): the next
-- build links an ACCEPTed pair and drops a REJECTed one (queries/linking.ts).
-- Pairs already decided are not listed.
create or replace table main.int_link_review_queue as
with matches as (select * from main.int_link_matches where status = 'REVIEW'),
decisions as (select * from main.int_link_decisions),
accepted_records as (select distinct dataset, source_key from decisions where decision = 'ACCEPT'),
candidates as (
  select c.*
  from main.int_link_candidates c
  semi join matches m on m.dataset = c.dataset and m.source_key = c.source_key
  anti join accepted_records a on a.dataset = c.dataset and a.source_key = c.source_key
  anti join decisions d
    on d.dataset = c.dataset and d.source_key = c.source_key and d.tax_code = c.tax_code and d.decision = 'REJECT'
  where c.match_probability >= lnk.review_probability()
),
final as (
  select
    c.dataset,
    c.source_key,
    c.tax_code,
    row_number() over (partition by c.dataset, c.source_key order by c.match_weight desc, c.tax_code) as candidate_rank,
    m.reason,
    m.conflict_source_key,
    c.match_probability,
    c.match_weight,
    c.blocking_rules,
    c.tax_code_level,
    c.name_level,
    c.legal_form_level,
    c.location_level,
    c.name_jaro_winkler,
    c.name_token_overlap,
    c.source_name_reading,
    c.name_expansions,
    c.source_name_core,
    c.unit_name_core,
    c.name_reading_weight,
    r.name as source_name,
    r.tax_code_text as source_tax_code_text,
    r.address as source_address,
    r.commune_code as source_commune_code,
    r.valid_from as source_valid_from,
    r.valid_to as source_valid_to,
    r.source_rows,
    r.batch_id as source_batch_id,
    r.line_no as source_line_no,
    u.name as unit_name,
    u.address as unit_address,
    u.commune_code as unit_commune_code,
    u.legal_form as unit_legal_form,
    u.status as unit_status
  from candidates c
  join matches m on m.dataset = c.dataset and m.source_key = c.source_key
  join main.int_link_records r on r.dataset = c.dataset and r.source_key = c.source_key
  join main.int_link_units u on u.tax_code = c.tax_code
)
select * from final
