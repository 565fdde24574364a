import { datasetAgencyWithTerm } from "../../core/code-lists.js";
import { column, defineDataset } from "./dataset-contract.js";

export const labourWorkforceReports = defineDataset({
  id: "labour_workforce_reports",
  agency: datasetAgencyWithTerm("labour_workforce_reports"),
  grain: "one employer × half-year",
  order: 4,
  columns: [
    column("nam", "year", "Year (may be omitted when ky names it, e.g. '6 tháng đầu năm 2024')", { aliases: ["year"] }),
    column("ky", "half", "Half-year: 1 or 2, or '6 tháng đầu/cuối năm YYYY'", { required: true, aliases: ["half", "ky_bao_cao"] }),
    column("ma_so_thue", "tax_code", "Tax code", { required: true, aliases: ["tax_code", "mst"] }),
    column("ten_doanh_nghiep", "text", "Employer name", { required: true, aliases: ["name"] }),
    column("tong_lao_dong", "count", "Workers at the end of the half-year", { required: true, aliases: ["total_workers"] }),
    column("lao_dong_nu", "count", "Female workers", { aliases: ["female_workers"] }),
    column("co_to_chuc_dai_dien_khac", "boolean", "A worker representative organisation outside the Vietnam Trade Union exists", {
      aliases: ["other_worker_organisation"],
    }),
  ],
  rules: [{ reason: "INCONSISTENT", badWhen: "p.lao_dong_nu > p.tong_lao_dong", message: "female workers exceed total workers" }],
  replacement: { by: "period", sql: "p.ky", rowKey: "p.ma_so_thue" },
});
