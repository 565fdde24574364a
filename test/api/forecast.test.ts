/**
 * forecast, requiredPace and recruitmentPlan over HTTP, on the planning warehouse
 * (test/forecast/fixtures/planning-warehouse.ts), whose series and plan are worked out
 * by hand there and below.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { forecastSeries } from "../../core/forecasting/forecast-series.js";
import { NON_NEGATIVE, RATE } from "../../core/forecasting/prediction-intervals.js";
import { requiredPace } from "../../core/forecasting/required-pace.js";
import { EXPECTED, openPlanningWarehouse, planningUnit, UNLINKED_UPPER_UNION } from "../forecast/fixtures/planning-warehouse.js";
import {
  CoverageTableDocument,
  ForecastTableDocument,
  type ForecastTableQueryVariables,
  RecruitmentPlanTableDocument,
  type RecruitmentPlanTableQueryVariables,
  RequiredPaceTableDocument,
} from "../generated/graphql.js";
import { type RunningApi, startApi } from "./fixtures/api-server.js";

let api: RunningApi;
beforeAll(async () => {
  api = await startApi({ warehouse: await openPlanningWarehouse() });
});
afterAll(() => api.close());

const YEARS_2019_2025 = [2019, 2020, 2021, 2022, 2023, 2024, 2025];
const history = (values: readonly number[]) => values.map((value, i) => ({ year: 2019 + i, value }));

async function forecast(variables: ForecastTableQueryVariables) {
  const response = await api.client.request(ForecastTableDocument, variables);
  expect(response.errors).toBeUndefined();
  return response.data!.forecast;
}

type Series = Awaited<ReturnType<typeof forecast>>["total"];
const actuals = (s: Series) => s.points.filter((p) => !p.isForecast).map((p) => p.value);

/** The API's series is the pure forecast of the hand-worked history: same points, method and reason. */
function expectSameForecast(s: Series, values: readonly number[], bounds = NON_NEGATIVE) {
  const pure = forecastSeries(history(values), 2030, bounds);
  expect(s.method).toBe(pure.method);
  expect(s.methodReason).toBe(pure.methodReason);
  expect(s.warnings).toEqual(pure.warnings);
  s.points.forEach((p, i) => {
    const q = pure.points[i];
    expect(p.year).toBe(q.year);
    for (const key of ["value", "lower80", "upper80", "lower95", "upper95"] as const) {
      if (q[key] === null) expect(p[key]).toBeNull();
      else expect(p[key]).toBeCloseTo(q[key]!, 6);
    }
  });
}

describe("forecast", () => {
  test("new members by district to 2030: hand-worked history, the pure forecast of it, the returns of unlinked unions in their own group", async () => {
    const result = await forecast({ metric: "NEW_MEMBERS", toYear: 2030, groupBy: ["DISTRICT"] });
    expect(result).toMatchObject({ metric: "NEW_MEMBERS", toYear: 2030, firstYear: 2019, lastActualYear: 2025, minWorkers: 20, groupBy: ["DISTRICT"] });
    expect(result.series.map((s) => s.keys.map((k) => [k.code, k.name]))).toEqual([
      [["461", "Thành phố Đông Hà"]],
      [["464", "Huyện Vĩnh Linh"]],
      [[null, null]],
    ]);
    expect(actuals(result.series[0])).toEqual(EXPECTED.newMembers461);
    expect(actuals(result.series[1])).toEqual(EXPECTED.newMembers464);
    expect(actuals(result.series[2])).toEqual([50, 40, 60, 50, 70, 60, 80]);
    expect(actuals(result.total)).toEqual(EXPECTED.newMembers);
    expect(result.total.points.map((p) => p.year)).toEqual([...YEARS_2019_2025, 2026, 2027, 2028, 2029, 2030]);
    expectSameForecast(result.total, EXPECTED.newMembers);
    expectSameForecast(result.series[1], EXPECTED.newMembers464);
    // What a planner is told about the method.
    expect(result.total.backtest).toMatchObject({ method: result.total.method, chosen: true, firstOrigin: 4, origins: 3, forecasts: 6, maxHorizon: 3 });
    expect(result.total.candidates.map((c) => c.method)).toEqual(["LINEAR_TREND", "HOLT", "HOLT_DAMPED"]);
    expect(result.total.model).toMatchObject({ method: result.total.method, observations: 7 });
  });

  test("the unlinked unions' returns sit under their upper union, and a filter leaves them out", async () => {
    const byUpper = await forecast({ metric: "NEW_MEMBERS", toYear: 2027, groupBy: ["UPPER_UNION"] });
    const unlinked = byUpper.series.find((s) => s.keys[0].code === UNLINKED_UPPER_UNION)!;
    expect(actuals(unlinked)).toEqual([50, 40, 60, 50, 70, 60, 80]);
    const filtered = await forecast({ metric: "NEW_MEMBERS", toYear: 2027, filter: { districtCodeIn: ["461", "464"] } });
    expect(actuals(filtered.total)).toEqual(EXPECTED.newMembersLinked);
  });

  test("coverage and agreement rates: the hand-worked rates, the same as coverage's, intervals inside [0, 1]", async () => {
    const coverage = await forecast({ metric: "COVERAGE_RATE", toYear: 2030 });
    for (const [i, v] of actuals(coverage.total).entries()) expect(v).toBeCloseTo(EXPECTED.coverage[i], 12);
    expectSameForecast(coverage.total, EXPECTED.coverage, RATE);
    for (const p of coverage.total.points.filter((q) => q.isForecast)) {
      expect(p.lower95!).toBeGreaterThanOrEqual(0);
      expect(p.upper95!).toBeLessThanOrEqual(1);
    }
    const table = await api.client.request(CoverageTableDocument, { year: 2025 });
    expect(table.data!.coverage.total.coverageRate).toBeCloseTo(coverage.total.points[6].value!, 12);

    const agreement = await forecast({ metric: "AGREEMENT_RATE", toYear: 2030 });
    for (const [i, v] of actuals(agreement.total).entries()) expect(v).toBeCloseTo(EXPECTED.agreement[i], 12);
  });

  test("short series are handled honestly: 3 known years get a wide linear trend, 2 get none", async () => {
    const three = await forecast({ metric: "NEW_MEMBERS", toYear: 2030, fromYear: 2023 });
    expect(three.total.method).toBe("LINEAR_TREND");
    expect(three.total.model!.degreesOfFreedom).toBe(1);
    expect(three.total.backtest).toBeNull();
    expect(three.total.warnings.join(" ")).toMatch(/Only 3 known years/);
    const two = await forecast({ metric: "NEW_MEMBERS", toYear: 2030, fromYear: 2024 });
    expect(two.total).toMatchObject({ method: null, model: null, warnings: ["Only 2 consecutive known years: a forecast needs at least 3."] });
    expect(two.total.points).toHaveLength(2);
  });

  test("a group that never changed: flat forecast, and the warning that its interval has no width", async () => {
    const bySector = await forecast({ metric: "COVERAGE_RATE", toYear: 2027, groupBy: ["SECTOR"] });
    const trade = bySector.series.find((s) => s.keys[0].code === "G")!;
    expect(actuals(trade)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(trade.points.filter((p) => p.isForecast).map((p) => p.value)).toEqual([0, 0]);
    expect(trade.warnings.join(" ")).toMatch(/intervals have no width/);
  });

  test("arguments a caller can get wrong are BAD_USER_INPUT", async () => {
    for (const variables of [
      { metric: "NEW_MEMBERS", toYear: 2025 },
      { metric: "NEW_MEMBERS", toYear: 2056 },
      { metric: "NEW_MEMBERS", toYear: 2030, groupBy: ["YEAR"] },
      { metric: "NEW_MEMBERS", toYear: 2030, groupBy: ["DISTRICT", "DISTRICT"] },
      { metric: "NEW_MEMBERS", toYear: 2030, fromYear: 2027 },
      { metric: "COVERAGE_RATE", toYear: 2030, minWorkers: -1 },
    ] as ForecastTableQueryVariables[]) {
      const response = await api.client.request(ForecastTableDocument, variables);
      expect(response.errors?.[0].extensions?.code, JSON.stringify(variables)).toBe("BAD_USER_INPUT");
    }
  });
});

describe("requiredPace", () => {
  test("2025: the first period's targets, decided by the known years", async () => {
    const response = await api.client.request(RequiredPaceTableDocument, { targetYear: 2025 });
    expect(response.errors).toBeUndefined();
    const result = response.data!.requiredPace;
    expect(result).toMatchObject({ targetYear: 2025, lastActualYear: 2025 });
    expect(result.targets.map((t) => [t.target.targetId, t.metric, t.kind, t.status, t.probability])).toEqual([
      ["new_members_2021_2025", "NEW_MEMBERS", "FLOW", "MISSED", 0],
      ["coverage_20_2025", "COVERAGE_RATE", "LEVEL", "MISSED", 0],
      ["agreement_rate_2025", "AGREEMENT_RATE", "LEVEL", "MISSED", 0],
    ]);
    // 2021–2025: 880 + 940 + 1000 + 1030 + 1120 = 4970 of 7500.
    expect(result.targets[0]).toMatchObject({ achievedSoFar: 4970, projected: 4970, remainingYears: 0, minWorkers: null });
    expect(result.targets[0].explanation).toBe("2021–2025 asks for ≥ 1,500 a year (7,500 in all); the known years give 4,970 (994 a year): missed.");
    expect(result.targets[1]).toMatchObject({ minWorkers: 20, projected: 0.5, lastActual: 0.5 });
    expect(result.targets[0].years.map((y) => [y.year, y.value, y.probability])).toEqual([
      [2021, 880, 0],
      [2022, 940, 0],
      [2023, 1000, 0],
      [2024, 1030, 0],
      [2025, 1120, 0],
    ]);
  });

  test("2030: open targets, each the pure pace of the hand-worked series", async () => {
    const response = await api.client.request(RequiredPaceTableDocument, { targetYear: 2030 });
    expect(response.errors).toBeUndefined();
    const [newMembers, agreement] = response.data!.requiredPace.targets;
    expect(newMembers).toMatchObject({ status: "OPEN", kind: "FLOW", requiredPerYear: 2000, currentPerYear: 1120, achievedSoFar: 0, remainingYears: 5 });
    const pureNew = requiredPace({
      target: {
        targetId: "new_members_2026_2030",
        metric: "new_members",
        fromYear: 2026,
        toYear: 2030,
        comparison: ">=",
        value: 2000,
        unit: null,
        programLine: null,
      },
      kind: "FLOW",
      forecast: forecastSeries(history(EXPECTED.newMembers), 2030, NON_NEGATIVE),
      bounds: NON_NEGATIVE,
      isRate: false,
    });
    expect(newMembers.probability).toBeCloseTo(pureNew.probability!, 10);
    expect(newMembers.explanation).toBe(pureNew.explanation);
    expect(newMembers.forecast!.method).toBe(forecastSeries(history(EXPECTED.newMembers), 2030, NON_NEGATIVE).method);

    // 3 of 4 unionised units have an agreement; 85 % of 4 is 3.4, so 4: one more in five years.
    expect(agreement).toMatchObject({ status: "OPEN", kind: "LEVEL", lastActual: 0.75, requiredUnitsPerYear: 1 });
    expect(agreement.requiredPerYear).toBeCloseTo(0.02, 12);
    const pureAgreement = requiredPace({
      target: {
        targetId: "agreement_rate_2030",
        metric: "agreement_rate",
        fromYear: 2026,
        toYear: 2030,
        comparison: ">=",
        value: 0.85,
        unit: null,
        programLine: null,
      },
      kind: "LEVEL",
      forecast: forecastSeries(history(EXPECTED.agreement), 2030, RATE),
      bounds: RATE,
      isRate: true,
      counts: { numerator: 3, denominator: 4 },
      unitsLabel: "new agreements",
    });
    expect(agreement.probability).toBeCloseTo(pureAgreement.probability!, 10);
    expect(agreement.explanation).toBe(pureAgreement.explanation);
  });

  test("one metric; a year with no target due; 2045", async () => {
    const one = await api.client.request(RequiredPaceTableDocument, { targetYear: 2030, metric: "AGREEMENT_RATE" });
    expect(one.data!.requiredPace.targets.map((t) => t.target.targetId)).toEqual(["agreement_rate_2030"]);
    const none = await api.client.request(RequiredPaceTableDocument, { targetYear: 2028 });
    expect(none.data!.requiredPace.targets).toEqual([]);
    const far = await api.client.request(RequiredPaceTableDocument, { targetYear: 2045 });
    expect(far.data!.requiredPace.targets.map((t) => [t.target.targetId, t.metric, t.status])).toEqual([
      ["agreement_rate_2045", "AGREEMENT_RATE", "OPEN"],
      ["union_density_2045", "UNION_DENSITY", "OPEN"],
    ]);
  });
});

describe("recruitmentPlan: the hand-worked case", () => {
  /*
   * 2025, threshold 20. In scope: units 1–8 (9 has 15 workers, 10 closed). Unionised:
   * 1, 2, 3 (sector C, 50–199 workers: 200 members / 300 workers, fee 66/72 M paid) and
   * 4 (F, 20–49). Province 44: 220 members / 340 workers, fee 70.8/81.6 M.
   * Candidates: 5 (C, 50–199, 120 workers: its cell has 3 unionised units, density 2/3 →
   * 80 members), 6 (C, 200–999, 300 workers: no unionised unit in its cell → province
   * 220/340 → 194), 7 (F, 20–49, 45: cell has 1 → province → 29), 8 (G, 25 → 16).
   * Fees: 6 → 72 M × 70.8/81.6 = 62,470,588 (pays 10 M now); 5 → 28.8 M × 66/72 = 26.4 M;
   * 7 → 10.8 M × 70.8/81.6 = 9,370,588.
   */
  async function plan(variables: RecruitmentPlanTableQueryVariables) {
    const response = await api.client.request(RecruitmentPlanTableDocument, variables);
    expect(response.errors).toBeUndefined();
    return response.data!.recruitmentPlan;
  }

  test("three units for the province", async () => {
    const result = await plan({ units: 3 });
    expect(result).toMatchObject({ isScenario: true, year: 2025, minWorkers: 20, unitsAsked: 3, candidates: 4 });
    expect(result.description).toMatch(/^Scenario, not a forecast\./);
    expect(result.units.map((u) => [u.rank, u.taxCode, u.workers, u.expectedMembers, u.densityBasis, u.comparableUnits])).toEqual([
      [1, planningUnit(6).taxCode, 300, 194, "PROVINCE", 4],
      [2, planningUnit(5).taxCode, 120, 80, "SECTOR_SIZE_BAND", 3],
      [3, planningUnit(7).taxCode, 45, 29, "PROVINCE", 4],
    ]);
    expect(result.units[0].comparableDensity).toBeCloseTo(220 / 340, 12);
    expect(result.units[1].comparableDensity).toBeCloseTo(2 / 3, 12);
    expect(result.units[1].comparableCollectionRate).toBeCloseTo(66 / 72, 12);
    expect(result.units.map((u) => [u.feeDue, u.feePaid, u.expectedFeePaid])).toEqual([
      [72_000_000, 10_000_000, 62_470_588],
      [28_800_000, 0, 26_400_000],
      [10_800_000, 0, 9_370_588],
    ]);
    expect(result.units[0]).toMatchObject({
      name: "Công ty TNHH Điện tử Nam Đông Hà",
      sector: { code: "C" },
      sizeBand: "FROM_200_TO_999",
      district: { code: "461", name: "Thành phố Đông Hà" },
    });
    expect(result.baseline).toMatchObject({
      units: 8,
      unionisedUnits: 4,
      coverageRate: 0.5,
      workers: 830,
      members: 220,
      feeDue: 199_200_000,
      feePaid: 86_800_000,
    });
    expect(result.projected).toMatchObject({
      units: 8,
      unionisedUnits: 7,
      coverageRate: 7 / 8,
      workers: 830,
      members: 220 + 194 + 80 + 29,
      feeDue: 199_200_000,
      feePaid: 175_041_176,
    });
    expect(result.projected.collectionRate).toBeCloseTo(175_041_176 / 199_200_000, 12);
  });

  test("district 464 only: its two candidates, comparables still from the whole province", async () => {
    const result = await plan({ units: 3, filter: { districtCodeIn: ["464"] } });
    expect(result.candidates).toBe(2);
    expect(result.units.map((u) => [u.taxCode, u.expectedMembers])).toEqual([
      [planningUnit(5).taxCode, 80],
      [planningUnit(7).taxCode, 29],
    ]);
    expect(result.baseline).toMatchObject({ units: 5, unionisedUnits: 3, coverageRate: 0.6, members: 200, feeDue: 111_600_000, feePaid: 66_000_000 });
    expect(result.projected).toMatchObject({ unionisedUnits: 5, coverageRate: 1, members: 309, feePaid: 101_770_588 });
  });

  test("the baseline is coverage's total for the year", async () => {
    const [result, table] = await Promise.all([plan({ units: 1 }), api.client.request(CoverageTableDocument, { year: 2025 })]);
    const total = table.data!.coverage.total;
    expect(result.baseline).toMatchObject({ units: total.units, unionisedUnits: total.unionisedUnits, workers: total.workers, members: total.members });
  });

  test("units out of range are BAD_USER_INPUT", async () => {
    for (const units of [0, 501]) {
      const response = await api.client.request(RecruitmentPlanTableDocument, { units });
      expect(response.errors?.[0].extensions?.code, String(units)).toBe("BAD_USER_INPUT");
    }
  });
});
