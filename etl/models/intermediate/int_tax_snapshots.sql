-- Tax registry snapshots with what the registry's rows mean: one row per staged row
-- (stg_tax__enterprises; every snapshot is kept, the latest per tax code is chosen in
-- int_employer_units). The snapshot date is the row's `ngay_du_lieu`, else its batch's
-- `--as-of` date (lineage.batches). Codes mapped through the code lists (legal form, VSIC
-- code and section, status: mdl macros over the seeds); a branch (13-digit code) has its
-- 10-digit root, and its parent is the reported parent when valid, else its own root.
create or replace table main.int_tax_snapshots as
with staged as (select * from main.stg_tax__enterprises),
batches as (select batch_id, as_of from lineage.batches),
final as (
  select
    s.batch_id,
    s.line_no,
    s.tax_code,
    length(s.tax_code) = 13 as is_branch,
    s.tax_code[1:10] as root_tax_code,
    -- a branch's parent: the reported parent when valid, else the branch's own root
    case when length(s.tax_code) = 13 then coalesce(s.parent_tax_code_reported, s.tax_code[1:10]) else s.parent_tax_code_reported end as parent_tax_code,
    s.parent_tax_code_text,
    s.name,
    s.name_folded,
    s.address,
    s.commune_code,
    s.district_code,
    s.legal_form_text,
    mdl.legal_form(s.legal_form_text) as legal_form,
    s.vsic_text,
    mdl.vsic_code(s.vsic_text) as vsic,
    mdl.vsic_section(mdl.vsic_code(s.vsic_text)) as sector_section,
    s.registered_on,
    s.status_text,
    mdl.unit_status(s.status_text) as status,
    s.closed_on,
    coalesce(s.data_date, b.as_of) as snapshot_on
  from staged s
  left join batches b using (batch_id)
)
select * from final
