/**
 * Forecasts, paces and plans are cached per warehouse version: a dashboard polling the
 * same question sends no SQL after the first call (statements counted with the
 * warehouse's onQuery hook, as statement-count.test.ts does), and a new version (a new
 * batch, or a rebuilt mart) is noticed at the next version check.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { configureResultCache } from "../../queries/forecast-cache.js";
import { addBatch, openPlanningWarehouse } from "../forecast/fixtures/planning-warehouse.js";
import { ForecastTableDocument, RecruitmentPlanTableDocument, RequiredPaceTableDocument } from "../generated/graphql.js";
import { type RunningApi, startApi } from "./fixtures/api-server.js";

let api: RunningApi;
let clock = 0;
beforeAll(async () => {
  api = await startApi({ warehouse: await openPlanningWarehouse() });
});
afterAll(() => api.close());
beforeEach(() => {
  // A fresh cache for each test, on a clock the test moves.
  clock = 1_000_000;
  configureResultCache(api.tiny.warehouse.db, { versionCheckMs: 30_000, now: () => clock });
});

async function measure<T>(request: () => Promise<T>): Promise<{ statements: string[]; result: T }> {
  api.tiny.resetStatements();
  const result = await request();
  return { statements: [...api.tiny.statements], result };
}

const newMembers2030 = () => api.client.request(ForecastTableDocument, { metric: "NEW_MEMBERS", toYear: 2030, groupBy: ["DISTRICT"] });

test("the second identical forecast sends no SQL and answers the same", async () => {
  const first = await measure(newMembers2030);
  expect(first.result.errors).toBeUndefined();
  expect(first.statements).toHaveLength(2); // the warehouse version, then the series
  expect(first.statements[0]).toMatch(/lineage/);
  const second = await measure(newMembers2030);
  expect(second.statements).toEqual([]);
  expect(second.result).toEqual(first.result);
});

test("other arguments are another result; the version is not read again within the interval", async () => {
  await newMembers2030();
  const other = await measure(() => api.client.request(ForecastTableDocument, { metric: "NEW_MEMBERS", toYear: 2031, groupBy: ["DISTRICT"] }));
  expect(other.statements).toHaveLength(1);
  // The same filter written in another key order is the same question.
  const a = await measure(() =>
    api.client.request(ForecastTableDocument, { metric: "COVERAGE_RATE", toYear: 2030, filter: { districtCodeIn: ["464"], sectorIn: ["C"] } }),
  );
  const b = await measure(() =>
    api.client.request(ForecastTableDocument, { metric: "COVERAGE_RATE", toYear: 2030, filter: { sectorIn: ["C"], districtCodeIn: ["464"] } }),
  );
  expect(a.statements).toHaveLength(1);
  expect(b.statements).toEqual([]);
});

test("requiredPace and recruitmentPlan are cached too", async () => {
  const pace = await measure(() => api.client.request(RequiredPaceTableDocument, { targetYear: 2030 }));
  expect(pace.statements.length).toBeGreaterThan(1);
  expect((await measure(() => api.client.request(RequiredPaceTableDocument, { targetYear: 2030 }))).statements).toEqual([]);
  const plan = await measure(() => api.client.request(RecruitmentPlanTableDocument, { units: 3 }));
  expect(plan.statements.length).toBeGreaterThan(0);
  const again = await measure(() => api.client.request(RecruitmentPlanTableDocument, { units: 3 }));
  expect(again.statements).toEqual([]);
  expect(again.result).toEqual(plan.result);
});

test("after the interval the version is read again (one statement); unchanged, the result stays cached", async () => {
  await newMembers2030();
  clock += 30_001;
  const later = await measure(newMembers2030);
  expect(later.statements).toHaveLength(1);
  expect(later.statements[0]).toMatch(/lineage/);
});

test("a new batch is a new version: the forecast is computed again", async () => {
  await newMembers2030();
  await addBatch(api.tiny.warehouse, 2n, "2026-02-01 09:00:00");
  clock += 30_001;
  const after = await measure(newMembers2030);
  expect(after.statements).toHaveLength(2);
});

test("a rebuilt mart without a new batch is a new version too, and the answer follows the data", async () => {
  const before = await newMembers2030();
  await sql`update mart_unit_year set new_members = new_members + 100 where year = 2025 and has_union`.execute(api.tiny.warehouse.db);
  clock += 30_001;
  const after = await measure(newMembers2030);
  expect(after.statements).toHaveLength(2);
  const last = (r: typeof before) => r.data!.forecast.total.points.find((p) => p.year === 2025)!.value;
  expect(last(after.result)).toBe(last(before)! + 400); // four unionised units
  await sql`update mart_unit_year set new_members = new_members - 100 where year = 2025 and has_union`.execute(api.tiny.warehouse.db);
});

test("identical calls in flight share one computation", async () => {
  const both = await measure(() => Promise.all([newMembers2030(), newMembers2030()]));
  expect(both.statements).toHaveLength(2);
  expect(both.result[0]).toEqual(both.result[1]);
});

test("an error is not cached", async () => {
  const bad = () => api.client.request(ForecastTableDocument, { metric: "NEW_MEMBERS", toYear: 2025 });
  const first = await measure(bad);
  expect(first.result.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  const second = await measure(bad);
  expect(second.result.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  expect(second.statements).toHaveLength(1); // computed again (the series), not answered from a cache
});
