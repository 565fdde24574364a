-- Tax registry snapshots, typed. One row per raw row (every snapshot is kept; the latest
-- per tax code is chosen in int_employer_units). The snapshot date is `ngay_du_lieu`,
-- else the batch's `--as-of` date.
create or replace table main.stg_tax__enterprises as
with source as (
  select r.*, b.as_of as batch_as_of from raw.tax_enterprises r left join lineage.batches b using (batch_id)
),
renamed as (
  select
    batch_id,
    line_no,
    util.parse_tax_code(ma_so_thue) as tax_code,
    util.clean(ten_doanh_nghiep) as name,
    util.clean(dia_chi) as address,
    mdl.admin_code(ma_xa, 5) as commune_code,
    mdl.admin_code(ma_huyen, 3) as district_code,
    util.clean(loai_hinh) as legal_form_text,
    util.clean(nganh_kinh_te) as vsic_text,
    ngay_thanh_lap as registered_on,
    util.clean(trang_thai) as status_text,
    ngay_cham_dut as closed_on,
    util.clean(ma_so_thue_chu_quan) as parent_tax_code_text,
    util.parse_tax_code(ma_so_thue_chu_quan) as parent_tax_code_reported,
    coalesce(ngay_du_lieu, batch_as_of) as snapshot_on
  from source
),
final as (
  select
    batch_id,
    line_no,
    tax_code,
    length(tax_code) = 13 as is_branch,
    tax_code[1:10] as root_tax_code,
    -- a branch's parent: the reported parent when valid, else the branch's own root
    case when length(tax_code) = 13 then coalesce(parent_tax_code_reported, tax_code[1:10]) else parent_tax_code_reported end as parent_tax_code,
    parent_tax_code_text,
    name,
    util.fold(name) as name_folded,
    address,
    commune_code,
    district_code,
    legal_form_text,
    mdl.legal_form(legal_form_text) as legal_form,
    vsic_text,
    mdl.vsic_code(vsic_text) as vsic,
    mdl.vsic_section(mdl.vsic_code(vsic_text)) as sector_section,
    registered_on,
    status_text,
    mdl.unit_status(status_text) as status,
    closed_on,
    snapshot_on
  from renamed
)
select * from final
