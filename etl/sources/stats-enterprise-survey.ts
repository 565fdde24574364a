import { codes, datasetAgencyWithTerm, OWNERSHIPS } from "../../core/code-lists.js";
import { column, defineDataset } from "./dataset-contract.js";

export const statsEnterpriseSurvey = defineDataset({
  id: "stats_enterprise_survey",
  agency: datasetAgencyWithTerm("stats_enterprise_survey"),
  grain: "one enterprise × year",
  order: 3,
  columns: [
    column("nam", "year", "Survey year", { required: true, aliases: ["year"] }),
    column("ma_so_thue", "tax_code", "Tax code", { required: true, aliases: ["tax_code", "mst"] }),
    column("ten_doanh_nghiep", "text", "Enterprise name", { required: true, aliases: ["name"] }),
    column("ma_xa", "text", "Commune code", { aliases: ["commune_code"] }),
    column("dia_chi", "text", "Address", { aliases: ["address"] }),
    column("loai_hinh_so_huu", "text", `Ownership: ${codes(OWNERSHIPS).join(", ")}`, { aliases: ["ownership"] }),
    column("nganh_kinh_te", "text", "VSIC code", { aliases: ["vsic"] }),
    column("lao_dong", "count", "Employees at 31 December", { required: true, aliases: ["employees"] }),
    column("lao_dong_nu", "count", "Female employees", { aliases: ["female_employees"] }),
    column("doanh_thu", "number", "Revenue, million VND", { aliases: ["revenue_million_vnd"] }),
    column("khu_cong_nghiep", "text", "Industrial or economic zone", { aliases: ["industrial_zone"] }),
  ],
  rules: [{ reason: "INCONSISTENT", badWhen: "p.lao_dong_nu > p.lao_dong", message: "female employees exceed employees" }],
  replacement: { by: "period", sql: "p.nam::varchar", rowKey: "p.ma_so_thue" },
});
