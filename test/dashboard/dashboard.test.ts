/**
 * The dashboard in a real browser (headless Chromium) against the API on a sample
 * warehouse: the map has one path per commune in the colour and with the title of its
 * coverage, the charts' tables, the scorecard and the uncovered units show the API's
 * figures, the filters narrow every view, each view states its data's freshness, and
 * a key-protected API works from the key field. Expectations come from the API itself
 * (GraphQL and /health), formatted here by the page's rules (Vietnamese: 1.234,5 and 45,6%).
 *
 * Screenshots go to test/.artifacts/ (git-ignored); UPDATE_DOCS_SCREENSHOT=1 (or a
 * missing file) also writes docs/dashboard.png, the README's.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RunningApi, startApi } from "../api/fixtures/api-server.js";
import { buildSampleWarehouse, type SampleWarehouse } from "../helpers/sample-warehouse.js";
import { artifactsDir, browserTestsRequired, CHROMIUM_MISSING, findChromium, launchChromium } from "./browser.js";

const chromiumPath = findChromium();
if (!chromiumPath) console.warn(`test/dashboard: ${CHROMIUM_MISSING}`);

// Where Chromium is missing, CI fails (CI=true); elsewhere the test report says why the browser tests did not run.
if (!chromiumPath && browserTestsRequired()) {
  test("CI=true: the browser tests run (Chromium is required)", () => {
    throw new Error(`CI=true and the dashboard's browser tests cannot run: ${CHROMIUM_MISSING}`);
  });
} else if (!chromiumPath) test.skip(`skipped: ${CHROMIUM_MISSING}`, () => {});

const REPO = join(import.meta.dirname, "../..");
const YEAR = 2024;

// ---- the page's formats and colours, restated

function vi(n: number, digits = 0): string {
  const fixed = Math.abs(n).toFixed(digits);
  const [int, dec] = fixed.split(".");
  return `${n < 0 && Number(fixed) !== 0 ? "−" : ""}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ".")}${dec ? `,${dec}` : ""}`;
}
const pct = (x: number | null) => (x === null ? "—" : `${vi(x * 100, 1)}%`);
const million = (v: number | string) => vi(Number(v) / 1e6, 1);
function colourOf(rate: number | null): string {
  if (rate === null) return "#d9dde3";
  if (rate < 0.2) return "#d73027";
  if (rate < 0.4) return "#fc8d59";
  if (rate < 0.6) return "#fee08b";
  if (rate < 0.8) return "#91cf60";
  return "#1a9850";
}
/** /health's ISO time as the page shows it: dd/mm/yyyy hh:mm in Vietnam (UTC+7). */
function vnTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

/** The few browser globals the page callbacks use (this project compiles without the DOM library). */
interface InBrowser {
  readonly document: { readonly body: { readonly dataset: { readonly state?: string } } };
  readonly localStorage: { getItem(key: string): string | null };
  scrollTo(x: number, y: number): void;
}

interface CoverageRow {
  keys: { code: string; name: string }[];
  units: number;
  unionisedUnits: number;
  coverageRate: number | null;
}

describe.skipIf(chromiumPath === null)("the dashboard in headless Chromium", () => {
  let sample: SampleWarehouse;
  let api: RunningApi;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const features = (
    JSON.parse(readFileSync(join(REPO, "server/dashboard/assets/quang_tri_communes_2025.geojson"), "utf8")) as {
      features: { properties: { code: string; fullName: string } }[];
    }
  ).features;
  const crosswalk = (
    JSON.parse(readFileSync(join(REPO, "server/dashboard/assets/commune-districts.json"), "utf8")) as {
      communes: Record<string, { districts: { code: string }[] }>;
    }
  ).communes;

  async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await api.client.requestText<T>(query, variables);
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    return response.data as T;
  }

  /** Opens the page (or changes nothing) and waits until every view has drawn. */
  async function ready(target: Page = page) {
    await target.waitForFunction(() => ["ready", "error"].includes((globalThis as unknown as InBrowser).document.body.dataset.state ?? ""), null, {
      timeout: 60_000,
    });
    expect(await target.getAttribute("body", "data-state")).toBe("ready");
  }

  const cellTexts = (selector: string, target: Page = page) =>
    target.$$eval(selector, (rows) => rows.map((row) => [...row.querySelectorAll("td")].map((td) => (td.textContent ?? "").replace(/\s+/g, " ").trim())));

  beforeAll(async () => {
    sample = await buildSampleWarehouse({ units: 600, seed: 3 });
    api = await startApi({ warehouse: sample });
    browser = await launchChromium(chromiumPath as string);
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
    await page.goto(`${api.url}?year=${YEAR}`);
    await ready();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  test("the map: one SVG path per 2025 commune, in its coverage colour, titled with its figures", async () => {
    const paths = await page.$$eval("#map path.commune", (els) =>
      els.map((el) => ({
        code: el.getAttribute("data-code") as string,
        fill: el.getAttribute("fill"),
        title: el.querySelector("title")?.textContent,
        d: el.getAttribute("d") ?? "",
      })),
    );
    expect(paths.length).toBe(features.length);
    expect(paths.map((p) => p.code).sort()).toEqual(features.map((f) => f.properties.code).sort());
    expect(paths.every((p) => /^M[\d.,L]+Z/.test(p.d))).toBe(true);

    const data = await gql<{ coverage: { rows: CoverageRow[] } }>(
      `query ($year: Int!) { coverage(year: $year, groupBy: [NEW_COMMUNE]) { rows { keys { code name } units unionisedUnits coverageRate } } }`,
      { year: YEAR },
    );
    const rows = new Map(data.coverage.rows.map((r) => [r.keys[0].code, r]));
    const names = new Map(features.map((f) => [f.properties.code, f.properties.fullName]));
    for (const path of paths) {
      const row = rows.get(path.code);
      const covered = row && row.units > 0 ? row : null;
      expect(path.fill, path.code).toBe(colourOf(covered ? covered.coverageRate : null));
      expect(path.title, path.code).toBe(
        covered
          ? `${names.get(path.code)}: ${pct(covered.coverageRate)} (${covered.unionisedUnits}/${covered.units} doanh nghiệp có CĐCS)`
          : `${names.get(path.code)}: không có doanh nghiệp thuộc phạm vi`,
      );
    }
    // the sample has communes in several colour bands, and most of the new province (old Quảng Bình) has none
    expect(new Set(paths.map((p) => p.fill)).size).toBeGreaterThanOrEqual(4);
    expect(paths.filter((p) => p.fill === "#d9dde3").length).toBeGreaterThan(30);

    // beside the map: the communes with units, most units first, with their rates
    const withUnits = data.coverage.rows.filter((r) => r.units > 0).sort((a, b) => b.units - a.units || a.keys[0].name.localeCompare(b.keys[0].name, "vi"));
    const table = await cellTexts("#area-table tbody tr:not(.total)");
    expect(table).toEqual(withUnits.map((r) => [r.keys[0].name, String(r.units), String(r.unionisedUnits), pct(r.coverageRate)]));
  });

  test("the old-district view colours each commune by its pre-2025 district's coverage (through the crosswalk)", async () => {
    await page.click('.toggle button[data-view="district"]');
    expect(page.url()).toContain("view=district");
    const data = await gql<{ coverage: { rows: CoverageRow[]; total: CoverageRow } }>(
      `query ($year: Int!) { coverage(year: $year, groupBy: [DISTRICT]) { rows { keys { code name } units unionisedUnits coverageRate } total { keys { code name } units unionisedUnits coverageRate } } }`,
      { year: YEAR },
    );
    const districts = new Map(data.coverage.rows.map((r) => [r.keys[0].code, r]));
    const paths = await page.$$eval("#map path.commune", (els) =>
      els.map((el) => ({ code: el.getAttribute("data-code") as string, fill: el.getAttribute("fill") })),
    );
    for (const path of paths) {
      const row = districts.get(crosswalk[path.code].districts[0].code);
      expect(path.fill, path.code).toBe(colourOf(row && row.units > 0 ? row.coverageRate : null));
    }
    const table = await cellTexts("#area-table tbody tr");
    expect(table).toEqual([
      ...data.coverage.rows.map((r) => [r.keys[0].name, String(r.units), String(r.unionisedUnits), pct(r.coverageRate)]),
      ["Toàn tỉnh", String(data.coverage.total.units), String(data.coverage.total.unionisedUnits), pct(data.coverage.total.coverageRate)],
    ]);
    expect(await page.textContent("#area-table-title")).toBe("Theo huyện cũ (trước 1/7/2025)");
    await page.click('.toggle button[data-view="commune"]');
  });

  test("the headline figures", async () => {
    const data = await gql<{
      coverage: { total: { units: number; unionisedUnits: number; coverageRate: number } };
      uncoveredUnits: { totalCount: number };
      financeCollection: { total: { collectionRate: number } };
      membershipGrowth: { totals: { year: number; newMembers: number }[] };
    }>(
      `query ($year: Int!, $from: LocalDate!, $to: LocalDate!) {
        coverage(year: $year) { total { units unionisedUnits coverageRate } }
        uncoveredUnits(year: $year, first: 0) { totalCount }
        financeCollection(from: $from, to: $to) { total { collectionRate } }
        membershipGrowth(fromYear: $year, toYear: $year) { totals { year newMembers } }
      }`,
      { year: YEAR, from: `${YEAR}-01-01`, to: `${YEAR}-12-31` },
    );
    expect(await page.textContent("#kpi-coverage .value")).toBe(pct(data.coverage.total.coverageRate));
    expect(await page.textContent("#kpi-coverage .detail")).toContain(
      `${data.coverage.total.unionisedUnits}/${data.coverage.total.units} doanh nghiệp từ 20 lao động có CĐCS`,
    );
    expect(await page.textContent("#kpi-uncovered .value")).toBe(vi(data.uncoveredUnits.totalCount));
    expect(await page.textContent("#kpi-finance .value")).toBe(pct(data.financeCollection.total.collectionRate));
    expect(await page.textContent("#kpi-members .value")).toBe(vi(data.membershipGrowth.totals[0].newMembers));
  });

  test("membership growth: new members per year against the target line, chart drawn, figures in the table", async () => {
    const data = await gql<{
      membershipGrowth: {
        totals: {
          year: number;
          members: number;
          newMembers: number;
          left: number;
          netGrowth: number;
          unionsReporting: number;
          target: number | null;
          targetMet: boolean | null;
        }[];
      };
    }>(
      `query ($to: Int!) { membershipGrowth(fromYear: 2019, toYear: $to) { totals { year members newMembers left netGrowth unionsReporting target targetMet } } }`,
      { to: YEAR },
    );
    const totals = data.membershipGrowth.totals;
    expect(totals.some((t) => t.target !== null)).toBe(true);
    expect(await cellTexts("#membership-table tbody tr")).toEqual(
      totals.map((t) => [
        String(t.year),
        vi(t.members),
        vi(t.newMembers),
        vi(t.left),
        vi(t.netGrowth),
        vi(t.unionsReporting),
        t.target === null ? "—" : vi(t.target),
        t.targetMet === null ? "—" : t.targetMet ? "Đạt" : "Chưa đạt",
      ]),
    );
    expect(await inkOf("#membership-chart")).toBeGreaterThan(2000);
    expect(await page.$$eval("#membership-chart .u-legend .u-series", (els) => els.map((e) => e.textContent?.trim() ?? ""))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Kết nạp mới/), expect.stringMatching(/^Chỉ tiêu kết nạp/)]),
    );
  });

  test("union-fee collection by month with arrears", async () => {
    const data = await gql<{ financeCollection: { periodTotals: FinanceRow[]; total: FinanceRow } }>(
      `query ($from: LocalDate!, $to: LocalDate!) { financeCollection(from: $from, to: $to, granularity: MONTH) {
        periodTotals { periodStart due paid collectionRate arrears nonPayers unitsOwing } total { due paid collectionRate arrears nonPayers unitsOwing } } }`,
      { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` },
    );
    const line = (label: string, p: FinanceRow) => [
      label,
      million(p.due),
      million(p.paid),
      pct(p.collectionRate),
      million(p.arrears),
      `${p.nonPayers}/${p.unitsOwing}`,
    ];
    expect(await cellTexts("#finance-table tbody tr")).toEqual([
      ...data.financeCollection.periodTotals.map((p, i) => line(`${i + 1}/${YEAR}`, p)),
      line(`Cả năm ${YEAR}`, data.financeCollection.total),
    ]);
    expect(data.financeCollection.periodTotals).toHaveLength(12);
    expect(Number(data.financeCollection.total.arrears)).toBeGreaterThan(0);
    expect(await inkOf("#finance-chart")).toBeGreaterThan(2000);
    // the action program's payment measures of the year, under the panel's title
    const timely = (
      await gql<{
        analytics: { total: { onTimeRate: number; feePaidOnTime: string | number; lateUnits: number; siArrears: string | number; siArrearsUnits: number } };
      }>(`query ($year: Int!) { analytics(year: $year) { total { onTimeRate feePaidOnTime lateUnits siArrears siArrearsUnits } } }`, { year: YEAR })
    ).analytics.total;
    expect(timely.lateUnits).toBeGreaterThan(0);
    expect(await page.textContent("#finance-note")).toContain(
      `Nộp đúng hạn: ${pct(timely.onTimeRate)} số phải nộp (${million(timely.feePaidOnTime)} triệu đồng), ${vi(timely.lateUnits)} đơn vị nộp chậm; ` +
        `nợ BHXH tại 31/12: ${million(timely.siArrears)} triệu đồng ở ${vi(timely.siArrearsUnits)} đơn vị.`,
    );
  });

  test("the scorecard: each target of the year with its status", async () => {
    const data = await gql<{ scorecard: { targets: { targetId: string; actual: number | null; status: string | null; kind: string | null }[] } }>(
      `query ($year: Int!) { scorecard(year: $year) { targets { targetId actual status kind } } }`,
      { year: YEAR },
    );
    const rows = await page.$$eval("#scorecard-table tbody tr", (trs) =>
      trs.map((tr) => ({ id: tr.getAttribute("data-target"), cells: [...tr.querySelectorAll("td")].map((td) => td.textContent?.trim() ?? "") })),
    );
    expect(rows.map((r) => r.id)).toEqual(data.scorecard.targets.map((t) => t.targetId));
    const label: Record<string, string> = { MET: "Đạt", ON_TRACK: "Đúng tiến độ", BEHIND: "Chậm tiến độ" };
    data.scorecard.targets.forEach((t, i) => {
      expect(rows[i].cells.at(-1)).toBe(t.status ? label[t.status] : "chưa có số liệu");
      expect(rows[i].cells[3]).toBe(t.actual === null ? "—" : t.kind === "FLOW" ? vi(t.actual) : pct(t.actual));
    });
  });

  test("the largest units without a union, with each agency's evidence", async () => {
    const data = await gql<{
      uncoveredUnits: { nodes: { taxCode: string; name: string; workers: number | null; sources: { dataset: string; workers: number | null }[] }[] };
    }>(`query ($year: Int!) { uncoveredUnits(year: $year, first: 15) { nodes { taxCode name workers sources { dataset workers } } } }`, { year: YEAR });
    const rows = await page.$$eval("#uncovered-table tbody tr", (trs) =>
      trs.map((tr) => ({
        taxCode: tr.getAttribute("data-tax-code"),
        name: tr.querySelector("strong")?.textContent,
        workers: tr.querySelector("td.workers")?.getAttribute("data-value"),
        evidence: [...tr.querySelectorAll(".evidence li")].map((li) => [li.getAttribute("data-dataset"), li.textContent ?? ""]),
      })),
    );
    expect(rows.map((r) => r.taxCode)).toEqual(data.uncoveredUnits.nodes.map((n) => n.taxCode));
    data.uncoveredUnits.nodes.forEach((n, i) => {
      expect(rows[i].name).toBe(n.name);
      expect(rows[i].workers).toBe(n.workers === null ? "" : String(n.workers));
      expect(rows[i].evidence.map(([dataset]) => dataset)).toEqual(n.sources.map((s) => s.dataset));
      for (const [j, s] of n.sources.entries())
        expect(rows[i].evidence[j][1]).toContain(s.workers === null ? "có tên trong danh sách" : `${vi(s.workers)} lao động`);
    });
  });

  test("every view states its data's freshness: the last batch of each dataset it uses (/health)", async () => {
    const health = (await (await fetch(`${api.url}health`)).json()) as { batches: { dataset: string; finishedAt: string }[] };
    const loaded = new Map(health.batches.map((b) => [b.dataset, b.finishedAt]));
    const lists = await page.$$eval(".panel .freshness", (uls) =>
      uls.map((ul) => ({
        panel: ul.closest(".panel")?.id,
        items: [...ul.querySelectorAll("li[data-dataset]")].map((li) => [li.getAttribute("data-dataset"), li.textContent ?? ""]),
      })),
    );
    expect(lists.map((l) => l.panel)).toEqual(["panel-coverage", "panel-membership", "panel-finance", "panel-scorecard", "panel-uncovered"]);
    for (const list of lists) {
      expect(list.items.length, list.panel).toBeGreaterThan(0);
      for (const [dataset, text] of list.items) expect(text, `${list.panel} ${dataset}`).toContain(`nạp ${vnTime(loaded.get(dataset as string) as string)}`);
    }
    const si = lists.find((l) => l.panel === "panel-finance")?.items.find(([d]) => d === "si_contributions");
    expect(si?.[1]).toMatch(/^Bảo hiểm xã hội: đến tháng 12\/2025/);
  });

  test("the page at a glance (screenshots)", async () => {
    expect(pageErrors).toEqual([]);
    const dir = artifactsDir();
    await page.screenshot({ path: join(dir, "dashboard.png"), fullPage: true });
    await page.locator("#panel-coverage").screenshot({ path: join(dir, "dashboard-map.png") });
    const docs = join(REPO, "docs", "dashboard.png");
    if (process.env.UPDATE_DOCS_SCREENSHOT === "1" || !existsSync(docs)) {
      mkdirSync(join(REPO, "docs"), { recursive: true });
      await page.evaluate(() => (globalThis as unknown as InBrowser).scrollTo(0, 0));
      await page.screenshot({ path: docs, fullPage: true, clip: { x: 0, y: 0, width: 1440, height: 1480 } });
    }
    expect(existsSync(join(dir, "dashboard.png"))).toBe(true);
  });

  test("the area and sector filters narrow every view (and the URL keeps them)", async () => {
    await page.selectOption("#f-area", "d:461");
    await ready();
    expect(page.url()).toContain("area=d%3A461");
    const filter = { districtCodeIn: ["461"] };
    let data = await gql<{ coverage: { total: { coverageRate: number } }; uncoveredUnits: { totalCount: number; nodes: { taxCode: string }[] } }>(
      `query ($year: Int!, $filter: EnterpriseFilterInput) { coverage(year: $year, filter: $filter) { total { coverageRate } } uncoveredUnits(year: $year, filter: $filter, first: 15) { totalCount nodes { taxCode } } }`,
      { year: YEAR, filter },
    );
    expect(await page.textContent("#kpi-coverage .value")).toBe(pct(data.coverage.total.coverageRate));
    expect(await page.$$eval("#uncovered-table tbody tr", (trs) => trs.map((tr) => tr.getAttribute("data-tax-code")))).toEqual(
      data.uncoveredUnits.nodes.map((n) => n.taxCode),
    );
    expect(await page.textContent("#kpi-uncovered .value")).toBe(vi(data.uncoveredUnits.totalCount));
    // a filtered membership series has no provincial target
    expect((await cellTexts("#membership-table tbody tr")).every((cells) => cells[6] === "—")).toBe(true);
    // the map keeps the province and outlines the district's communes
    const selected = await page.$$eval("#map path.commune.selected", (els) => els.map((el) => el.getAttribute("data-code") as string));
    expect(selected).toEqual([]); // commune view: a district is not one commune
    await page.click('.toggle button[data-view="district"]');
    const outlined = await page.$$eval("#map path.commune.selected", (els) => els.map((el) => el.getAttribute("data-code") as string));
    expect(outlined.sort()).toEqual(
      Object.keys(crosswalk)
        .filter((code) => crosswalk[code].districts.some((d) => d.code === "461"))
        .sort(),
    );
    await page.locator("#panel-coverage").screenshot({ path: join(artifactsDir(), "dashboard-map-districts.png") });
    await page.click('.toggle button[data-view="commune"]');

    await page.selectOption("#f-sector", "C");
    await ready();
    data = await gql(
      `query ($year: Int!, $filter: EnterpriseFilterInput) { coverage(year: $year, filter: $filter) { total { coverageRate } } uncoveredUnits(year: $year, filter: $filter, first: 15) { totalCount nodes { taxCode } } }`,
      { year: YEAR, filter: { ...filter, sectorIn: ["C"] } },
    );
    expect(await page.textContent("#kpi-coverage .value")).toBe(pct(data.coverage.total.coverageRate));
    expect(await page.textContent("#kpi-uncovered .value")).toBe(vi(data.uncoveredUnits.totalCount));
    const exportHref = await page.getAttribute("#uncovered-exports a[data-format=csv]", "href");
    expect(decodeURIComponent(exportHref ?? "")).toBe(
      `/export/uncoveredUnits.csv?year=${YEAR}&filter=${JSON.stringify({ districtCodeIn: ["461"], sectorIn: ["C"] })}&excel=vi`,
    );
    await page.screenshot({ path: join(artifactsDir(), "dashboard-filtered.png"), fullPage: true });

    // clicking a commune on the map filters by it; clicking it again goes back to the province
    await page.selectOption("#f-sector", "");
    await ready();
    await page.locator('#map path.commune[data-code="19351"]').click();
    await ready();
    expect(await page.inputValue("#f-area")).toBe("c:19351");
    await page.locator('#map path.commune[data-code="19351"]').click();
    await ready();
    expect(await page.inputValue("#f-area")).toBe("");
    expect(pageErrors).toEqual([]);
  });

  test("the export links: CSV for a Vietnamese-locale Excel (`;`, decimal commas, codes as text), named after the question; the scorecard too", async () => {
    await page.selectOption("#f-area", "");
    await ready();
    const csvLinks = await page.$$eval(".exports a[data-format=csv]", (links) => links.map((a) => a.getAttribute("href") ?? ""));
    expect(csvLinks.length).toBe(5); // coverage, membership, finance, scorecard, uncovered units
    expect(csvLinks.every((href) => href.endsWith("&excel=vi"))).toBe(true);
    expect(decodeURIComponent(csvLinks.find((href) => href.startsWith("/export/scorecard.csv")) ?? "")).toBe(`/export/scorecard.csv?year=${YEAR}&excel=vi`);

    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#coverage-exports a[data-format=csv]")]);
    expect(download.suggestedFilename()).toBe(`coverage-${YEAR}-new-commune.csv`);
    const text = readFileSync(await download.path(), "utf8").replace(/^\uFEFF/, "");
    const [header, ...records] = text
      .trimEnd()
      .split("\r\n")
      .map((line) => line.split(";"));
    const at = (record: string[], column: string) => record[header.indexOf(column)];
    const data = await gql<{ coverage: { rows: CoverageRow[]; total: CoverageRow } }>(
      `query ($year: Int!) { coverage(year: $year, groupBy: [NEW_COMMUNE]) { rows { keys { code name } units unionisedUnits coverageRate } total { keys { code name } units unionisedUnits coverageRate } } }`,
      { year: YEAR },
    );
    const total = records.find((r) => at(r, "isTotal") === "true") as string[];
    expect(Number(at(total, "units"))).toBe(data.coverage.total.units);
    expect(at(total, "coverageRate")).toBe(String(data.coverage.total.coverageRate).replace(".", ","));
    const first = data.coverage.rows[0];
    const row = records.find((r) => at(r, "keys.NEW_COMMUNE.code") === `"=""${first.keys[0].code}"""`);
    expect(row && at(row, "keys.NEW_COMMUNE.name")).toBe(first.keys[0].name);
  });

  test("a view whose field the API does not offer is hidden with a note, the others still show", async () => {
    const other = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      // introspection refused (as without demo mode), and a schema without membershipGrowth
      await other.route("**/graphql", async (route) => {
        const body = route.request().postDataJSON() as { operationName?: string };
        if (body.operationName === "DashboardFields") {
          return route.fulfill({
            status: 400,
            contentType: "application/json",
            body: JSON.stringify({ errors: [{ message: "GraphQL introspection is not allowed", extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }] }),
          });
        }
        if (body.operationName === "DashboardMembership") {
          return route.fulfill({
            status: 400,
            contentType: "application/json",
            body: JSON.stringify({
              errors: [{ message: 'Cannot query field "membershipGrowth" on type "Query".', extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }],
            }),
          });
        }
        return route.continue();
      });
      await other.goto(`${api.url}?year=${YEAR}`);
      await ready(other);
      expect(await other.getAttribute("#panel-membership", "class")).toContain("missing");
      expect(await other.textContent("#membership-note")).toContain("Chưa có trong API: trường membershipGrowth");
      expect(await other.isVisible("#membership-chart")).toBe(false);
      expect(await other.textContent("#kpi-members .value")).toBe("—");
      expect(await other.getAttribute("#panel-finance", "class")).not.toContain("missing");
      expect(await other.textContent("#kpi-coverage .value")).toMatch(/^\d+,\d%$/);
      expect(await other.$$eval("#finance-table tbody tr", (trs) => trs.length)).toBe(13);
    } finally {
      await other.close();
    }
  });

  describe("with an API that needs a key", () => {
    let secured: RunningApi;
    beforeAll(async () => {
      // the same warehouse (closed with the first API), no demo mode, the page's operations allow-listed for DASHBOARD keys
      secured = await startApi({
        warehouse: { ...sample, close: async () => {} },
        security: { demoMode: false, allowIntrospection: false, dashboardAllowList: [join(REPO, "examples/dashboard")] },
      });
    });
    afterAll(() => secured?.close());

    async function securedGql<T>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
      const response = await fetch(secured.graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data: T; errors?: unknown };
      expect(body.errors).toBeUndefined();
      return body.data;
    }

    test("the page asks for the key, sends it as a Bearer token, and exports with it", async () => {
      const { token } = secured.app.security.keys.create({ role: "ANALYST", scope: { kind: "PROVINCE" }, name: "dashboard test" });
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
      const other = await context.newPage();
      const authorizations = new Set<string>();
      other.on("request", (request) => {
        if (request.url().endsWith("/graphql")) authorizations.add(request.headers().authorization ?? "none");
      });
      try {
        await other.goto(`${secured.url}?year=${YEAR}`);
        await other.waitForFunction(() => (globalThis as unknown as InBrowser).document.body.dataset.state === "error");
        expect(await other.textContent("#banner")).toContain("API yêu cầu khóa truy cập");

        await other.fill("#api-key", token);
        await other.click('#key-form button[type="submit"]');
        await ready(other);
        expect(await other.isHidden("#banner")).toBe(true);
        expect(await other.evaluate(() => (globalThis as unknown as InBrowser).localStorage.getItem("uap.apiKey"))).toBe(token);
        expect(authorizations.has(`Bearer ${token}`)).toBe(true);
        const data = await securedGql<{ coverage: { total: { coverageRate: number } } }>(
          token,
          `query ($year: Int!) { coverage(year: $year) { total { coverageRate } } }`,
          { year: YEAR },
        );
        expect(await other.textContent("#kpi-coverage .value")).toBe(pct(data.coverage.total.coverageRate));
        // introspection is off here: the views found their fields by asking
        expect(await other.$$eval(".panel.missing", (els) => els.length)).toBe(0);

        // an export link downloads with the key (a plain link could not send it)
        const [download] = await Promise.all([other.waitForEvent("download"), other.click("#uncovered-exports a[data-format=csv]")]);
        const bytes = readFileSync(await download.path());
        expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        // for a Vietnamese-locale Excel (excel=vi), named after the question by the server
        expect(bytes.toString("utf8").slice(1).split("\r\n")[0]).toMatch(/^taxCode;name;year;workers/);
        expect(download.suggestedFilename()).toBe(`uncovered-units-${YEAR}.csv`);
      } finally {
        await context.close();
      }
    });

    test("a DASHBOARD key: allow-listed operations, small cells shown as withheld, no unit list", async () => {
      const { token } = secured.app.security.keys.create({ role: "DASHBOARD", scope: { kind: "PROVINCE" }, name: "dashboard test" });
      const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
      const other = await context.newPage();
      try {
        await other.goto(`${secured.url}?year=${YEAR}`);
        await other.waitForFunction(() => (globalThis as unknown as InBrowser).document.body.dataset.state === "error");
        await other.fill("#api-key", token);
        await other.click('#key-form button[type="submit"]');
        await ready(other);
        // the years are the warehouse's (warehouseYears answers every key, a DASHBOARD key too)
        expect(await other.$$eval("#f-year option", (options) => options.map((o) => o.getAttribute("value")))).toContain(String(YEAR));
        expect(await other.inputValue("#f-year")).toBe(String(YEAR));

        // the key may run allow-listed documents only: ask with the page's own
        const document = readFileSync(join(REPO, "examples/dashboard/DashboardCoverage.graphql"), "utf8");
        const data = await securedGql<{ communes: { rows: (CoverageRow & { suppressed: boolean })[] } }>(token, document, {
          year: YEAR,
          filter: null,
          mapFilter: null,
        });
        const withheld = data.communes.rows
          .filter((r) => r.suppressed)
          .map((r) => r.keys[0].code)
          .sort();
        expect(withheld.length).toBeGreaterThan(0); // the sample has communes of one or two units
        const fills = await other.$$eval("#map path.commune", (els) =>
          els.map((el) => [el.getAttribute("data-code"), el.getAttribute("fill"), el.querySelector("title")?.textContent ?? ""]),
        );
        expect(
          fills
            .filter(([, fill]) => fill === "#8b95a1")
            .map(([code]) => code)
            .sort(),
        ).toEqual(withheld);
        expect(fills.find(([code]) => code === withheld[0])?.[2]).toContain("số liệu ẩn");
        expect(await other.isVisible("#map-legend .suppressed-legend")).toBe(true);

        expect(await other.textContent("#panel-uncovered .error")).toContain("Khóa truy cập này không được xem phần này");
        expect(await other.textContent("#kpi-uncovered .value")).toBe("—");
        expect(await other.isHidden("#banner")).toBe(true); // the key is good: one view is not for it
        await other.screenshot({ path: join(artifactsDir(), "dashboard-dashboard-key.png"), fullPage: true });
      } finally {
        await context.close();
      }
    });
  });

  /** Pixels drawn on the chart's canvas (not blank): the chart was drawn. */
  function inkOf(selector: string): Promise<number> {
    return page.$eval(`${selector} canvas`, (element) => {
      const canvas = element as unknown as {
        width: number;
        height: number;
        getContext(kind: "2d"): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
      };
      const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
      let ink = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) ink++;
      return ink;
    });
  }
});

interface FinanceRow {
  due: number | string;
  paid: number | string;
  collectionRate: number | null;
  arrears: number | string;
  nonPayers: number;
  unitsOwing: number;
}
