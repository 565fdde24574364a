import { datasetAgencyWithTerm } from "../../core/code-lists.js";
import { column, defineDataset } from "./dataset-contract.js";

export const labourCollectiveAgreements = defineDataset({
  id: "labour_collective_agreements",
  agency: datasetAgencyWithTerm("labour_collective_agreements"),
  grain: "one collective agreement",
  order: 5,
  columns: [
    column("ma_so_thue", "tax_code", "Tax code of the employer", { required: true, aliases: ["tax_code", "mst"] }),
    column("ten_doanh_nghiep", "text", "Employer name", { aliases: ["name"] }),
    column("ngay_ky", "date", "Signing date", { required: true, aliases: ["signed_on"] }),
    column("ngay_hieu_luc", "date", "Effective date (default: signing date)", { aliases: ["effective_on"] }),
    column("ngay_het_han", "date", "Expiry date", { aliases: ["expires_on"] }),
    column("thoi_han_thang", "count", "Term in months", { aliases: ["term_months"] }),
    column("so_nld_ap_dung", "count", "Workers covered", { aliases: ["workers_covered"] }),
  ],
  rules: [
    {
      reason: "MISSING_REQUIRED",
      badWhen: "p.ngay_het_han is null and p.thoi_han_thang is null",
      message: "neither expiry date (ngay_het_han) nor term (thoi_han_thang) is given",
    },
    {
      reason: "INCONSISTENT",
      badWhen:
        "coalesce(p.ngay_het_han, coalesce(p.ngay_hieu_luc, p.ngay_ky) + to_months(p.thoi_han_thang) - interval 1 day) < coalesce(p.ngay_hieu_luc, p.ngay_ky)",
      message: "the agreement ends before it starts",
    },
  ],
  replacement: { by: "key", sql: "p.ma_so_thue || '|' || p.ngay_ky::varchar" },
});
