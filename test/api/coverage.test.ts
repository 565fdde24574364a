import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { coverage as coverageOf } from "../../queries/coverage.js";
import { CoverageTableDocument, type CoverageTableQuery, type CoverageTableQueryVariables } from "../generated/graphql.js";
import { type RunningApi, startApi } from "./fixtures/api-server.js";

/**
 * Expectations worked out by hand from the UNITS table of the tiny warehouse.
 * 2024, threshold 20: district 464 has units 1,2,3,4,6,7,8,10,12,14,15 in scope (5 is
 * 19 workers, 9 closed, 11 has 8, 13 no figure), unionised 1,2,7,10,12,14, with
 * agreements 1,7,10,14; district 461 has 16,17,18,19,21,22,23,24,25,26,28,29,30 (20
 * and 27 are small; 28 is suspended, still active), unionised 16,17,19,21,23,26,29,
 * with agreements 16,17,21,26.
 */
const D464 = { units: 11, unionisedUnits: 6, workers: 1837, unionisedWorkers: 920, members: 790, agreementUnits: 4 };
const D461 = { units: 13, unionisedUnits: 7, workers: 1923, unionisedWorkers: 1220, members: 980, agreementUnits: 4 };
const TOTAL_2024 = { units: 24, unionisedUnits: 13, workers: 3760, unionisedWorkers: 2140, members: 1770, agreementUnits: 8 };
const PROVINCE_45_DISTRICTS = ["461", "462", "464", "465", "466", "467", "468", "469", "470", "471"];

type Row = CoverageTableQuery["coverage"]["rows"][number];

function withRates(m: typeof D464) {
  return {
    ...m,
    coverageRate: m.unionisedUnits / m.units,
    density: m.members / m.unionisedWorkers,
    densityAllInScope: m.members / m.workers,
    agreementRate: m.agreementUnits / m.unionisedUnits,
  };
}

const ZERO = {
  units: 0,
  unionisedUnits: 0,
  workers: 0,
  unionisedWorkers: 0,
  members: 0,
  agreementUnits: 0,
  coverageRate: null,
  density: null,
  densityAllInScope: null,
  agreementRate: null,
};

let api: RunningApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

async function coverage(variables: CoverageTableQueryVariables) {
  const response = await api.client.request(CoverageTableDocument, variables);
  expect(response.errors).toBeUndefined();
  return response.data!.coverage;
}

const keyCodes = (row: Row) => row.keys.map((k) => k.code);

describe("coverage", () => {
  test("by district for 2024: every district of province 45, measures per docs/DOMAIN.md, the total from the database", async () => {
    await coverage({ year: 2022, groupBy: ["DISTRICT"] }); // what is read once per warehouse version (its years, the dimensions' sizes) is read here
    api.tiny.resetStatements();
    const result = await coverage({ year: 2024, groupBy: ["DISTRICT"] });

    expect(api.tiny.statements).toHaveLength(1);
    expect(api.tiny.statements[0]).toMatch(/grouping sets/i);
    expect(result).toMatchObject({ year: 2024, minWorkers: 20, groupBy: ["DISTRICT"] });
    expect(result.rows.map((r) => r.keys[0].code)).toEqual(PROVINCE_45_DISTRICTS);
    const byCode = new Map(result.rows.map((r) => [r.keys[0].code, r]));
    expect(byCode.get("464")).toMatchObject({ isTotal: false, keys: [{ dimension: "DISTRICT", code: "464", name: "Huyện Vĩnh Linh" }], ...withRates(D464) });
    expect(byCode.get("461")).toMatchObject({ keys: [{ name: "Thành phố Đông Hà" }], ...withRates(D461) });
    for (const code of PROVINCE_45_DISTRICTS.filter((c) => c !== "461" && c !== "464")) expect(byCode.get(code)).toMatchObject(ZERO);
    expect(result.total).toMatchObject({ isTotal: true, keys: [], ...withRates(TOTAL_2024) });
  });

  test("asOf means the year of the date; 2023 differs from 2024", async () => {
    const byYear = await coverage({ year: 2023 });
    const byDate = await coverage({ asOf: "2023-07-01" });
    expect(byDate).toEqual(byYear);
    // 2023: unit 6 had 18 workers, unit 23 no union yet (170 workers), unit 30 not registered.
    expect(byYear.total).toMatchObject({ units: 22, unionisedUnits: 12, workers: 3620, agreementUnits: 8 });
    expect(byYear.rows).toEqual([]);
  });

  test("the threshold is an argument: 100 and 0", async () => {
    expect((await coverage({ year: 2024, minWorkers: 100 })).total).toMatchObject({ units: 11, unionisedUnits: 8, coverageRate: 8 / 11 });
    // threshold 0: every active unit with a workers figure (not 9, closed; not 13, no figure)
    expect((await coverage({ year: 2024, minWorkers: 0 })).total).toMatchObject({ units: 28, unionisedUnits: 13 });
  });

  test("closed lists show every value in their own order: size bands of the FDI units", async () => {
    const result = await coverage({ year: 2024, groupBy: ["SIZE_BAND"], filter: { ownershipIn: ["FDI"] } });
    expect(result.rows.map((r) => [r.keys[0].code, r.units, r.unionisedUnits])).toEqual([
      ["<5", 0, 0],
      ["5-19", 0, 0],
      ["20-49", 0, 0],
      ["50-199", 2, 2],
      ["200-999", 2, 0],
      ["1000+", 0, 0],
    ]);
    expect(result.rows[3].keys[0].name).toBe("Từ 50 đến 199 lao động");
    expect(result.total).toMatchObject({ units: 4, unionisedUnits: 2 });
  });

  test("two closed dimensions give the full grid: districts × sections", async () => {
    const result = await coverage({ year: 2024, groupBy: ["DISTRICT", "SECTOR"] });
    expect(result.rows).toHaveLength(10 * 21);
    const cell = result.rows.find((r) => keyCodes(r).join() === "464,C")!;
    expect(cell).toMatchObject({ units: 3, unionisedUnits: 2, workers: 1070, keys: [{ code: "464" }, { code: "C", name: "Công nghiệp chế biến, chế tạo" }] });
    expect(result.rows.reduce((sum, r) => sum + r.units!, 0)).toBe(result.total.units);
    expect(result.total).toMatchObject(withRates(TOTAL_2024));
  });

  test("an open dimension shows the values units have, units without one under a null code", async () => {
    const result = await coverage({ year: 2024, groupBy: ["INDUSTRIAL_ZONE"] });
    expect(result.rows.map((r) => [r.keys[0].code, r.keys[0].name, r.units, r.unionisedUnits])).toEqual([
      ["KCN Nam Đông Hà", "KCN Nam Đông Hà", 2, 0],
      ["KCN Quán Ngang", "KCN Quán Ngang", 2, 1],
      [null, null, 20, 12],
    ]);
  });

  test("upper union and province, and the filter applies to the total", async () => {
    const byUpper = await coverage({ year: 2024, groupBy: ["UPPER_UNION"], filter: { NOT: { districtCodeIn: ["464"] } } });
    expect(byUpper.total).toMatchObject(withRates(D461));
    expect(byUpper.rows.map((r) => [r.keys[0].code, r.units])).toEqual([
      ["LĐLĐ thành phố Đông Hà", 7],
      [null, 6],
    ]);
    const byProvince = await coverage({ year: 2024, groupBy: ["PROVINCE", "YEAR"] });
    expect(byProvince.rows.map(keyCodes)).toEqual([["44", "2024"]]);
    expect(byProvince.rows[0]).toMatchObject({ units: 24 });
  });

  test("arguments a caller can get wrong are BAD_USER_INPUT", async () => {
    // Neither `year` nor `asOf` is not among them: it asks for the latest year (test/api/years-outside-data.test.ts).
    for (const variables of [
      { year: 2024, asOf: "2024-12-31" },
      { year: 2024, groupBy: ["DISTRICT", "DISTRICT"] },
      { year: 2024, minWorkers: -1 },
    ]) {
      const response = await api.client.request(CoverageTableDocument, variables as never);
      expect(response.errors?.[0].extensions?.code, JSON.stringify(variables)).toBe("BAD_USER_INPUT");
    }
  });

  test("the query itself refuses a dimension named twice, naming groupBy (callers other than GraphQL reach it)", async () => {
    const asked = coverageOf(api.tiny.warehouse.db, { year: 2024, groupBy: ["DISTRICT", "SECTOR", "DISTRICT"], minWorkers: 20 });
    const error = await asked.then(
      () => null,
      (e: { message: string; extensions: Record<string, unknown> }) => ({ message: e.message, extensions: { ...e.extensions } }),
    );
    expect(error).toEqual({ message: "groupBy names a dimension twice", extensions: { argument: "groupBy", code: "BAD_USER_INPUT" } });
  });
});
