// The dashboard: filters (year, area, sector) → one GraphQL operation per view →
// map, charts and tables. Every view states the freshness of the data it shows (the
// last batch of each dataset it draws on, from /health). A view whose API field does
// not exist (yet) is replaced by a note.
import { ApiError, apiKey, download, gql, health, setApiKey } from "./api.js";
import { categoryChart } from "./charts.js";
import {
  COVERAGE_BINS,
  coverageColour,
  DATASETS,
  esc,
  fmtDate,
  fmtDateTime,
  fmtMillion,
  fmtNumber,
  fmtPct,
  fmtPoints,
  LINK_METHOD,
  NO_DATA_COLOUR,
  NO_DATA_LABEL,
  SOURCE_SHORT,
  STATUS,
  WORKERS_SOURCE,
} from "./format.js";
import { buildMap } from "./map.js";

const $ = (selector) => document.querySelector(selector);
const TOP_UNCOVERED = 15;

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
const documents = new Map();

/** Runs one of the page's operations. */
function op(name, variables = {}) {
  return gql(documents.get(name), variables, name);
}

/** Cells the API withholds for DASHBOARD keys (too few units to show without singling one out). */
const SUPPRESSED_COLOUR = "#8b95a1";
const SUPPRESSED_LABEL = "số liệu ẩn vì có quá ít doanh nghiệp (bảo vệ thông tin từng đơn vị)";

/** The error GraphQL gives for a root field the schema does not have. */
const MISSING_FIELD = /Cannot query field "(\w+)" on type "Query"/;

const state = {
  year: null,
  /** "" (whole province), "d:<district code>" or "c:<2025 commune code>" */
  area: "",
  sector: "",
  mapView: "commune",
};

const meta = {
  /** Root fields of the API (null: not known, introspection is off) */
  fields: new Set(),
  /** Fields the API said it does not have */
  missing: new Set(),
  years: [],
  districts: [],
  communes: [],
  sectors: [],
  /** 2025 commune → its pre-2025 districts, most communes first */
  communeDistricts: {},
  map: null,
  batches: null,
};

/** The last coverage answer, kept for repainting the map when only the view changes. */
let lastCoverage = null;
let generation = 0;

// ---------------------------------------------------------------- start

init().catch((error) => fail(error));

async function init() {
  setupKeyForm();
  setupToggle();
  readStateFromUrl();
  const [geo, crosswalk] = await Promise.all([
    fetchJson("/assets/quang_tri_communes_2025.geojson"),
    fetchJson("/assets/commune-districts.json"),
    ...OPERATIONS.map(async (name) => documents.set(name, await fetchText(`/assets/operations/${name}.graphql`))),
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
  fillFilters();
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

function hasField(field) {
  return !meta.missing.has(field) && (meta.fields === null || meta.fields.has(field));
}

// ---------------------------------------------------------------- filters and state

function readStateFromUrl() {
  const params = new URLSearchParams(location.search);
  const year = Number(params.get("year"));
  if (Number.isInteger(year) && year > 0) state.year = year;
  state.area = params.get("area") ?? "";
  state.sector = params.get("sector") ?? "";
  state.mapView = params.get("view") === "district" ? "district" : "commune";
}

function writeStateToUrl() {
  const params = new URLSearchParams();
  params.set("year", String(state.year));
  if (state.area) params.set("area", state.area);
  if (state.sector) params.set("sector", state.sector);
  if (state.mapView !== "commune") params.set("view", state.mapView);
  history.replaceState(null, "", `?${params}`);
}

function fillFilters() {
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
      refresh();
    };
  }
}

/** The EnterpriseFilterInput of the filters (null: everything). */
function filterOf({ area = true, sector = true } = {}) {
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

function filterLabel() {
  const sector = state.sector ? `, ngành ${state.sector} — ${meta.sectors.find((s) => s.code === state.sector)?.name ?? ""}` : "";
  return `${areaLabel()}${sector}`;
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

function setupKeyForm() {
  const input = $("#api-key");
  input.value = apiKey();
  showKeyState();
  $("#key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    setApiKey(input.value.trim());
    showKeyState();
    loadMeta().catch(fail);
  });
  $("#key-clear").addEventListener("click", () => {
    input.value = "";
    setApiKey("");
    showKeyState();
    loadMeta().catch(fail);
  });
}

function showKeyState() {
  $("#key-state").textContent = apiKey() ? "đã lưu khóa trên máy này" : "chưa có khóa";
}

// ---------------------------------------------------------------- refresh

async function refresh() {
  const mine = ++generation;
  writeStateToUrl();
  document.body.dataset.state = "loading";
  for (const panel of document.querySelectorAll(".panel")) panel.setAttribute("aria-busy", "true");
  const views = [coverageView, membershipView, financeView, scorecardView, uncoveredView];
  const results = await Promise.allSettled(views.map((view) => view(mine)));
  if (mine !== generation) return;
  const authError = results.find((r) => r.status === "rejected" && r.reason instanceof ApiError && r.reason.auth);
  if (authError) showBanner(authMessage(authError.reason));
  else hideBanner();
  document.body.dataset.state = "ready";
}

/**
 * Runs a view's operation; its errors are shown in the view (and reported to refresh).
 * A view without its API field is hidden with a note; its headline figure says why.
 */
async function view(panelId, field, work, kpiId = null) {
  const panel = $(panelId);
  panel.querySelector(".error")?.remove();
  const missing = () => {
    panel.classList.add("missing");
    panel.querySelector(".note").innerHTML = `Chưa có trong API: trường <code>${esc(field)}</code> chưa được cung cấp, nên phần này tạm ẩn.`;
    if (kpiId) setKpi(kpiId, "—", `chưa có trong API (<code>${esc(field)}</code>)`);
  };
  try {
    if (!hasField(field)) return missing();
    panel.classList.remove("missing");
    await work(panel);
  } catch (e) {
    if (MISSING_FIELD.exec(e.message)?.[1] === field) {
      meta.missing.add(field);
      return missing();
    }
    const p = document.createElement("p");
    p.className = "error";
    p.textContent =
      e instanceof ApiError && e.code === "FORBIDDEN" ? `Khóa truy cập này không được xem phần này: ${e.message}` : `Không tải được số liệu: ${e.message}`;
    panel.querySelector(".panel-head").after(p);
    panel.querySelector(".exports")?.replaceChildren();
    if (kpiId) setKpi(kpiId, "—", e instanceof ApiError && e.code === "FORBIDDEN" ? "khóa truy cập này không được xem" : "không tải được số liệu");
    throw e;
  } finally {
    panel.setAttribute("aria-busy", "false");
  }
}

// ---------------------------------------------------------------- coverage and the map

function coverageView(mine) {
  return view(
    "#panel-coverage",
    "coverage",
    async () => {
      const data = await op("DashboardCoverage", { year: state.year, filter: filterOf(), mapFilter: filterOf({ area: false }) });
      if (mine !== generation) return;
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

function paintCoverage() {
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

function drawLegend() {
  $("#map-legend").innerHTML =
    COVERAGE_BINS.map(([, colour, label]) => `<li><span class="swatch" style="background:${colour}"></span>${esc(label)}</li>`).join("") +
    `<li><span class="swatch" style="background:${NO_DATA_COLOUR}"></span>${esc(NO_DATA_LABEL)}</li>` +
    `<li class="suppressed-legend" hidden><span class="swatch" style="background:${SUPPRESSED_COLOUR}"></span>Số liệu ẩn (quá ít doanh nghiệp)</li>`;
}

function showHover(code) {
  const box = $("#map-hover");
  if (!code) {
    box.textContent = "Di chuột lên bản đồ để xem số liệu; bấm để lọc theo địa bàn.";
    return;
  }
  box.textContent = meta.map.paths.get(code).querySelector("title").textContent;
}

// ---------------------------------------------------------------- membership growth

function membershipView(mine) {
  return view(
    "#panel-membership",
    "membershipGrowth",
    async () => {
      const from = meta.years[0] ?? state.year;
      const data = await op("DashboardMembership", { from, to: state.year, filter: filterOf() });
      if (mine !== generation) return;
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

// ---------------------------------------------------------------- union-fee collection

function financeView(mine) {
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
      if (mine !== generation) return;
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

// ---------------------------------------------------------------- scorecard

function scorecardView(mine) {
  return view("#panel-scorecard", "scorecard", async () => {
    const data = await op("DashboardScorecard", { year: state.year });
    if (mine !== generation) return;
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

// ---------------------------------------------------------------- units without a union

function uncoveredView(mine) {
  return view(
    "#panel-uncovered",
    "uncoveredUnits",
    async () => {
      const data = await op("DashboardUncovered", { year: state.year, filter: filterOf(), first: TOP_UNCOVERED });
      if (mine !== generation) return;
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

function capitalise(text) {
  return text ? text[0].toLocaleUpperCase("vi") + text.slice(1) : text;
}

// ---------------------------------------------------------------- shared pieces

function setKpi(id, value, detail, raw = null) {
  const card = $(id);
  card.querySelector(".value").textContent = value;
  card.querySelector(".value").dataset.value = raw === null || raw === undefined ? "" : String(raw);
  card.querySelector(".detail").innerHTML = detail;
}

/**
 * Export links for the view's operation with the same arguments: CSV for a Vietnamese-locale
 * Excel (`excel=vi`: `;` separators, decimal commas, codes kept as text) and Parquet. The
 * server names the file after the question (coverage-2024-district.csv).
 */
function setExports(id, field, args) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(args)) {
    if (value === null || value === undefined) continue;
    params.set(key, typeof value === "object" ? JSON.stringify(value) : String(value));
  }
  const links = [
    { format: "csv", label: "CSV (Excel)", query: `${params}&excel=vi` },
    { format: "parquet", label: "Parquet", query: String(params) },
  ];
  const el = $(id);
  el.innerHTML =
    "Xuất dữ liệu: " +
    links
      .map(({ format, label, query }) => `<a href="/export/${field}.${format}?${esc(query)}" data-format="${format}" download>${esc(label)}</a>`)
      .join(" · ");
  for (const a of el.querySelectorAll("a")) {
    a.addEventListener("click", (event) => {
      if (!apiKey()) return; // a plain link: no key to send
      event.preventDefault();
      download(a.getAttribute("href"), `${field}.${a.dataset.format}`).catch((error) => showBanner(`Không xuất được dữ liệu: ${error.message}`));
    });
  }
}

/** Each view's footer: the last batch of every dataset it draws on. */
function showFreshness(error) {
  const byDataset = new Map((meta.batches ?? []).map((b) => [b.dataset, b]));
  const latest = (meta.batches ?? [])
    .map((b) => b.finishedAt)
    .filter(Boolean)
    .sort()
    .at(-1);
  $("#data-updated").textContent = latest ? `Dữ liệu nạp lần cuối: ${fmtDateTime(latest)}` : "";
  for (const list of document.querySelectorAll(".freshness")) {
    if (error) {
      list.innerHTML = `<li class="error">Không đọc được thời điểm cập nhật số liệu (${esc(error.message)}).</li>`;
      continue;
    }
    const items = list.dataset.datasets.split(" ").map((dataset) => {
      const batch = byDataset.get(dataset);
      const label = DATASETS[dataset] ?? dataset;
      if (!batch) return `<li data-dataset="${dataset}">${esc(label)}: chưa có dữ liệu</li>`;
      const period = periodText(dataset, batch.period);
      return `<li data-dataset="${dataset}">${esc(label)}${period ? `: ${esc(period)}` : ""} <span class="muted">(nạp ${esc(fmtDateTime(batch.finishedAt))})</span></li>`;
    });
    list.innerHTML = `<li class="lead">Số liệu mới nhất:</li>${items.join("")}`;
  }
}

/** The end of a batch's period in words: the file is current up to then. */
export function periodText(dataset, period) {
  if (!period) return "";
  const end = period.split("..").at(-1);
  const half = /^(\d{4})-H([12])$/.exec(end);
  if (half) return `đến 6 tháng ${half[2] === "1" ? "đầu" : "cuối"} năm ${half[1]}`;
  const year = /^(\d{4})$/.exec(end);
  if (year) return `đến năm ${year[1]}`;
  const month = /^(\d{4})-(\d{2})(?:-01)?$/.exec(end);
  if (month && (dataset === "si_contributions" || end.length === 7)) return `đến tháng ${month[2]}/${month[1]}`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(end)) return `đến ngày ${fmtDate(end)}`;
  return `kỳ ${period}`;
}

function authMessage(error) {
  return `API yêu cầu khóa truy cập (${error.message}). Nhập khóa vào ô “Khóa truy cập API” ở góc trên rồi bấm Lưu.`;
}

function showBanner(text) {
  const banner = $("#banner");
  banner.textContent = text;
  banner.hidden = false;
}

function hideBanner() {
  $("#banner").hidden = true;
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
