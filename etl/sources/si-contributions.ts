import { datasetAgencyWithTerm } from "../../core/code-lists.js";
import { column, defineDataset } from "./dataset-contract.js";

export const siContributions = defineDataset({
  id: "si_contributions",
  agency: datasetAgencyWithTerm("si_contributions"),
  grain: "one employer unit × month",
  order: 2,
  columns: [
    column("ma_don_vi", "text", "Social-insurance unit code", { required: true, aliases: ["si_unit_code", "ma_dv"] }),
    column("ten_don_vi", "text", "Unit name", { required: true, aliases: ["unit_name"] }),
    column("ma_so_thue", "tax_code", "Tax code; an invalid one is kept and flagged, never used as a key", { aliases: ["tax_code", "mst"], keepInvalid: true }),
    column("dia_chi", "text", "Address", { aliases: ["address"] }),
    column("ky", "month", "Month", { required: true, aliases: ["period", "month", "thang"] }),
    column("so_lao_dong", "count", "Insured workers", { required: true, aliases: ["insured_workers"] }),
    column("quy_luong", "money", "Monthly salary fund on which social insurance is paid (VND)", {
      required: true,
      aliases: ["salary_fund", "quy_luong_dong_bhxh"],
    }),
    column("so_no", "money", "Social-insurance arrears at month end (VND)", { aliases: ["arrears"] }),
    column(
      "ngan_sach_bao_dam",
      "boolean",
      "The unit's recurrent spending is funded wholly by the state budget (ngân sách nhà nước bảo đảm toàn bộ chi thường xuyên): no union fee from 1 July 2025",
      { aliases: ["state_budget_funded", "nsnn_bao_dam"] },
    ),
  ],
  rules: [],
  replacement: { by: "period", sql: "p.ky::varchar", rowKey: "trim(t.ma_don_vi)" },
});
