import { datasetAgencyWithTerm } from "../../core/code-lists.js";
import { column, defineDataset } from "./dataset-contract.js";

export const unionMembership = defineDataset({
  id: "union_membership",
  agency: datasetAgencyWithTerm("union_membership"),
  grain: "one CĐCS × year",
  order: 6,
  references: { column: "ma_cdcs", dataset: "union_grassroots_unions", reason: "UNKNOWN_UNION" },
  columns: [
    column("ma_cdcs", "text", "Grassroots union code; must name a known union", { required: true, aliases: ["union_code"] }),
    column("nam", "year", "Year", { required: true, aliases: ["year"] }),
    column("so_lao_dong", "count", "Workers at the unit at year end", { aliases: ["workers"] }),
    column("so_doan_vien", "count", "Members at year end", { required: true, aliases: ["members"] }),
    column("ket_nap_moi", "count", "Members admitted during the year", { required: true, aliases: ["admitted"] }),
    column("giam", "count", "Members who left during the year", { aliases: ["left"] }),
    column("doan_vien_nu", "count", "Female members", { aliases: ["female_members"] }),
  ],
  rules: [{ reason: "INCONSISTENT", badWhen: "p.doan_vien_nu > p.so_doan_vien", message: "female members exceed members" }],
  replacement: { by: "key", sql: "trim(t.ma_cdcs) || '|' || p.nam::varchar" },
});
