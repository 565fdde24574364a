// Union-fee collection (thu kinh phí công đoàn, KPCĐ): due, paid and arrears by month, the
// year's on-time payments and BHXH arrears (DashboardPayments), and the headline figure.
import { categoryChart } from "../charts.js";
import { filterLabel, filterOf } from "../filters.js";
import { esc, fmtMillion, fmtNumber, fmtPct } from "../format.js";
import { $, isCurrent, op, state } from "../state.js";
import { SUPPRESSED_LABEL, setExports, setKpi, view } from "./panel.js";

export function financeView(mine) {
  return view(
    "#panel-finance",
    "financeCollection",
    async () => {
      const from = `${state.year}-01-01`;
      const to = `${state.year}-12-31`;
      const [data, payments] = await Promise.all([
        op("DashboardFinance", { from, to, filter: filterOf() }),
        op("DashboardPayments", { year: state.year, filter: filterOf() }),
      ]);
      if (!isCurrent(mine)) return;
      const { periodTotals, total } = data.financeCollection;
      const timely = payments.analytics.total;
      $("#finance-note").textContent =
        `Kinh phí công đoàn (2% quỹ lương đóng BHXH) phải nộp, đã nộp và nợ đọng theo tháng năm ${state.year}, ${filterLabel()}; đơn vị: triệu đồng.` +
        (periodTotals.some((p) => p.suppressed) ? " Tháng có số liệu ẩn (quá ít đơn vị) để trống." : "") +
        (timely && !timely.suppressed
          ? ` Nộp đúng hạn: ${fmtPct(timely.onTimeRate)} số phải nộp (${fmtMillion(timely.feePaidOnTime)} triệu đồng), ${fmtNumber(timely.lateUnits)} đơn vị nộp chậm; nợ BHXH tại 31/12: ${fmtMillion(timely.siArrears)} triệu đồng ở ${fmtNumber(timely.siArrearsUnits)} đơn vị.`
          : "");
      const month = (p) => `T${Number(p.periodStart.slice(5, 7))}`;
      categoryChart($("#finance-chart"), {
        labels: periodTotals.map(month),
        xLabel: "Tháng",
        yLabel: "triệu đồng",
        yDigits: 1,
        series: [
          { label: "Đã nộp", values: periodTotals.map((p) => Number(p.paid) / 1e6), kind: "bar", colour: "#059669" },
          { label: "Phải nộp", values: periodTotals.map((p) => Number(p.due) / 1e6), kind: "line", colour: "#1f2937" },
          { label: "Nợ đọng", values: periodTotals.map((p) => Number(p.arrears) / 1e6), kind: "line", colour: "#dc2626" },
        ],
      });
      const line = (label, p, cls = "") =>
        `<tr class="${cls}" data-period="${esc(p.periodStart ?? "total")}"><td>${label}</td><td class="num">${fmtMillion(p.due)}</td><td class="num">${fmtMillion(p.paid)}</td>` +
        `<td class="num">${fmtPct(p.collectionRate)}</td><td class="num">${fmtMillion(p.arrears)}</td><td class="num">${fmtNumber(p.nonPayers)}/${fmtNumber(p.unitsOwing)}</td></tr>`;
      $("#finance-table").innerHTML =
        `<thead><tr><th>Tháng</th><th class="num">Phải nộp</th><th class="num">Đã nộp</th><th class="num">Tỷ lệ thu</th><th class="num">Nợ đọng</th><th class="num">DN chưa nộp</th></tr></thead><tbody>` +
        periodTotals.map((p) => line(`${Number(p.periodStart.slice(5, 7))}/${p.periodStart.slice(0, 4)}`, p)).join("") +
        line(`Cả năm ${state.year}`, { ...total, periodStart: null }, "total") +
        "</tbody>";
      if (total.suppressed) setKpi("#kpi-finance", "ẩn", `${SUPPRESSED_LABEL} · năm ${state.year}`);
      else
        setKpi(
          "#kpi-finance",
          fmtPct(total.collectionRate),
          `năm ${state.year}: đã thu ${fmtMillion(total.paid)}/${fmtMillion(total.due)} triệu đồng · nợ đọng ${fmtMillion(total.arrears)} triệu đồng · ${fmtNumber(total.nonPayers)} đơn vị chưa nộp`,
          total.collectionRate,
        );
      setExports("#finance-exports", "financeCollection", { from, to, granularity: "MONTH", filter: filterOf() });
    },
    "#kpi-finance",
  );
}
