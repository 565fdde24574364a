import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { UncoveredInDistrictDocument, UncoveredUnitsPageDocument, type UncoveredUnitsPageQueryVariables } from "../generated/graphql.js";
import { type RunningApi, startApi } from "./fixtures/api-server.js";
import { unitNo } from "./fixtures/tiny-warehouse.js";

let api: RunningApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

const tax = (...numbers: number[]) => numbers.map((n) => unitNo(n).taxCode);

async function uncovered(variables: UncoveredUnitsPageQueryVariables) {
  const response = await api.client.request(UncoveredUnitsPageDocument, variables);
  expect(response.errors).toBeUndefined();
  return response.data!.uncoveredUnits;
}

describe("uncoveredUnits", () => {
  test("2024 (the latest year by default): in-scope units without a union, largest first", async () => {
    const result = await uncovered({});
    expect(result.totalCount).toBe(11);
    expect(result.nodes.map((n) => n.taxCode)).toEqual(tax(3, 18, 22, 30, 24, 4, 25, 8, 28, 15, 6));
    expect(result.nodes.map((n) => n.workers)).toEqual([800, 400, 130, 60, 50, 45, 35, 30, 28, 22, 20]);
    expect(result.nodes.every((n) => !n.hasUnion)).toBe(true);
  });

  test("with the evidence: which agencies report the unit and how many workers each says", async () => {
    const [first, second] = (await uncovered({ year: 2024, first: 2 })).nodes;
    expect(first.sources.map((s) => [s.dataset, s.period, s.workers, s.linkMethod, s.linkConfidence])).toEqual([
      ["tax_enterprises", "2024-12-31", null, "EXACT_TAX_CODE", 1],
      ["labour_workforce_reports", "2024-H1", 790, "EXACT_TAX_CODE", 1],
      ["labour_workforce_reports", "2024-H2", 800, "EXACT_TAX_CODE", 1],
      ["si_contributions", "2024-12", 760, "NAME_ADDRESS", 0.87],
    ]);
    expect(first.workersSource).toBe("LABOUR_H2");
    expect(second.sources.map((s) => [s.dataset, s.workers])).toEqual([
      ["tax_enterprises", null],
      ["stats_enterprise_survey", 390],
      ["labour_workforce_reports", 400],
      ["si_contributions", 380],
    ]);
    expect(second.sources[3].agency).toBe("Bảo hiểm xã hội (social insurance)");
  });

  test("2023: unit 23 had no union yet, unit 6 was below the threshold", async () => {
    const result = await uncovered({ year: 2023 });
    expect(result.nodes.map((n) => [n.taxCode, n.workers])).toEqual(
      [
        [3, 750],
        [18, 400],
        [23, 170],
        [22, 130],
        [24, 50],
        [4, 45],
        [25, 35],
        [8, 30],
        [28, 28],
        [15, 22],
      ].map(([n, w]) => [unitNo(n).taxCode, w]),
    );
    const [unit3] = result.nodes;
    expect(unit3.sources.map((s) => [s.dataset, s.period, s.workers])).toEqual([
      ["tax_enterprises", "2024-12-31", null],
      ["si_contributions", "2023-12", 700],
    ]);
  });

  test("threshold and filter", async () => {
    expect((await uncovered({ minWorkers: 100 })).nodes.map((n) => n.taxCode)).toEqual(tax(3, 18, 22));
    expect((await uncovered({ filter: { districtCodeIn: ["464"] } })).nodes.map((n) => n.taxCode)).toEqual(tax(3, 4, 8, 15, 6));
    const bad = await api.client.request(UncoveredUnitsPageDocument, { minWorkers: -5 });
    expect(bad.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });

  test("pages follow the same order", async () => {
    const first = await uncovered({ first: 4 });
    const rest = await uncovered({ first: 50, after: first.pageInfo.endCursor });
    expect([...first.nodes, ...rest.nodes].map((n) => n.taxCode)).toEqual(tax(3, 18, 22, 30, 24, 4, 25, 8, 28, 15, 6));
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    expect(rest.totalCount).toBe(11);
  });

  test("the analysts' example: units with 20 or more workers and no union in district 464, largest first", async () => {
    const response = await api.client.request(UncoveredInDistrictDocument, { year: 2024 });
    expect(response.errors).toBeUndefined();
    const result = response.data!.uncoveredUnits;
    expect(result.totalCount).toBe(5);
    expect(result.nodes.map((n) => [n.name, n.workers, n.commune?.name])).toEqual([
      ["Công ty TNHH May Hồ Xá", 800, "Thị trấn Hồ Xá"],
      ["Công ty TNHH Xây dựng Vĩnh Linh", 45, "Thị trấn Hồ Xá"],
      ["Công ty TNHH Vận tải Bến Hải", 30, "Thị trấn Hồ Xá"],
      ["Công ty TNHH Giáo dục Ánh Dương", 22, "Thị trấn Cửa Tùng"],
      ["Hợp tác xã Nông nghiệp Vĩnh Thái", 20, "Thị trấn Cửa Tùng"],
    ]);
  });
});
