/**
 * CSV for a Vietnamese-locale Excel (`?excel=vi`), read back here the way Excel in vi-VN
 * reads a CSV it opens: fields split at `;` (Windows' list separator there), then each
 * field typed by the locale's rules: decimal comma and `.` for thousands, dates in the
 * ISO or day/month forms, TRUE/FALSE, and a formula `="…"` giving its text. Expectations
 * are the tiny warehouse's hand-known figures (test/api/fixtures/tiny-warehouse.ts;
 * test/api/coverage.test.ts, scorecard-quality.test.ts): not the API's answer to the same
 * question. Also: the file names that say the question, and the scorecard and forecast
 * exports.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RunningApi, startApi } from "../api/fixtures/api-server.js";
import { openTinyWarehouse, taxCodeOf } from "../api/fixtures/tiny-warehouse.js";
import { parseCsv, readParquet } from "./read-back.js";

/** A cell as a vi-VN Excel holds it once opened. */
type ExcelValue = { text: string } | { number: number } | { date: string } | { boolean: boolean } | null;

/**
 * How Excel (vi-VN: decimal `,`, thousands `.`, dates d/m/y) types one CSV field. A field
 * it can read as a number or a date becomes one (a 13-digit code becomes 3.2E+12, `0.5`
 * is not a number there); `="…"` is a formula whose value is its text.
 */
function excelVi(field: string): ExcelValue {
  const formula = /^="(.*)"$/.exec(field);
  if (formula) return { text: formula[1] };
  if (field === "") return null;
  if (/^(true|false)$/i.test(field)) return { boolean: field.toLowerCase() === "true" };
  if (/^-?\d+(,\d+)?([eE][+-]?\d+)?$/.test(field)) return { number: Number(field.replace(",", ".")) };
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(field)) return { number: Number(field.replaceAll(".", "").replace(",", ".")) };
  if (/^\d{4}-\d{1,2}(-\d{1,2})?$/.test(field) || /^\d{1,2}[/.-]\d{1,2}([/.-]\d{2,4})?$/.test(field)) return { date: field };
  return { text: field };
}

/** A file as a vi-VN Excel shows it: the header row, then each row keyed by it. */
function openInExcelVi(text: string): { header: string[]; rows: Record<string, ExcelValue>[] } {
  expect(text.startsWith("\uFEFF")).toBe(true); // UTF-8 with BOM: Vietnamese letters intact
  const [header, ...records] = parseCsv(text, ";");
  for (const record of records) expect(record.length).toBe(header.length);
  return { header, rows: records.map((r) => Object.fromEntries(header.map((h, i) => [h, excelVi(r[i])]))) };
}

const n = (value: ExcelValue) => (value && "number" in value ? value.number : Number.NaN);

/** The tiny warehouse as it is. */
let api: RunningApi;
/** Unit 10 of the tiny warehouse: a branch (13-digit code: its parent unit 16's code and 001), 40 workers in Vĩnh Linh. */
const BRANCH = `${taxCodeOf(16)}001`;
/** A copy in which the branch's union was dissolved in 2024: an uncovered unit, so its code is in the unit lists. */
let branchUncovered: RunningApi;

beforeAll(async () => {
  api = await startApi();
  const tiny = await openTinyWarehouse();
  await tiny.warehouse.connection.run(`update mart_unit_year set has_union = false, members = null where tax_code = '${BRANCH}' and year = 2024`);
  branchUncovered = await startApi({ warehouse: tiny });
});
afterAll(async () => {
  await api?.close();
  await branchUncovered?.close();
});

async function exportOf(path: string, from: RunningApi = api): Promise<{ status: number; name: string | undefined; text: string; bytes: Uint8Array }> {
  const response = await fetch(`${from.url}export/${path}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1];
  return { status: response.status, name, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes), bytes };
}

describe("excel=vi: what a Vietnamese-locale Excel shows", () => {
  test("coverage 2024 by district: `;`-separated, rates with a decimal comma are numbers, district codes stay text", async () => {
    const file = await exportOf("coverage.csv?year=2024&groupBy=DISTRICT&excel=vi");
    expect(file.status).toBe(200);
    expect(file.name).toBe("coverage-2024-district.csv");
    const { rows } = openInExcelVi(file.text);
    const d464 = rows.find((r) => JSON.stringify(r["keys.DISTRICT.code"]) === JSON.stringify({ text: "464" }));
    expect(d464).toMatchObject({
      "keys.DISTRICT.name": { text: "Huyện Vĩnh Linh" },
      units: { number: 11 },
      unionisedUnits: { number: 6 },
      workers: { number: 1837 },
      members: { number: 790 },
      isTotal: { boolean: false },
    });
    expect(n(d464?.coverageRate ?? null)).toBeCloseTo(6 / 11, 12);
    const total = rows.find((r) => JSON.stringify(r.isTotal) === JSON.stringify({ boolean: true }));
    expect(total).toMatchObject({ units: { number: 24 }, unionisedUnits: { number: 13 }, workers: { number: 3760 }, members: { number: 1770 } });
    expect(n(total?.coverageRate ?? null)).toBeCloseTo(13 / 24, 12);
    expect(n(total?.agreementRate ?? null)).toBeCloseTo(8 / 13, 12);
    // every district code is text, as its GSO code with leading digits intact
    expect(rows.slice(0, -1).every((r) => r["keys.DISTRICT.code"] !== null && "text" in (r["keys.DISTRICT.code"] as object))).toBe(true);

    // the same question without excel=vi, opened by the same Excel: codes become numbers and rates are not numbers at all
    const plain = (await exportOf("coverage.csv?year=2024&groupBy=DISTRICT")).text;
    const [header, ...records] = parseCsv(plain, ";");
    expect(header.length).toBe(1); // no `;`: Excel puts each whole line into column A
    expect(records[2][0]).toMatch(/^false,464,Huyện Vĩnh Linh,false,11,6,0\.5454/);
    expect(excelVi("464")).toEqual({ number: 464 });
    expect(excelVi("0.5454545454545454")).toEqual({ text: "0.5454545454545454" });
  });

  test("the 13-digit branch code and every other code stay text; dates stay dates", async () => {
    const file = await exportOf("uncoveredUnits.csv?year=2024&filter.districtCodeIn=464&excel=vi", branchUncovered);
    expect(file.status).toBe(200);
    expect(file.name).toBe("uncovered-units-2024-district-464.csv");
    const { rows } = openInExcelVi(file.text);
    const branch = rows.find((r) => r.name && "text" in r.name && r.name.text === "Chi nhánh Công ty Điện lực Quảng Trị tại Vĩnh Linh");
    expect(branch).toBeDefined();
    const code = branch?.taxCode as { text: string };
    expect(code).toEqual({ text: expect.any(String) });
    expect(code.text.replace("-", "")).toBe(BRANCH); // 13 digits (or 10-3 with the branch dash), as text
    expect(branch).toMatchObject({
      workers: { number: 40 },
      "commune.code": { text: "19363" },
      "district.code": { text: "464" },
      "province.code": { text: "44" },
      "sector.code": { text: "D" },
      ownership: { text: "STATE" },
    });
    for (const row of rows) expect(row.registeredOn === null || "date" in (row.registeredOn as object)).toBe(true);
    // without the formula Excel would make the branch code a number (shown 3,2E+12)
    expect(excelVi(BRANCH)).toEqual({ number: Number(BRANCH) });
  });

  test("fee gaps: money as numbers, months (2024-01) as text, not dates", async () => {
    const file = await exportOf("financeGaps.csv?from=2024-01-01&to=2024-12-31&excel=vi");
    expect(file.name).toBe("finance-gaps-2024.csv");
    const { rows } = openInExcelVi(file.text);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row["socialInsurance.firstMonth"]).toEqual({ text: expect.stringMatching(/^2024-\d{2}$/) });
      expect(row.due).toEqual({ number: expect.any(Number) });
      expect(row.taxCode).toEqual({ text: expect.stringMatching(/^\d{10}(-?\d{3})?$/) });
    }
  });

  test("the scorecard of 2024: 77 new members against 1,500 a year, coverage 13/24 against 90 %", async () => {
    const file = await exportOf("scorecard.csv?year=2024&excel=vi");
    expect(file.status).toBe(200);
    expect(file.name).toBe("scorecard-2024.csv");
    const { header, rows } = openInExcelVi(file.text);
    expect(header.slice(0, 4)).toEqual(["year", "targetId", "metric", "kind"]);
    expect(rows.map((r) => r.targetId)).toEqual([{ text: "new_members_2021_2025" }, { text: "coverage_20_2025" }, { text: "agreement_rate_2025" }]);
    const [members, coverage, agreement] = rows;
    expect(members).toMatchObject({
      year: { number: 2024 },
      target: { number: 1500 },
      actual: { number: 77 },
      gap: { number: 1423 },
      status: { text: "BEHIND" },
      cumulativeActual: { number: 197 },
      programLine: { text: "Phấn đấu mỗi năm kết nạp thêm 1.500 đoàn viên công đoàn trở lên" },
    });
    expect(n(coverage.target)).toBe(0.9);
    expect(n(coverage.actual)).toBeCloseTo(13 / 24, 12);
    expect(n(coverage.gap)).toBeCloseTo(0.9 - 13 / 24, 12);
    expect(n(coverage.baseline)).toBeCloseTo(12 / 23, 12);
    expect(n(agreement.actual)).toBeCloseTo(8 / 13, 12);
  });

  test("the forecast of new members: the known years 60, 60, 77, then the linear trend's 248/3 and 547/6", async () => {
    const file = await exportOf("forecast.csv?metric=NEW_MEMBERS&toYear=2026&excel=vi");
    expect(file.status).toBe(200);
    expect(file.name).toBe("forecast-new-members-to-2026.csv");
    const { rows } = openInExcelVi(file.text);
    expect(rows.map((r) => [n(r["points.year"]), r["points.isForecast"], r.metric, r.isTotal, r.method])).toEqual(
      [2022, 2023, 2024, 2025, 2026].map((year) => [year, { boolean: year > 2024 }, { text: "NEW_MEMBERS" }, { boolean: true }, { text: "LINEAR_TREND" }]),
    );
    const values = rows.map((r) => n(r["points.value"]));
    expect(values.slice(0, 3)).toEqual([60, 60, 77]);
    // least squares over x = 0, 1, 2: slope (77 − 60) / 2 = 8.5 through the mean 197/3
    expect(values[3]).toBeCloseTo(197 / 3 + 2 * 8.5, 9);
    expect(values[4]).toBeCloseTo(197 / 3 + 3 * 8.5, 9);
    expect(rows[0]["points.lower80"]).toBeNull();
    expect(n(rows[3]["points.lower80"])).toBeLessThan(values[3]);
  });
});

describe("file names and the new exports in the other formats", () => {
  test.each([
    ["coverage.csv?year=2024&groupBy=DISTRICT", "coverage-2024-district.csv"],
    ["coverage.csv?year=2024&groupBy=DISTRICT,SECTOR&filter.ownershipIn=FDI", "coverage-2024-district-sector-ownership-fdi.csv"],
    ["coverage.parquet?year=2024", "coverage-2024.parquet"],
    ["membershipGrowth.csv?fromYear=2022&toYear=2024&groupBy=DISTRICT", "membership-growth-2022-2024-district.csv"],
    ["financeCollection.csv?from=2024-01-01&to=2024-12-31&granularity=QUARTER&groupBy=DISTRICT", "finance-collection-2024-quarter-district.csv"],
    ["financeCollection.csv?from=2024-01-01&to=2024-06-30", "finance-collection-2024-01-01_2024-06-30.csv"],
    ["forecast.parquet?metric=COVERAGE_RATE&toYear=2026&groupBy=DISTRICT", "forecast-coverage-rate-to-2026-district.parquet"],
  ])("%s is %s", async (path, name) => {
    const file = await exportOf(path);
    expect(file.status, file.text.slice(0, 300)).toBe(200);
    expect(file.name).toBe(name);
  });

  test("forecast as Parquet: one typed row per group and year, the total's rows marked", async () => {
    const file = await exportOf("forecast.parquet?metric=NEW_MEMBERS&toYear=2025&groupBy=DISTRICT");
    const parquet = await readParquet(file.bytes);
    const types = Object.fromEntries(parquet.columns.map((c) => [c.name, c.type]));
    expect(types).toMatchObject({
      isTotal: "BOOLEAN",
      "points.year": "INTEGER",
      "points.value": "DOUBLE",
      "points.isForecast": "BOOLEAN",
      warnings: "VARCHAR[]",
    });
    const total = parquet.rows.filter((r) => r.isTotal === true).map((r) => [r["points.year"], r["points.value"]]);
    expect(total.slice(0, 3)).toEqual([
      [2022, 60],
      [2023, 60],
      [2024, 77],
    ]);
    expect(total[3][1]).toBeCloseTo(248 / 3, 9);
  });

  test("GET /export/ lists scorecard and forecast; excel takes vi, for CSV only", async () => {
    const index = (await (await fetch(`${api.url}export/`)).json()) as { exports: { field: string }[]; notes: string };
    expect(index.exports.map((e) => e.field)).toEqual([
      "coverage",
      "uncoveredUnits",
      "membershipGrowth",
      "financeCollection",
      "financeGaps",
      "scorecard",
      "forecast",
    ]);
    expect(index.notes).toContain("excel=vi");
    for (const [path, message] of [
      ["coverage.csv?year=2024&excel=de", /parameter "excel" must be vi/],
      ["coverage.parquet?year=2024&excel=vi", /applies to CSV only/],
      ["coverage.csv?year=2024&excel=vi&excel=vi", /given 2 times/],
    ] as const) {
      const file = await exportOf(path);
      expect(file.status).toBe(400);
      expect(JSON.parse(file.text).errors[0].message).toMatch(message);
    }
  });
});
