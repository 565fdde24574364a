/** The example operations analysts copy (examples/*.graphql) return data on the tiny warehouse. */
import { afterAll, beforeAll, expect, test } from "vitest";
import { CoverageByDistrictAndSectorDocument, UncoveredInDistrictDocument, UnitWithSourcesDocument } from "../generated/graphql.js";
import { type RunningApi, startApi } from "./fixtures/api-server.js";
import { unitNo } from "./fixtures/tiny-warehouse.js";

let api: RunningApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

test("coverage by district and sector for 2024 with totals", async () => {
  const response = await api.client.request(CoverageByDistrictAndSectorDocument, {});
  expect(response.errors).toBeUndefined();
  const { rows, total, groupBy, year } = response.data!.coverage;
  expect({ year, groupBy }).toEqual({ year: 2024, groupBy: ["DISTRICT", "SECTOR"] });
  expect(rows).toHaveLength(210);
  expect(total).toMatchObject({ units: 24, unionisedUnits: 13, coverageRate: 13 / 24 });
  const electricity461 = rows.find((r) => r.keys[0].code === "461" && r.keys[1].code === "D")!;
  expect(electricity461).toMatchObject({ units: 1, unionisedUnits: 1, workers: 500, members: 480, agreementRate: 1 });
});

test("units with 20 or more workers and no union in district 464, largest first", async () => {
  const response = await api.client.request(UncoveredInDistrictDocument, { year: 2024, first: 2 });
  expect(response.errors).toBeUndefined();
  expect(response.data!.uncoveredUnits).toMatchObject({ totalCount: 5, pageInfo: { hasNextPage: true }, nodes: [{ workers: 800 }, { workers: 45 }] });
});

test("one unit with all its sources", async () => {
  const response = await api.client.request(UnitWithSourcesDocument, { taxCode: unitNo(18).taxCode, asOf: "2024-12-31" });
  expect(response.errors).toBeUndefined();
  const unit = response.data!.enterprise;
  expect(unit.sources.map((s) => [s.agency, s.reportedName, s.workers])).toEqual([
    ["Cục Thuế (tax registry)", "Công ty TNHH Bia Đông Hà", null],
    ["Thống kê (annual enterprise survey)", "CTY TNHH BIA ĐÔNG HÀ", 390],
    ["Sở LĐTBXH / Sở Nội vụ (labour usage reports)", "Công ty TNHH Bia Đông Hà", 400],
    ["Bảo hiểm xã hội (social insurance)", "Công ty TNHH Bia Đông Hà", 380],
  ]);
  expect(unit).toMatchObject({ workers: 400, workersSource: "LABOUR_H2", industrialZone: "KCN Nam Đông Hà", hasUnion: false, union: null });
});
