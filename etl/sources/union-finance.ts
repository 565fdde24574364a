import { datasetAgencyWithTerm } from "../../core/code-lists.js";
import { column, defineDataset } from "./dataset-contract.js";

export const unionFinance = defineDataset({
  id: "union_finance",
  agency: datasetAgencyWithTerm("union_finance"),
  grain: "one payer × period",
  order: 7,
  columns: [
    column("ma_so_thue", "tax_code", "Paying employer's tax code", { required: true, aliases: ["tax_code", "mst"] }),
    column("ma_cdcs", "text", "Grassroots union code", { aliases: ["union_code"] }),
    column("ky", "finance_period", "Month mm/yyyy, quarter Q2/2024, or year 2024", { required: true, aliases: ["period"] }),
    column("kpcd_da_nop", "money", "Union fee received (kinh phí công đoàn, KPCĐ), VND", { required: true, aliases: ["union_fee_paid"] }),
    column("doan_phi_da_nop", "money", "Member dues received (đoàn phí), VND", { aliases: ["member_dues_paid"] }),
    column("ngay_nop", "date", "Payment date", { aliases: ["paid_on"] }),
  ],
  rules: [],
  // Payments are events: a later file may hold late payments for earlier periods, so a
  // re-delivery replaces the same payments (payer, period, payment date), not periods.
  replacement: { by: "key", sql: "p.ma_so_thue || '|' || p.ky.period_key || '|' || coalesce(p.ngay_nop::varchar, '')" },
});
