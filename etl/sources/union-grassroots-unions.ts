import { codes, datasetAgencyWithTerm, UNION_SECTORS } from "../../core/code-lists.js";
import { column, defineDataset } from "./dataset-contract.js";

export const unionGrassrootsUnions = defineDataset({
  id: "union_grassroots_unions",
  agency: datasetAgencyWithTerm("union_grassroots_unions"),
  grain: "one grassroots union",
  order: 0,
  uniqueKey: ["ma_cdcs"],
  columns: [
    column("ma_cdcs", "text", "Grassroots union code", { required: true, aliases: ["union_code"] }),
    column("ten_cdcs", "text", "Grassroots union name", { required: true, aliases: ["union_name"] }),
    column("ma_so_thue", "tax_code", "Employer tax code; often missing or mistyped", { aliases: ["tax_code", "mst"], keepInvalid: true }),
    column("ten_don_vi", "text", "Employer name (required when the tax code is missing)", { aliases: ["employer_name"] }),
    column("dia_chi", "text", "Address", { aliases: ["address"] }),
    column("ma_xa", "text", "Commune code", { aliases: ["commune_code"] }),
    column("cong_doan_cap_tren", "text", "Directly superior union", { aliases: ["upper_union"] }),
    column("khu_vuc", "text", `Sector: ${codes(UNION_SECTORS).join(", ")}`, { aliases: ["sector"] }),
    column("ngay_thanh_lap", "date", "Founding date", { required: true, aliases: ["founded_on"] }),
    column("ngay_giai_the", "date", "Dissolution date", { aliases: ["dissolved_on"] }),
  ],
  rules: [
    {
      reason: "MISSING_REQUIRED",
      badWhen: "util.clean(t.ma_so_thue) is null and util.clean(t.ten_don_vi) is null",
      message: "employer name (ten_don_vi) is required when the tax code is missing",
    },
    { reason: "INCONSISTENT", badWhen: "p.ngay_giai_the < p.ngay_thanh_lap", message: "dissolved before it was founded" },
  ],
  replacement: { by: "key", sql: "trim(t.ma_cdcs)" },
});
