// The action program's scorecard: each target of the year, its actual, gap and status
// (province-wide: the filters do not apply).
import { esc, fmtNumber, fmtPct, fmtPoints, STATUS } from "../format.js";
import { $, isCurrent, op, state } from "../state.js";
import { setExports, view } from "./panel.js";

export function scorecardView(mine) {
  return view("#panel-scorecard", "scorecard", async () => {
    const data = await op("DashboardScorecard", { year: state.year });
    if (!isCurrent(mine)) return;
    $("#scorecard-note").textContent = `Số liệu toàn tỉnh tại 31/12/${state.year} (không áp dụng bộ lọc địa bàn, ngành).`;
    setExports("#scorecard-exports", "scorecard", { year: state.year });
    const isCount = (t) => t.kind === "FLOW" || t.metric === "new_members";
    const value = (t, v) => (v === null || v === undefined ? "—" : isCount(t) ? fmtNumber(v) : fmtPct(v));
    // a gap between two rates is a difference in percentage points, not a percentage
    const gap = (t, v) => (v === null || v === undefined ? "—" : isCount(t) ? fmtNumber(v) : fmtPoints(v));
    const targets = data.scorecard.targets;
    $("#scorecard-table").innerHTML =
      `<thead><tr><th>Chỉ tiêu</th><th>Giai đoạn</th><th class="num">Mục tiêu</th><th class="num">Năm ${state.year}</th><th class="num">Còn thiếu</th><th class="num">Mức cần đạt theo tiến độ</th><th>Đánh giá</th></tr></thead><tbody>` +
      (targets.length === 0 ? `<tr><td colspan="7" class="muted">Không có chỉ tiêu nào áp dụng cho năm ${state.year}.</td></tr>` : "") +
      targets
        .map(
          (t) =>
            `<tr data-target="${esc(t.targetId)}"><td>${esc(capitalise(t.programLine))}</td><td>${t.fromYear}–${t.toYear}</td><td class="num">${esc(t.comparison === ">=" ? "≥ " : t.comparison === "<=" ? "≤ " : "")}${value(t, t.target)}${isCount(t) ? "/năm" : ""}</td>` +
            `<td class="num">${value(t, t.actual)}</td><td class="num">${t.gap === null || t.gap <= 0 ? "—" : gap(t, t.gap)}</td>` +
            `<td class="num">${isCount(t) && t.cumulativeActual !== null ? `lũy kế ${fmtNumber(t.cumulativeActual)}/${value(t, t.onTrackValue)}` : value(t, t.onTrackValue)}</td>` +
            `<td>${t.status ? `<span class="badge ${t.status.toLowerCase()}">${STATUS[t.status] ?? esc(t.status)}</span>` : '<span class="muted">chưa có số liệu</span>'}</td></tr>`,
        )
        .join("") +
      "</tbody>";
  });
}

function capitalise(text) {
  return text ? text[0].toLocaleUpperCase("vi") + text.slice(1) : text;
}
