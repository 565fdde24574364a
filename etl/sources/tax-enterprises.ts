import { datasetAgencyWithTerm } from "../../core/code-lists.js";
import { column, defineDataset } from "./dataset-contract.js";

export const taxEnterprises = defineDataset({
  id: "tax_enterprises",
  agency: datasetAgencyWithTerm("tax_enterprises"),
  grain: "one tax registration (enterprise or branch)",
  order: 1,
  columns: [
    column("ma_so_thue", "tax_code", "Tax code (mã số thuế), 10 digits or 13 for a branch", {
      required: true,
      aliases: ["tax_code", "mst"],
      missingReason: "INVALID_TAX_CODE",
    }),
    column("ten_doanh_nghiep", "text", "Registered name", { required: true, aliases: ["ten_nguoi_nop_thue", "name", "ten_don_vi"] }),
    column("dia_chi", "text", "Address", { aliases: ["address"] }),
    column("ma_xa", "text", "Commune code (GSO, 5 digits)", { aliases: ["commune_code"] }),
    column("ma_huyen", "text", "District code (GSO, 3 digits, before July 2025)", { aliases: ["district_code"] }),
    column("loai_hinh", "text", "Legal form as written by the agency", { aliases: ["legal_form", "loai_hinh_doanh_nghiep"] }),
    column("nganh_kinh_te", "text", "VSIC 2018 code", { aliases: ["vsic", "nganh_nghe"] }),
    column("ngay_thanh_lap", "date", "Registration date", { aliases: ["ngay_cap", "registered_on"] }),
    column("trang_thai", "text", "Status as written by the agency", { aliases: ["status"] }),
    column("ngay_cham_dut", "date", "Closing date", { aliases: ["closed_on"] }),
    column("ma_so_thue_chu_quan", "tax_code", "Parent tax code, for branches", { aliases: ["parent_tax_code", "mst_chu_quan"], keepInvalid: true }),
    column("ngay_du_lieu", "date", "Snapshot date of the export", { aliases: ["as_of"] }),
  ],
  rules: [
    {
      reason: "INCONSISTENT",
      badWhen: "p.ngay_thanh_lap > coalesce(p.ngay_du_lieu, batch_as_of)",
      message: "registration date is after the snapshot date",
    },
  ],
  replacement: { by: "period", sql: "coalesce(p.ngay_du_lieu, batch_as_of)::varchar", rowKey: "p.ma_so_thue" },
});
