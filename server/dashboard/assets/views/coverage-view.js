// Coverage (tỷ lệ doanh nghiệp có CĐCS): the headline figure, the map by 2025 commune or
// old district, its legend and hover line, and the table beside it.

import { filterLabel, filterOf } from "../filters.js";
import { COVERAGE_BINS, coverageColour, esc, fmtNumber, fmtPct, NO_DATA_COLOUR, NO_DATA_LABEL } from "../format.js";
import { $, isCurrent, meta, op, state } from "../state.js";
import { SUPPRESSED_COLOUR, SUPPRESSED_LABEL, setExports, setKpi, view } from "./panel.js";

/** The last coverage answer, kept for repainting the map when only the view changes. */
let lastCoverage = null;

export function coverageView(mine) {
  return view(
    "#panel-coverage",
    "coverage",
    async () => {
      const data = await op("DashboardCoverage", { year: state.year, filter: filterOf(), mapFilter: filterOf({ area: false }) });
      if (!isCurrent(mine)) return;
      lastCoverage = data;
      const t = data.selected.total;
      if (t.suppressed) setKpi("#kpi-coverage", "ẩn", `${SUPPRESSED_LABEL} · ${esc(filterLabel())}, năm ${state.year}`);
      else
        setKpi(
          "#kpi-coverage",
          fmtPct(t.coverageRate),
          `${fmtNumber(t.unionisedUnits)}/${fmtNumber(t.units)} doanh nghiệp từ 20 lao động có CĐCS · ${fmtNumber(t.members)} đoàn viên/${fmtNumber(t.workers)} lao động · ${esc(filterLabel())}, năm ${state.year}`,
          t.coverageRate,
        );
      $("#coverage-note").textContent =
        `Năm ${state.year}, doanh nghiệp đang hoạt động có từ 20 lao động trở lên${state.sector ? `, ngành ${state.sector}` : ""}. ` +
        "Bản đồ luôn hiển thị toàn tỉnh; địa bàn đang chọn được viền đậm.";
      paintCoverage();
      setExports("#coverage-exports", "coverage", {
        year: state.year,
        groupBy: state.mapView === "district" ? "DISTRICT" : "NEW_COMMUNE",
        filter: filterOf({ area: false }),
      });
    },
    "#kpi-coverage",
  );
}

/** Paints the map and the table from the last answer (also when only the map view changes). */
export function paintCoverage() {
  for (const button of document.querySelectorAll(".toggle button")) button.setAttribute("aria-pressed", String(button.dataset.view === state.mapView));
  if (!lastCoverage || !meta.map) return;
  const communes = new Map(lastCoverage.communes.rows.map((r) => [r.keys[0].code, r]));
  const districts = new Map(lastCoverage.districts.rows.map((r) => [r.keys[0].code, r]));
  const selectedDistrict = state.area.startsWith("d:") ? state.area.slice(2) : null;
  const selectedCommune = state.area.startsWith("c:") ? state.area.slice(2) : null;
  const ratio = (row) =>
    row?.suppressed
      ? SUPPRESSED_LABEL
      : row && row.units > 0
        ? `${fmtPct(row.coverageRate)} (${fmtNumber(row.unionisedUnits)}/${fmtNumber(row.units)} doanh nghiệp có CĐCS)`
        : NO_DATA_LABEL.toLowerCase();
  const fillOf = (row) => (row?.suppressed ? SUPPRESSED_COLOUR : coverageColour(row && row.units > 0 ? row.coverageRate : null));

  meta.map.paint((code) => {
    const name = meta.map.paths.get(code).dataset.name;
    const oldDistricts = meta.communeDistricts[code]?.districts ?? [];
    if (state.mapView === "district") {
      const main = oldDistricts[0];
      const row = main ? districts.get(main.code) : undefined;
      const rate = row && row.units > 0 ? row.coverageRate : null;
      const from = main ? `${main.name} (trước 1/7/2025)` : "không thuộc huyện cũ nào trong dữ liệu";
      return {
        fill: fillOf(row),
        rate,
        title: `${name} — ${from}: ${ratio(row)}`,
        selected: selectedDistrict !== null && oldDistricts.some((d) => d.code === selectedDistrict),
      };
    }
    const row = communes.get(code);
    const rate = row && row.units > 0 ? row.coverageRate : null;
    return { fill: fillOf(row), rate, title: `${name}: ${ratio(row)}`, selected: selectedCommune === code };
  });

  const table = $("#area-table");
  const head = `<thead><tr><th>${state.mapView === "district" ? "Huyện, thị xã, thành phố" : "Xã, phường, đặc khu"}</th><th class="num">Doanh nghiệp</th><th class="num">Có CĐCS</th><th class="num">Tỷ lệ</th></tr></thead>`;
  const line = (row, cls = "") =>
    `<tr class="${cls}" data-code="${esc(row.keys[0]?.code ?? "")}"><td><span class="swatch" style="background:${fillOf(row)}"></span>${esc(row.keys[0]?.name ?? "Toàn tỉnh")}</td>` +
    (row.suppressed
      ? `<td class="num muted" colspan="3" title="${esc(SUPPRESSED_LABEL)}">ẩn</td></tr>`
      : `<td class="num">${fmtNumber(row.units)}</td><td class="num">${fmtNumber(row.unionisedUnits)}</td><td class="num" data-value="${row.coverageRate ?? ""}">${fmtPct(row.coverageRate)}</td></tr>`);
  let rows;
  if (state.mapView === "district") {
    $("#area-table-title").textContent = "Theo huyện cũ (trước 1/7/2025)";
    rows =
      lastCoverage.districts.rows.map((r) => line(r, r.keys[0].code === selectedDistrict ? "selected" : "")).join("") +
      line({ ...lastCoverage.districts.total, keys: [] }, "total");
  } else {
    $("#area-table-title").textContent = "Theo xã, phường (có doanh nghiệp thuộc phạm vi)";
    const withUnits = lastCoverage.communes.rows
      .filter((r) => r.suppressed || r.units > 0)
      .sort((a, b) => (b.units ?? 0) - (a.units ?? 0) || (a.keys[0].name ?? "").localeCompare(b.keys[0].name ?? "", "vi"));
    rows =
      withUnits.map((r) => line(r, r.keys[0].code === selectedCommune ? "selected" : "")).join("") +
      line({ ...lastCoverage.communes.total, keys: [] }, "total");
  }
  table.innerHTML = `${head}<tbody>${rows}</tbody>`;
  const anySuppressed = [...lastCoverage.communes.rows, ...lastCoverage.districts.rows].some((r) => r.suppressed);
  $("#map-legend .suppressed-legend").hidden = !anySuppressed;
}

export function drawLegend() {
  $("#map-legend").innerHTML =
    COVERAGE_BINS.map(([, colour, label]) => `<li><span class="swatch" style="background:${colour}"></span>${esc(label)}</li>`).join("") +
    `<li><span class="swatch" style="background:${NO_DATA_COLOUR}"></span>${esc(NO_DATA_LABEL)}</li>` +
    `<li class="suppressed-legend" hidden><span class="swatch" style="background:${SUPPRESSED_COLOUR}"></span>Số liệu ẩn (quá ít doanh nghiệp)</li>`;
}

export function showHover(code) {
  const box = $("#map-hover");
  if (!code) {
    box.textContent = "Di chuột lên bản đồ để xem số liệu; bấm để lọc theo địa bàn.";
    return;
  }
  box.textContent = meta.map.paths.get(code).querySelector("title").textContent;
}
