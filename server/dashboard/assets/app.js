// The dashboard: filters (year, area, sector) → one GraphQL operation per view →
// map, charts and tables. Every view states the freshness of the data it shows (the
// last batch of each dataset it draws on, from /health). A view whose API field does
// not exist (yet) is replaced by a note.
//
// This module wires the page: the state and filters (state.js, filters.js), the key
// field, and one module per view in views/ (coverage and the map, membership, union-fee
// collection, the scorecard, units without a union), each drawing its panel and its
// headline figure from its own operation.
import { ApiError, health } from "./api.js";
import { authMessage, hideBanner, showBanner } from "./banner.js";
import { fillFilters, readStateFromUrl, writeStateToUrl } from "./filters.js";
import { showFreshness } from "./freshness.js";
import { setupKeyForm } from "./key-form.js";
import { buildMap } from "./map.js";
import { $, isCurrent, meta, nextGeneration, op, setDocument, state } from "./state.js";
import { coverageView, drawLegend, paintCoverage, showHover } from "./views/coverage-view.js";
import { financeView } from "./views/finance-view.js";
import { membershipView } from "./views/membership-view.js";
import { scorecardView } from "./views/scorecard-view.js";
import { uncoveredView } from "./views/uncovered-view.js";

/**
 * The page's GraphQL operations, one document per view, in examples/dashboard/ (served
 * at /assets/operations/; the folder can be allow-listed for DASHBOARD keys: DASHBOARD_ALLOWLIST).
 */
const OPERATIONS = [
  "DashboardFields",
  "DashboardYears",
  "DashboardLists",
  "DashboardCoverage",
  "DashboardMembership",
  "DashboardFinance",
  "DashboardPayments",
  "DashboardScorecard",
  "DashboardUncovered",
];

// ---------------------------------------------------------------- start

init().catch((error) => fail(error));

async function init() {
  setupKeyForm(() => loadMeta().catch(fail));
  setupToggle();
  readStateFromUrl();
  const [geo, crosswalk] = await Promise.all([
    fetchJson("/assets/quang_tri_communes_2025.geojson"),
    fetchJson("/assets/commune-districts.json"),
    ...OPERATIONS.map(async (name) => setDocument(name, await fetchText(`/assets/operations/${name}.graphql`))),
  ]);
  meta.communeDistricts = crosswalk.communes;
  meta.map = buildMap($("#map-container"), geo, { onHover: showHover, onClick: clickArea });
  drawLegend();
  await loadMeta();
}

async function loadMeta() {
  document.body.dataset.state = "loading";
  let years;
  try {
    [meta.fields, years] = await Promise.all([detectFields(), warehouseYears()]);
  } catch (error) {
    return fail(error);
  }
  hideBanner();
  meta.years = years.all;
  const latest = years.latest;
  if (!meta.years.includes(state.year)) state.year = latest;

  const lists = await op("DashboardLists", { year: latest });
  const keyOf = (row) => row.keys[0];
  meta.districts = lists.districts.rows.map(keyOf).filter((k) => k.code);
  meta.communes = lists.communes.rows.map(keyOf).filter((k) => k.code);
  meta.sectors = lists.sectors.rows.map(keyOf).filter((k) => k.code);
  const province = lists.provinces.rows.filter((r) => r.keys[0].name).sort((a, b) => b.units - a.units)[0];
  if (province) $("#province-name").textContent = province.keys[0].name.replace(/^Tỉnh /, "tỉnh ");
  fillFilters(refresh);
  health()
    .then((batches) => {
      meta.batches = batches;
      showFreshness();
    })
    .catch((error) => {
      meta.batches = [];
      showFreshness(error);
    });
  await refresh();
}

/** The years the warehouse holds, and the latest (the default year): the API's `warehouseYears`, for every key. */
async function warehouseYears() {
  const { years, latest } = (await op("DashboardYears")).warehouseYears;
  return { all: [...years].sort((a, b) => a - b), latest: latest ?? years.at(-1) ?? new Date().getFullYear() - 1 };
}

/**
 * The root fields of the API (introspection), or null when introspection is off (keys
 * without demo mode): then every view tries its field and hides itself when GraphQL
 * says the field does not exist.
 */
async function detectFields() {
  try {
    const data = await op("DashboardFields");
    return new Set((data.__type?.fields ?? []).map((f) => f.name));
  } catch (error) {
    if (error instanceof ApiError && error.code === null && error.status === 0) throw error; // the server is not there
    if (error instanceof ApiError && error.status === 401) throw error; // a wrong or missing key
    return null;
  }
}

function clickArea(code) {
  const value = state.mapView === "district" ? `d:${meta.communeDistricts[code]?.districts[0]?.code ?? ""}` : `c:${code}`;
  if (value.endsWith(":")) return;
  state.area = state.area === value ? "" : value;
  $("#f-area").value = state.area;
  refresh();
}

function setupToggle() {
  for (const button of document.querySelectorAll(".toggle button")) {
    button.addEventListener("click", () => {
      state.mapView = button.dataset.view;
      writeStateToUrl();
      paintCoverage();
    });
  }
}

/** Runs every view for the current filters; an answer to an earlier refresh is dropped. */
async function refresh() {
  const mine = nextGeneration();
  writeStateToUrl();
  document.body.dataset.state = "loading";
  for (const panel of document.querySelectorAll(".panel")) panel.setAttribute("aria-busy", "true");
  const views = [coverageView, membershipView, financeView, scorecardView, uncoveredView];
  const results = await Promise.allSettled(views.map((view) => view(mine)));
  if (!isCurrent(mine)) return;
  const authError = results.find((r) => r.status === "rejected" && r.reason instanceof ApiError && r.reason.auth);
  if (authError) showBanner(authMessage(authError.reason));
  else hideBanner();
  document.body.dataset.state = "ready";
}

function fail(error) {
  showBanner(error instanceof ApiError && error.auth ? authMessage(error) : `Không tải được bảng điều khiển: ${error.message}`);
  document.body.dataset.state = "error";
}

async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.text();
}

async function fetchJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}
