// Units without a union (doanh nghiệp chưa có CĐCS): the largest ones, each with the
// evidence of the sources that report it, and the headline count.

import { SOURCE_SHORT } from "../datasets.js";
import { filterLabel, filterOf } from "../filters.js";
import { esc, fmtDate, fmtNumber, fmtPct, LINK_METHOD, WORKERS_SOURCE } from "../format.js";
import { $, isCurrent, op, state } from "../state.js";
import { setExports, setKpi, view } from "./panel.js";

const TOP_UNCOVERED = 15;

export function uncoveredView(mine) {
  return view(
    "#panel-uncovered",
    "uncoveredUnits",
    async () => {
      const data = await op("DashboardUncovered", { year: state.year, filter: filterOf(), first: TOP_UNCOVERED });
      if (!isCurrent(mine)) return;
      const { totalCount, nodes } = data.uncoveredUnits;
      $("#uncovered-note").textContent =
        `${fmtNumber(totalCount)} doanh nghiệp từ 20 lao động trở lên chưa có công đoàn cơ sở (${filterLabel()}, năm ${state.year}); ` +
        `${nodes.length < totalCount ? `${nodes.length} doanh nghiệp đông lao động nhất` : "tất cả"} kèm bằng chứng từ các nguồn.`;
      $("#uncovered-table").innerHTML =
        `<thead><tr><th class="num">#</th><th>Doanh nghiệp</th><th>Địa bàn</th><th>Ngành</th><th class="num">Lao động</th><th>Bằng chứng: các nguồn báo cáo đơn vị</th></tr></thead><tbody>` +
        (nodes.length === 0 ? `<tr><td colspan="6" class="muted">Không có doanh nghiệp nào.</td></tr>` : "") +
        nodes
          .map(
            (u, i) =>
              `<tr data-tax-code="${esc(u.taxCode)}"><td class="num">${i + 1}</td><td><strong>${esc(u.name)}</strong><br><span class="muted">MST ${esc(u.taxCode)}${u.industrialZone ? ` · ${esc(u.industrialZone)}` : ""}</span></td>` +
              `<td>${esc(u.commune?.name ?? "—")}, ${esc(u.district?.name ?? "—")}<br><span class="muted">nay: ${esc(u.newCommune?.name ?? "—")}</span></td>` +
              `<td>${esc(u.sector?.code ?? "")}${u.sector?.name ? ` — ${esc(u.sector.name)}` : ""}</td>` +
              `<td class="num workers" data-value="${u.workers ?? ""}">${fmtNumber(u.workers)}<br><span class="muted">${esc(WORKERS_SOURCE[u.workersSource] ?? u.workersSource ?? "")}</span></td>` +
              `<td><ul class="evidence">${u.sources.map(evidenceItem).join("")}</ul></td></tr>`,
          )
          .join("") +
        "</tbody>";
      setKpi("#kpi-uncovered", fmtNumber(totalCount), `doanh nghiệp từ 20 lao động chưa có CĐCS · ${esc(filterLabel())}, năm ${state.year}`, totalCount);
      setExports("#uncovered-exports", "uncoveredUnits", { year: state.year, filter: filterOf() });
    },
    "#kpi-uncovered",
  );
}

function evidenceItem(s) {
  const link = s.linkMethod === "EXACT_TAX_CODE" ? "" : ` · liên kết ${esc(linkMethodLabel(s.linkMethod))}, tin cậy ${fmtPct(s.linkConfidence, 0)}`;
  const workers = s.workers === null ? "có tên trong danh sách" : `${fmtNumber(s.workers)} lao động`;
  const period = /^\d{4}-\d{2}-\d{2}$/.test(s.period) ? fmtDate(s.period) : s.period;
  return `<li data-dataset="${esc(s.dataset)}" title="${esc(s.agency ?? s.dataset)}"><b>${esc(SOURCE_SHORT[s.dataset] ?? s.dataset)}</b> ${esc(period)}: ${workers}${link}</li>`;
}

/** A link method in Vietnamese (the API's codes, e.g. SI_UNIT_CODE, are not shown). */
function linkMethodLabel(method) {
  return LINK_METHOD[method] ?? "cách khác";
}
