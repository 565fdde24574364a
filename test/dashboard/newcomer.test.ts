/**
 * What tripped a newcomer on the dashboard (issue 20, point 4), each in headless Chromium
 * on a sample province (2019–2025): the year list is the warehouse's years (not the first
 * unit's history) and `?year=2021` is kept; at a phone's 390 px the page does not scroll
 * sideways; the tables show no API codes (SI_UNIT_CODE…) but Vietnamese words; a gap
 * between two rates reads as percentage points ("51,5 điểm %"), not as a percentage.
 */
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RunningApi, startApi } from "../api/fixtures/api-server.js";
import { buildSampleWarehouse, type SampleWarehouse } from "../helpers/sample-warehouse.js";
import { artifactsDir, browserTestsRequired, CHROMIUM_MISSING, findChromium, launchChromium } from "./browser.js";

const chromiumPath = findChromium();
if (!chromiumPath && browserTestsRequired()) {
  test("CI=true: the browser tests run (Chromium is required)", () => {
    throw new Error(`CI=true and the dashboard's browser tests cannot run: ${CHROMIUM_MISSING}`);
  });
} else if (!chromiumPath) test.skip(`skipped: ${CHROMIUM_MISSING}`, () => {});

/** The few browser globals the page callbacks use (this project compiles without the DOM library). */
interface InBrowser {
  readonly document: {
    readonly body: { readonly dataset: { readonly state?: string }; readonly scrollWidth: number };
    readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number };
  };
  readonly innerWidth: number;
}

/** An API code as the schema writes them: capitals joined by underscores (SI_UNIT_CODE, EXACT_TAX_CODE, ON_TRACK). */
const API_CODE = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/;

function vi(n: number, digits = 0): string {
  const fixed = Math.abs(n).toFixed(digits);
  const [int, dec] = fixed.split(".");
  return `${n < 0 && Number(fixed) !== 0 ? "−" : ""}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ".")}${dec ? `,${dec}` : ""}`;
}

describe.skipIf(chromiumPath === null)("the dashboard's newcomer points in headless Chromium", () => {
  let sample: SampleWarehouse;
  let api: RunningApi;
  let browser: Browser;

  beforeAll(async () => {
    sample = await buildSampleWarehouse({ units: 600, seed: 3 });
    api = await startApi({ warehouse: sample });
    browser = await launchChromium(chromiumPath as string);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  async function open(path: string, viewport = { width: 1280, height: 900 }): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    await page.goto(`${api.url}${path}`);
    await page.waitForFunction(() => ["ready", "error"].includes((globalThis as unknown as InBrowser).document.body.dataset.state ?? ""), null, {
      timeout: 60_000,
    });
    expect(await page.getAttribute("body", "data-state")).toBe("ready");
    return { page, errors };
  }

  test("the year list holds every year of the warehouse (2019–2025), and ?year=2021 is kept", async () => {
    // the generator's ground truth: the years it made unit-years for
    const truthYears = (await sample.rows("select distinct year::integer from truth_unit_year order by 1")).map((r) => Number(r[0]));
    expect(truthYears).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025]);
    const { page, errors } = await open("?year=2021");
    try {
      expect(await page.$$eval("#f-year option", (options) => options.map((o) => Number(o.getAttribute("value"))))).toEqual(truthYears);
      expect(await page.inputValue("#f-year")).toBe("2021");
      expect(new URL(page.url()).searchParams.get("year")).toBe("2021");
      expect(await page.textContent("#kpi-coverage .detail")).toContain("năm 2021");
      // the membership series starts at the warehouse's first year
      expect(await page.$$eval("#membership-table tbody tr", (trs) => trs.map((tr) => Number(tr.getAttribute("data-year"))))).toEqual([2019, 2020, 2021]);
      // without a year: the latest the warehouse holds
      await page.goto(api.url);
      await page.waitForFunction(() => (globalThis as unknown as InBrowser).document.body.dataset.state === "ready", null, { timeout: 60_000 });
      expect(await page.inputValue("#f-year")).toBe("2025");
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test("at 390 px (a phone) the page does not overflow sideways", async () => {
    const { page, errors } = await open("?year=2024", { width: 390, height: 844 });
    try {
      // every block of the page fits; wide tables scroll inside their own box
      const outside = await page.$$eval("body *", (els) =>
        els
          .filter((el) => {
            const box = el.getBoundingClientRect();
            if (box.width === 0 || box.right <= 390.5) return false;
            const style = (globalThis as unknown as { getComputedStyle(e: unknown): { overflowX: string } }).getComputedStyle;
            for (let p = el.parentElement; p; p = p.parentElement) if (["auto", "scroll", "hidden"].includes(style(p).overflowX)) return false;
            return true;
          })
          .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${el.className}`),
      );
      expect(outside).toEqual([]);
      const widths = await page.evaluate(() => {
        const g = globalThis as unknown as InBrowser;
        return { document: g.document.documentElement.scrollWidth, body: g.document.body.scrollWidth, viewport: g.innerWidth };
      });
      expect(widths.viewport).toBe(390);
      expect(widths.document).toBeLessThanOrEqual(390);
      expect(widths.body).toBeLessThanOrEqual(390);
      await page.screenshot({ path: join(artifactsDir(), "dashboard-390px.png"), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test("the tables show Vietnamese words, not the API's codes: a unit linked by its SI unit code says so in words", async () => {
    const WORDS: Record<string, string> = {
      TAX_ROOT: "theo mã số thuế của đơn vị chủ quản",
      TAX_CODE_VARIANT: "mã số thuế gần đúng",
      SI_UNIT_CODE: "theo mã đơn vị BHXH",
      FUZZY_NAME: "theo tên gần đúng",
      ANALYST_ACCEPTED: "cán bộ đã xác nhận",
    };
    // A year whose 15 largest uncovered units (the page's list) include one with a record linked other than by its exact tax code
    // (in this sample: 2022, a social-insurance record linked by its SI unit code).
    let found: { year: number; taxCode: string; methods: string[] } | undefined;
    for (const year of [2019, 2020, 2021, 2022, 2023, 2024, 2025]) {
      const response = await api.client.requestText<{ uncoveredUnits: { nodes: { taxCode: string; sources: { linkMethod: string }[] }[] } }>(
        "query ($year: Int!) { uncoveredUnits(year: $year, first: 15) { nodes { taxCode sources { linkMethod } } } }",
        { year },
      );
      const unit = response.data?.uncoveredUnits.nodes.find((n) => n.sources.some((s) => s.linkMethod !== "EXACT_TAX_CODE"));
      if (unit) {
        found = { year, taxCode: unit.taxCode, methods: [...new Set(unit.sources.map((s) => s.linkMethod).filter((m) => m !== "EXACT_TAX_CODE"))] };
        break;
      }
    }
    expect(found, "the sample has a listed uncovered unit linked other than by its exact tax code").toBeDefined();
    const { year, taxCode, methods } = found as { year: number; taxCode: string; methods: string[] };
    expect(methods).toContain("SI_UNIT_CODE");
    const { page, errors } = await open(`?year=${year}`);
    try {
      const items = await page.$$eval(`#uncovered-table tr[data-tax-code="${taxCode}"] .evidence li`, (lis) => lis.map((li) => li.textContent ?? ""));
      for (const method of methods)
        expect(
          items.some((text) => text.includes(`liên kết ${WORDS[method]}, tin cậy`)),
          `${method}: ${items.join(" | ")}`,
        ).toBe(true);
      const tables = await page.$$eval("table.data", (els) => els.map((el) => [el.id, el.textContent ?? ""]));
      expect(tables.length).toBe(5);
      for (const [id, text] of tables) expect(text, id).not.toMatch(API_CODE);
      for (const kpi of await page.$$eval(".kpi", (els) => els.map((el) => el.textContent ?? ""))) expect(kpi).not.toMatch(API_CODE);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test("a gap between two rates reads as percentage points (51,5 điểm %), a gap in members as members", async () => {
    const { page, errors } = await open("?year=2024");
    try {
      const response = await api.client.requestText<{ scorecard: { targets: { targetId: string; kind: string; metric: string; gap: number | null }[] } }>(
        "query ($year: Int!) { scorecard(year: $year) { targets { targetId kind metric gap } } }",
        { year: 2024 },
      );
      const targets = response.data?.scorecard.targets ?? [];
      const rates = targets.filter((t) => t.kind === "LEVEL" && t.gap !== null && t.gap > 0);
      expect(rates.length).toBeGreaterThan(0);
      const gapOf = (id: string) => page.$eval(`#scorecard-table tr[data-target="${id}"]`, (tr) => tr.querySelectorAll("td")[4]?.textContent ?? "");
      for (const t of rates) expect(await gapOf(t.targetId)).toBe(`${vi((t.gap as number) * 100, 1)} điểm %`);
      for (const t of targets.filter((t) => t.kind === "FLOW" && t.gap !== null && t.gap > 0)) expect(await gapOf(t.targetId)).toBe(vi(t.gap as number));
      expect(await page.textContent("#scorecard-table thead")).toContain("Còn thiếu");
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
