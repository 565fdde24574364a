-- Tax registry snapshots, renamed and typed. One row per raw row (every snapshot is kept).
-- The date the snapshot gives (`ngay_du_lieu`) is kept as given: int_tax_snapshots dates
-- each row (else the batch's `--as-of` date), maps its codes and derives a branch's parent.
create or replace table main.stg_tax__enterprises as
with source as (select * from raw.tax_enterprises),
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
    ngay_du_lieu as data_date
  from source
),
final as (
  select
    batch_id,
    line_no,
    tax_code,
    parent_tax_code_text,
    parent_tax_code_reported,
    name,
    util.fold(name) as name_folded,
    address,
    commune_code,
    district_code,
    legal_form_text,
    vsic_text,
    registered_on,
    status_text,
    closed_on,
    data_date
  from renamed
)
select * from final
