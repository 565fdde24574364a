/**
 * DASHBOARD keys: aggregates only (unit-level fields FORBIDDEN), small cells suppressed
 * with their complements, and (allow-list mode) only allow-listed operations.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, print } from "graphql/index.js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sha256 } from "../../server/auth/persisted-queries.js";
import { unitNo } from "../api/fixtures/tiny-warehouse.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { codesOf, dataOf, districts, type SecureApi, startSecureApi } from "./fixtures.js";
import { expectProtectedLines } from "./protected-lines.js";

const K = 3;

describe("DASHBOARD keys (no allow-list)", () => {
  let s: SecureApi;
  let dashboard: string;
  let dashboard464: string;
  let analyst: string;
  let analyst464: string;
  beforeAll(async () => {
    s = await startSecureApi({ dashboardAllowList: null, suppressionK: K });
    dashboard = s.key("DASHBOARD");
    dashboard464 = s.key("DASHBOARD", districts("464"));
    analyst = s.key("ANALYST");
    analyst464 = s.key("ANALYST", districts("464"));
  });
  afterAll(() => s.close());

  test("unit-level fields answer FORBIDDEN (and run no SQL); aggregates answer", async () => {
    const unitLevel: Record<string, string> = {
      enterprises: `{ enterprises(first: 1) { totalCount nodes { taxCode } } }`,
      enterprise: `{ enterprise(taxCode: "${unitNo(1).taxCode}") { name } }`,
      uncoveredUnits: `{ uncoveredUnits(year: 2024, first: 5) { nodes { taxCode } } }`,
      financeGaps: `{ financeGaps(from: "2024-01-01", to: "2024-12-31") { nodes { taxCode } } }`,
      recruitmentPlan: `{ recruitmentPlan(year: 2024, units: 3) { units { taxCode } } }`,
      "dataQuality.rejectedRows": `{ dataQuality { rejectedRows { original } } }`,
      "dataQuality.unlinkedRows": `{ dataQuality { unlinkedRows { sourceName } } }`,
      "dataQuality.sourceConflicts": `{ dataQuality { sourceConflicts { nodes { taxCode } } } }`,
    };
    for (const [field, query] of Object.entries(unitLevel)) {
      s.api.tiny.resetStatements();
      const answer = await s.post(dashboard, query);
      expect(codesOf(answer), field).toEqual(["FORBIDDEN"]);
      expect(answer.body.errors![0].extensions, field).toMatchObject({ reason: "UNIT_LEVEL_FIELD" });
      expect(JSON.stringify(answer.body), field).not.toContain(unitNo(1).taxCode);
      expect(s.api.tiny.statements, field).toEqual([]);
      expect(codesOf(await s.post(analyst, query)), field).toEqual([]);
    }
    const aggregates = [
      `{ coverage(year: 2024) { total { units } } }`,
      `{ membershipGrowth(fromYear: 2022, toYear: 2024) { totals { members } } }`,
      `{ financeCollection(from: "2024-01-01", to: "2024-12-31", granularity: YEAR) { total { due } } }`,
      `{ scorecard(year: 2024) { targets { actual } } }`,
      `{ requiredPace(targetYear: 2025) { targets { lastActual } } }`,
      `{ forecast(metric: MEMBERS, toYear: 2026) { total { points { value } } } }`,
      `{ dataQuality { batchCount rejectionsByReason { rows } linkRates { rows } } }`,
      `{ viewer { role } }`,
    ];
    for (const query of aggregates) expect(codesOf(await s.post(dashboard, query)), query).toEqual([]);
  });

  test("no filters that single out units (tax code, name), however nested; forecasts of the scope's totals only", async () => {
    for (const filter of [{ taxCodeIn: [unitNo(3).taxCode] }, { nameSearch: "May Hồ Xá" }, { NOT: { OR: [{ hasUnion: true }, { taxCodeIn: ["x"] }] } }]) {
      const answer = await s.post(dashboard, `query($f: EnterpriseFilterInput) { coverage(year: 2024, filter: $f) { total { units workers } } }`, {
        f: filter,
      });
      expect(codesOf(answer)).toEqual(["FORBIDDEN"]);
      expect(answer.body.errors![0].extensions).toMatchObject({ reason: "IDENTIFYING_FILTER" });
    }
    expect(codesOf(await s.post(dashboard, `{ coverage(year: 2024, filter: { sectorIn: ["C"] }) { total { units } } }`))).toEqual([]);
    expect(codesOf(await s.post(dashboard, `{ forecast(metric: MEMBERS, toYear: 2026, groupBy: [SECTOR]) { total { method } } }`))).toEqual(["FORBIDDEN"]);
    expect(codesOf(await s.post(dashboard, `{ forecast(metric: MEMBERS, toYear: 2026, filter: { sectorIn: ["C"] }) { total { method } } }`))).toEqual([
      "FORBIDDEN",
    ]);
  });

  test("coverage: a cell of fewer than 3 units is null and flagged, and so is its complement (the next smallest), so the total cannot give it back", async () => {
    // District 464, in scope in 2024 by ownership: STATE 3 units (1, 10, 12), NON_STATE 6, FDI 2 (3, 14).
    const query = `{ coverage(year: 2024, groupBy: [OWNERSHIP]) { rows { keys { code } suppressed units unionisedUnits workers members coverageRate density } total { suppressed units workers members } } }`;
    const shown = dataOf(await s.post(dashboard464, query)).coverage;
    const truth = dataOf(await s.post(analyst464, query)).coverage;
    const row = (c: any, code: string) => c.rows.find((r: any) => r.keys[0].code === code);
    expect(row(truth, "FDI")).toMatchObject({ units: 2, workers: 950, suppressed: false });
    expect(row(truth, "STATE")).toMatchObject({ units: 3, workers: 590, suppressed: false });
    const hidden = { suppressed: true, units: null, unionisedUnits: null, workers: null, members: null, coverageRate: null, density: null };
    expect(row(shown, "FDI")).toEqual({ keys: [{ code: "FDI" }], ...hidden }); // primary: 2 units
    expect(row(shown, "STATE")).toEqual({ keys: [{ code: "STATE" }], ...hidden }); // complementary: 3 units, the next smallest
    expect(row(shown, "NON_STATE")).toEqual(row(truth, "NON_STATE"));
    expect(row(shown, "NON_STATE")).toMatchObject({ units: 6, suppressed: false });
    expect(shown.total).toEqual({ suppressed: false, units: 11, workers: 1837, members: 790 });
    // total − the shown cells = the two withheld cells together (5 units, 1,540 workers): neither is recoverable.
    const withheld = shown.total.workers - shown.rows.filter((r: any) => !r.suppressed).reduce((sum: number, r: any) => sum + r.workers, 0);
    expect(withheld).toBe(950 + 590);
    // Zero cells are not secrets: they stay.
    expect(shown.rows.filter((r: any) => r.units === 0).every((r: any) => !r.suppressed)).toBe(true);
  });

  test("coverage by two dimensions: every line (row or column of the grid) with a withheld cell withholds at least two, holding at least k units", async () => {
    for (const groupBy of ["[DISTRICT, SECTOR]", "[SECTOR, OWNERSHIP]", "[SIZE_BAND, OWNERSHIP]"]) {
      const query = `{ coverage(year: 2024, groupBy: ${groupBy}) { rows { keys { code } suppressed units workers } total { suppressed units workers } } }`;
      const shown = dataOf(await s.post(dashboard, query)).coverage;
      const truth = dataOf(await s.post(analyst, query)).coverage;
      expect(shown.total).toEqual(truth.total);
      const cells = truth.rows.map((r: any, i: number) => ({
        units: r.units as number,
        coords: r.keys.map((k: any) => k.code),
        hidden: shown.rows[i].suppressed as boolean,
      }));
      expect(
        cells.filter((c: any) => c.units > 0 && c.units < K).every((c: any) => c.hidden),
        groupBy,
      ).toBe(true);
      expect(
        cells.filter((c: any) => c.units === 0).some((c: any) => c.hidden),
        groupBy,
      ).toBe(false);
      for (const [i, r] of (shown.rows as any[]).entries()) {
        if (r.suppressed) expect(r.units).toBeNull();
        else expect(r).toEqual(truth.rows[i]);
      }
      expect(
        cells.some((c: any) => c.hidden),
        groupBy,
      ).toBe(true);
      expectProtectedLines(cells, [0, 1], K);
    }
  });

  test("membershipGrowth: the unions linked to no unit (1 return) are withheld with the next smallest district; the year's total stays", async () => {
    // 2024 returns by district: 461 → 7 unions, 464 → 6, no district (CD999) → 1.
    const query = `{ membershipGrowth(fromYear: 2024, toYear: 2024, groupBy: [DISTRICT]) { rows { keys { code } suppressed members newMembers unionsReporting } totals { suppressed members newMembers unionsReporting target targetMet } } }`;
    const shown = dataOf(await s.post(dashboard, query)).membershipGrowth;
    const truth = dataOf(await s.post(analyst, query)).membershipGrowth;
    const row = (m: any, code: string | null) => m.rows.find((r: any) => r.keys[0].code === code);
    expect([row(truth, null).unionsReporting, row(truth, "464").unionsReporting, row(truth, "461").unionsReporting]).toEqual([1, 6, 7]);
    const hidden = { suppressed: true, members: null, newMembers: null, unionsReporting: null };
    expect(row(shown, null)).toEqual({ keys: [{ code: null }], ...hidden });
    expect(row(shown, "464")).toEqual({ keys: [{ code: "464" }], ...hidden });
    expect(row(shown, "461")).toEqual(row(truth, "461"));
    expect(shown.totals).toEqual(truth.totals);
    expect(shown.totals[0]).toMatchObject({ suppressed: false, unionsReporting: 14, target: 1500, targetMet: false });
  });

  test("financeCollection: a total built from fewer than 3 units is withheld too (the tiny warehouse's 2024 fees come from 2 units)", async () => {
    const query = `{ financeCollection(from: "2024-01-01", to: "2024-12-31", granularity: QUARTER, groupBy: [DISTRICT]) {
      rows { keys { code } periodStart suppressed due paid arrears nonPayers unitsOwing } periodTotals { suppressed due paid } total { suppressed due paid arrears unitsOwing payingUnits memberDuesPaid } } }`;
    const shown = dataOf(await s.post(dashboard, query)).financeCollection;
    const truth = dataOf(await s.post(analyst, query)).financeCollection;
    expect(truth.total).toMatchObject({ suppressed: false, unitsOwing: 2 });
    expect(BigInt(truth.total.due)).toBeGreaterThan(0n);
    expect(shown.total).toEqual({ suppressed: true, due: null, paid: null, arrears: null, unitsOwing: null, payingUnits: null, memberDuesPaid: null });
    expect(shown.periodTotals.every((p: any) => p.suppressed && p.due === null)).toBe(true); // each quarter's fees come from one or two units
    const nonZero = truth.rows.filter((r: any) => BigInt(r.due) > 0n || BigInt(r.paid) > 0n);
    expect(nonZero.length).toBeGreaterThan(0);
    for (const r of nonZero)
      expect(shown.rows.find((x: any) => x.periodStart === r.periodStart && x.keys[0].code === r.keys[0].code)).toMatchObject({
        suppressed: true,
        due: null,
        paid: null,
      });
    expect(JSON.stringify(shown)).not.toContain(String(truth.total.due));
  });

  test("ANALYST and ADMIN keys are never suppressed", async () => {
    const admin = s.key("ADMIN");
    for (const key of [analyst, admin]) {
      const coverage = dataOf(await s.post(key, `{ coverage(year: 2024, groupBy: [DISTRICT, SECTOR]) { rows { suppressed } total { suppressed } } }`)).coverage;
      expect([...coverage.rows, coverage.total].some((r: any) => r.suppressed)).toBe(false);
    }
  });
});

describe("allow-list mode: DASHBOARD keys run only allow-listed operations (persisted queries)", () => {
  let s: SecureApi;
  let dashboard: string;
  let analyst: string;
  const allowed = `# the dashboard's coverage tile
query DashboardCoverage($year: Int!) {
  coverage(year: $year, groupBy: [DISTRICT]) { rows { keys { code } units suppressed } total { units } }
}
`;
  const temp = makeTempDir("uap-allow-list-");
  beforeAll(async () => {
    writeFileSync(join(temp.dir, "coverage.graphql"), allowed);
    s = await startSecureApi({ dashboardAllowList: [temp.dir, "examples"] });
    dashboard = s.key("DASHBOARD");
    analyst = s.key("ANALYST");
  });
  afterAll(async () => {
    await s.close();
    temp.remove();
  });

  test("an allow-listed document runs, as sent or reformatted; any other is FORBIDDEN (HTTP 403) before any SQL", async () => {
    expect(dataOf(await s.post(dashboard, allowed, { year: 2024 })).coverage.total.units).toBe(24);
    expect(dataOf(await s.post(dashboard, print(parse(allowed)), { year: 2024 })).coverage.total.units).toBe(24);
    s.api.tiny.resetStatements();
    const other = await s.post(dashboard, `query { coverage(year: 2024) { total { units workers } } }`);
    expect(other.status).toBe(403);
    expect(codesOf(other)).toEqual(["FORBIDDEN"]);
    expect(other.body.errors![0].extensions).toMatchObject({ reason: "OPERATION_NOT_ALLOWED" });
    expect(s.api.tiny.statements).toEqual([]);
    expect(codesOf(await s.post(analyst, `query { coverage(year: 2024) { total { units workers } } }`))).toEqual([]);
  });

  test("the examples/ operations are allow-listed by default; unit-level ones among them stay FORBIDDEN to DASHBOARD keys", async () => {
    const coverage = readFileSync("examples/coverage-by-district-and-sector.graphql", "utf8");
    const answer = dataOf(await s.post(dashboard, coverage));
    expect(answer.coverage.total.units).toBe(24);
    const uncovered = readFileSync("examples/uncovered-in-district.graphql", "utf8");
    expect(codesOf(await s.post(dashboard, uncovered, { year: 2024, first: 2 }))).toEqual(["FORBIDDEN"]);
  });

  test("persisted queries: an allow-listed operation can be sent by its sha256 alone; an unknown hash is PERSISTED_QUERY_NOT_FOUND, then registered (APQ)", async () => {
    const byHash = await s.postBody(dashboard, { variables: { year: 2024 }, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(allowed) } } });
    expect(byHash.status).toBe(200);
    expect(byHash.json.data.coverage.total.units).toBe(24);

    const query = `{ coverage(year: 2023) { total { units } } }`;
    const persisted = { persistedQuery: { version: 1, sha256Hash: sha256(query) } };
    const unknown = await s.postBody(analyst, { extensions: persisted });
    expect(unknown.json.errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    expect((await s.postBody(analyst, { query, extensions: persisted })).json.data.coverage.total.units).toBeGreaterThan(0);
    expect((await s.postBody(analyst, { extensions: persisted })).json.data.coverage.total.units).toBeGreaterThan(0);
    // Registered by an analyst, still not allowed to a dashboard.
    expect((await s.postBody(dashboard, { extensions: persisted })).json.errors[0].extensions).toMatchObject({
      code: "FORBIDDEN",
      reason: "OPERATION_NOT_ALLOWED",
    });
    // A hash that does not match the document is refused.
    const mismatch = await s.postBody(analyst, { query: `{ viewer { role } }`, extensions: persisted });
    expect(mismatch.status).toBe(400);
  });
});
