// The filters (year, area, sector): kept in the URL, filled from the API's lists, and
// turned into the API's EnterpriseFilterInput and a label in words.
import { esc } from "./format.js";
import { $, meta, state } from "./state.js";

export function readStateFromUrl() {
  const params = new URLSearchParams(location.search);
  const year = Number(params.get("year"));
  if (Number.isInteger(year) && year > 0) state.year = year;
  state.area = params.get("area") ?? "";
  state.sector = params.get("sector") ?? "";
  state.mapView = params.get("view") === "district" ? "district" : "commune";
}

export function writeStateToUrl() {
  const params = new URLSearchParams();
  params.set("year", String(state.year));
  if (state.area) params.set("area", state.area);
  if (state.sector) params.set("sector", state.sector);
  if (state.mapView !== "commune") params.set("view", state.mapView);
  history.replaceState(null, "", `?${params}`);
}

/** Fills the selects from `meta` and calls `onChange` when one changes. */
export function fillFilters(onChange) {
  const year = $("#f-year");
  year.innerHTML = meta.years.map((y) => `<option value="${y}">${y}</option>`).join("");
  year.value = String(state.year);

  const area = $("#f-area");
  const byName = (a, b) => (a.name ?? "").localeCompare(b.name ?? "", "vi");
  area.innerHTML =
    `<option value="">Toàn tỉnh</option>` +
    `<optgroup label="Huyện, thị xã, thành phố (trước 1/7/2025)">${meta.districts.map((d) => `<option value="d:${esc(d.code)}">${esc(d.name ?? d.code)}</option>`).join("")}</optgroup>` +
    `<optgroup label="Xã, phường, đặc khu (từ 1/7/2025)">${[...meta.communes]
      .sort(byName)
      .map((c) => `<option value="c:${esc(c.code)}">${esc(c.name ?? c.code)}</option>`)
      .join("")}</optgroup>`;
  if (![...area.options].some((o) => o.value === state.area)) state.area = "";
  area.value = state.area;

  const sector = $("#f-sector");
  sector.innerHTML = `<option value="">Tất cả các ngành</option>${meta.sectors.map((s) => `<option value="${esc(s.code)}">${esc(s.code)} — ${esc(s.name ?? "")}</option>`).join("")}`;
  if (![...sector.options].some((o) => o.value === state.sector)) state.sector = "";
  sector.value = state.sector;

  for (const [id, key] of [
    ["#f-year", "year"],
    ["#f-area", "area"],
    ["#f-sector", "sector"],
  ]) {
    $(id).onchange = (event) => {
      state[key] = key === "year" ? Number(event.target.value) : event.target.value;
      onChange();
    };
  }
}

/** The EnterpriseFilterInput of the filters (null: everything). */
export function filterOf({ area = true, sector = true } = {}) {
  const filter = {};
  if (area && state.area.startsWith("d:")) filter.districtCodeIn = [state.area.slice(2)];
  if (area && state.area.startsWith("c:")) filter.newCommuneCodeIn = [state.area.slice(2)];
  if (sector && state.sector) filter.sectorIn = [state.sector];
  return Object.keys(filter).length ? filter : null;
}

function areaLabel() {
  if (!state.area) return "toàn tỉnh";
  const [kind, code] = [state.area.slice(0, 1), state.area.slice(2)];
  const list = kind === "d" ? meta.districts : meta.communes;
  return list.find((x) => x.code === code)?.name ?? code;
}

export function filterLabel() {
  const sector = state.sector ? `, ngành ${state.sector} — ${meta.sectors.find((s) => s.code === state.sector)?.name ?? ""}` : "";
  return `${areaLabel()}${sector}`;
}
