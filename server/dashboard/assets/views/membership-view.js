// Membership growth (phát triển đoàn viên): new members by year against the province's
// target, a chart and a table, and the headline figure.
import { categoryChart } from "../charts.js";
import { filterLabel, filterOf } from "../filters.js";
import { fmtNumber, fmtPct } from "../format.js";
import { $, isCurrent, meta, op, state } from "../state.js";
import { SUPPRESSED_LABEL, setExports, setKpi, view } from "./panel.js";

export function membershipView(mine) {
  return view(
    "#panel-membership",
    "membershipGrowth",
    async () => {
      const from = meta.years[0] ?? state.year;
      const data = await op("DashboardMembership", { from, to: state.year, filter: filterOf() });
      if (!isCurrent(mine)) return;
      const totals = data.membershipGrowth.totals;
      const current = totals.find((t) => t.year === state.year);
      const filtered = filterOf() !== null;
      $("#membership-note").textContent =
        `Đoàn viên kết nạp mới mỗi năm so với chỉ tiêu kết nạp của tỉnh, ${filterLabel()}, ${from}–${state.year}.` +
        (filtered ? " Đang lọc theo địa bàn hoặc ngành: chỉ tiêu toàn tỉnh không áp dụng." : "") +
        (totals.some((t) => t.suppressed) ? " Năm có số liệu ẩn (quá ít công đoàn cơ sở) để trống." : "");
      categoryChart($("#membership-chart"), {
        labels: totals.map((t) => String(t.year)),
        xLabel: "Năm",
        yLabel: "đoàn viên",
        series: [
          { label: "Kết nạp mới", values: totals.map((t) => t.newMembers), kind: "bar", colour: "#2563eb" },
          { label: "Chỉ tiêu kết nạp", values: totals.map((t) => t.target), kind: "line", colour: "#dc2626", dash: [6, 4] },
          { label: "Giảm", values: totals.map((t) => t.left), kind: "line", colour: "#6b7280" },
        ],
      });
      $("#membership-table").innerHTML =
        `<thead><tr><th>Năm</th><th class="num">Đoàn viên</th><th class="num">Kết nạp mới</th><th class="num">Giảm</th><th class="num">Tăng ròng</th><th class="num">CĐCS báo cáo</th><th class="num">Chỉ tiêu</th><th>Đánh giá</th></tr></thead><tbody>` +
        totals
          .map(
            (t) =>
              `<tr data-year="${t.year}" class="${t.year === state.year ? "current" : ""}${t.suppressed ? " suppressed" : ""}"><td>${t.year}</td><td class="num">${fmtNumber(t.members)}</td><td class="num">${fmtNumber(t.newMembers)}</td><td class="num">${fmtNumber(t.left)}</td>` +
              `<td class="num">${fmtNumber(t.netGrowth)}</td><td class="num">${fmtNumber(t.unionsReporting)}</td><td class="num">${t.target === null ? "—" : fmtNumber(t.target)}</td>` +
              `<td>${t.targetMet === null ? "—" : t.targetMet ? '<span class="badge met">Đạt</span>' : '<span class="badge behind">Chưa đạt</span>'}</td></tr>`,
          )
          .join("") +
        "</tbody>";
      if (current?.suppressed) setKpi("#kpi-members", "ẩn", `${SUPPRESSED_LABEL} · năm ${state.year}`);
      else if (current) {
        const target =
          current.target === null
            ? filtered
              ? "chỉ tiêu toàn tỉnh không áp dụng khi lọc"
              : "năm không có chỉ tiêu"
            : `chỉ tiêu ${fmtNumber(current.target)}/năm · đạt ${fmtPct(current.newMembers / current.target)}`;
        setKpi(
          "#kpi-members",
          fmtNumber(current.newMembers),
          `đoàn viên kết nạp mới năm ${state.year} · ${target} · tổng số ${fmtNumber(current.members)} đoàn viên`,
          current.newMembers,
        );
      }
      setExports("#membership-exports", "membershipGrowth", { fromYear: from, toYear: state.year, filter: filterOf() });
    },
    "#kpi-members",
  );
}
