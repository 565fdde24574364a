/**
 * The example operations of membershipGrowth, financeCollection, financeGaps, scorecard
 * and dataQuality (examples/*.graphql) run with their default variables on the tiny
 * warehouse and return what it holds (see membership-finance.test.ts and
 * scorecard-quality.test.ts for the figures worked out by hand).
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  DataQualityOverviewDocument,
  FeeCollectionByQuarterDocument,
  FeeGapsLargestFirstDocument,
  MembershipGrowthByDistrictDocument,
  ProgramScorecardDocument,
} from "../generated/graphql.js";
import { type RunningApi, startApi } from "./fixtures/api-server.js";
import { unitNo } from "./fixtures/tiny-warehouse.js";

let api: RunningApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

test("membership growth 2021–2025 by district, with the target", async () => {
  const response = await api.client.request(MembershipGrowthByDistrictDocument, {});
  expect(response.errors).toBeUndefined();
  const { rows, totals } = response.data!.membershipGrowth;
  expect(totals.map((t) => [t.year, t.newMembers, t.target, t.targetMet])).toEqual([
    [2021, 0, 1500, false],
    [2022, 60, 1500, false],
    [2023, 60, 1500, false],
    [2024, 77, 1500, false],
    [2025, 0, 1500, false],
  ]);
  expect(rows.find((r) => r.year === 2024 && r.keys[0].code === "464")).toMatchObject({ members: 790, newMembers: 30 });
});

test("fee collection in 2024 by quarter and district", async () => {
  const response = await api.client.request(FeeCollectionByQuarterDocument, {});
  expect(response.errors).toBeUndefined();
  const result = response.data!.financeCollection;
  expect(result.rows).toHaveLength(4 * 10);
  expect(result.periodTotals.map((p) => p.paid)).toEqual([300_000_000, 300_000_000, 300_000_000, 300_000_000]);
  expect(result.total).toMatchObject({ paid: 1_200_000_000, nonPayers: 1, unitsOwing: 2 });
});

test("fee gaps of 2024, largest first", async () => {
  const response = await api.client.request(FeeGapsLargestFirstDocument, {});
  expect(response.errors).toBeUndefined();
  expect(response.data!.financeGaps).toMatchObject({
    totalCount: 1,
    nodes: [{ taxCode: unitNo(3).taxCode, paid: 0, monthsCovered: 12, unit: { hasUnion: false, district: { code: "464" } } }],
  });
});

test("the program scorecard of 2025: no data in the tiny warehouse, so nothing is judged", async () => {
  const response = await api.client.request(ProgramScorecardDocument, {});
  expect(response.errors).toBeUndefined();
  const { targets } = response.data!.scorecard;
  expect(targets.map((t) => [t.targetId, t.actual, t.status])).toEqual([
    ["new_members_2021_2025", null, null],
    ["coverage_20_2025", null, null],
    ["agreement_rate_2025", null, null],
  ]);
  const in2024 = await api.client.request(ProgramScorecardDocument, { year: 2024 });
  expect(in2024.data!.scorecard.targets.map((t) => t.status)).toEqual(["BEHIND", "BEHIND", "BEHIND"]);
});

test("the data quality overview", async () => {
  const response = await api.client.request(DataQualityOverviewDocument, {});
  expect(response.errors).toBeUndefined();
  expect(response.data!.dataQuality).toMatchObject({
    batchCount: 5,
    batches: [{ batchId: 5 }, { batchId: 4 }, { batchId: 3 }],
    reviewQueueSize: null,
    sourceConflicts: { totalCount: 2, nodes: [{ taxCode: unitNo(1).taxCode, ratio: 2.5 }, { taxCode: unitNo(12).taxCode }] },
  });
});
