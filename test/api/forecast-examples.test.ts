/** The planner's example operations (examples/forecast-to-2030, required-pace-2030, recruitment-plan-20-units) return data on the planning warehouse. */
import { afterAll, beforeAll, expect, test } from "vitest";
import { EXPECTED, openPlanningWarehouse, planningUnit } from "../forecast/fixtures/planning-warehouse.js";
import { ForecastTo2030Document, RecruitmentPlan20Document, RequiredPace2030Document } from "../generated/graphql.js";
import { type RunningApi, startApi } from "./fixtures/api-server.js";

let api: RunningApi;
beforeAll(async () => {
  api = await startApi({ warehouse: await openPlanningWarehouse() });
});
afterAll(() => api.close());

test("forecast to 2030: new members and coverage, each with method, back-test and intervals", async () => {
  const response = await api.client.request(ForecastTo2030Document, {});
  expect(response.errors).toBeUndefined();
  const { newMembers, coverage } = response.data!;
  expect(newMembers.total.points.filter((p) => !p.isForecast).map((p) => p.value)).toEqual(EXPECTED.newMembers);
  expect(newMembers.total.points.at(-1)).toMatchObject({ year: 2030, isForecast: true });
  expect(newMembers.total.backtest!.forecasts).toBe(6);
  expect(coverage.total.method).not.toBeNull();
  expect(coverage.lastActualYear).toBe(2025);
});

test("required pace for the targets due in 2030", async () => {
  const response = await api.client.request(RequiredPace2030Document, {});
  expect(response.errors).toBeUndefined();
  expect(response.data!.requiredPace.targets.map((t) => [t.target.targetId, t.status])).toEqual([
    ["new_members_2026_2030", "OPEN"],
    ["agreement_rate_2030", "OPEN"],
  ]);
});

test("a 20-unit recruitment plan (the warehouse has 4 candidates)", async () => {
  const response = await api.client.request(RecruitmentPlan20Document, {});
  expect(response.errors).toBeUndefined();
  const plan = response.data!.recruitmentPlan;
  expect(plan).toMatchObject({ isScenario: true, candidates: 4 });
  expect(plan.units.map((u) => u.taxCode)).toEqual([6, 5, 7, 8].map((no) => planningUnit(no).taxCode));
  expect(plan.projected).toMatchObject({ unionisedUnits: 8, coverageRate: 1 });
});
