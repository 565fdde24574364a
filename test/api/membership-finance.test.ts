import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  FinanceCollectionTableDocument,
  type FinanceCollectionTableQueryVariables,
  FinanceGapsPageDocument,
  type FinanceGapsPageQueryVariables,
  MembershipGrowthTableDocument,
  type MembershipGrowthTableQueryVariables,
} from "../generated/graphql.js";
import { type RunningApi, startApi } from "./fixtures/api-server.js";
import { UNLINKED_RETURN } from "./fixtures/tiny-analytics.js";
import { unitNo } from "./fixtures/tiny-warehouse.js";

/**
 * Membership growth and union-fee collection on the tiny warehouse, expectations worked
 * out by hand from its UNITS table (tiny-warehouse.ts) and tiny-analytics.ts:
 *
 * Membership: every unionised unit-year has one return (the mart's members, 5 new,
 * 2 left). 2024: 13 unionised units (790 members in district 464, 980 in 461) plus the
 * return of CD999, a union linked to no unit (30 members, 12 new, 1 left). 2022 and
 * 2023: 12 (unit 23's union was founded in 2024), 1,710 members.
 *
 * Finance: unit 3 (district 464, no union) has SI every month of 2024, salary fund
 * (750 + m) × 6,000,000 for m = 0…11, fee due (750 + m) × 120,000, and pays nothing.
 * Unit 16 (461, union, STATE) has SI only in December 2023 (due 99,000,000) and
 * December 2024 (due 100,000,000); it pays 300,000,000 (and 72,000,000 dues) each
 * quarter of 2024 and 9,007,199,254,740,993 for the year 2023.
 */
const T3 = unitNo(3).taxCode;
const DUE3 = (m: number) => (750 + m) * 120_000; // m = 0 for January
const DUE3_YEAR = Array.from({ length: 12 }, (_, m) => DUE3(m)).reduce((a, b) => a + b, 0); // 1,087,920,000

let api: RunningApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

async function growth(variables: MembershipGrowthTableQueryVariables) {
  const response = await api.client.request(MembershipGrowthTableDocument, variables);
  expect(response.errors).toBeUndefined();
  return response.data!.membershipGrowth;
}

async function collection(variables: FinanceCollectionTableQueryVariables) {
  const response = await api.client.request(FinanceCollectionTableDocument, variables);
  expect(response.errors).toBeUndefined();
  return response.data!.financeCollection;
}

async function gaps(variables: FinanceGapsPageQueryVariables) {
  const response = await api.client.request(FinanceGapsPageDocument, variables);
  expect(response.errors).toBeUndefined();
  return response.data!.financeGaps;
}

const PROVINCE_45_DISTRICTS = ["461", "462", "464", "465", "466", "467", "468", "469", "470", "471"];

describe("membershipGrowth", () => {
  test("every year of the range, zeros for years without returns, the provincial target on the yearly totals", async () => {
    api.tiny.resetStatements();
    const result = await growth({ fromYear: 2021, toYear: 2025 });
    expect(api.tiny.statements.filter((s) => /grouping|fct_membership_yearly/i.test(s))).toHaveLength(1);
    expect(result.rows).toEqual([]);
    const target = { target: 1500, targetId: "new_members_2021_2025", targetMet: false };
    expect(result.totals).toEqual([
      { year: 2021, isTotal: true, keys: [], members: 0, newMembers: 0, left: 0, netGrowth: 0, unionsReporting: 0, ...target },
      { year: 2022, isTotal: true, keys: [], members: 1710, newMembers: 60, left: 24, netGrowth: 36, unionsReporting: 12, ...target },
      { year: 2023, isTotal: true, keys: [], members: 1710, newMembers: 60, left: 24, netGrowth: 36, unionsReporting: 12, ...target },
      { year: 2024, isTotal: true, keys: [], members: 1800, newMembers: 77, left: 27, netGrowth: 50, unionsReporting: 14, ...target },
      { year: 2025, isTotal: true, keys: [], members: 0, newMembers: 0, left: 0, netGrowth: 0, unionsReporting: 0, ...target },
    ]);
  });

  test("years no target covers have a null target", async () => {
    const result = await growth({ fromYear: 2019, toYear: 2020 });
    expect(result.totals.map((t) => [t.year, t.target, t.targetMet])).toEqual([
      [2019, null, null],
      [2020, null, null],
    ]);
    // 2031 is past the last target's range (2026–2030, which starts before it): no target
    const after = await growth({ fromYear: 2025, toYear: 2031 });
    expect(after.totals.map((t) => [t.year, t.target, t.targetId, t.targetMet]).filter(([year]) => year === 2025 || Number(year) >= 2030)).toEqual([
      [2025, 1500, "new_members_2021_2025", false],
      [2030, 2000, "new_members_2026_2030", false],
      [2031, null, null, null],
    ]);
  });

  test("by district: the full grid every year, the unlinked union's return under a null code, totals from the database", async () => {
    const result = await growth({ fromYear: 2023, toYear: 2024, groupBy: ["DISTRICT"] });
    const codes2023 = result.rows.filter((r) => r.year === 2023).map((r) => r.keys[0].code);
    expect(codes2023).toEqual(PROVINCE_45_DISTRICTS);
    const rows2024 = result.rows.filter((r) => r.year === 2024);
    expect(rows2024.map((r) => r.keys[0].code)).toEqual([...PROVINCE_45_DISTRICTS, null]);
    const byCode = new Map(rows2024.map((r) => [r.keys[0].code, r]));
    expect(byCode.get("464")).toMatchObject({
      keys: [{ dimension: "DISTRICT", code: "464", name: "Huyện Vĩnh Linh" }],
      members: 790,
      newMembers: 30,
      left: 12,
      netGrowth: 18,
      target: null,
      targetMet: null,
    });
    expect(byCode.get("461")).toMatchObject({ members: 980, newMembers: 35, left: 14, unionsReporting: 7 });
    expect(byCode.get(null)).toMatchObject({ members: UNLINKED_RETURN.members, newMembers: UNLINKED_RETURN.new_members, left: UNLINKED_RETURN.left_members });
    expect(byCode.get("462")).toMatchObject({ members: 0, newMembers: 0, unionsReporting: 0 });
    expect(result.totals.find((t) => t.year === 2024)).toMatchObject({ members: 1800, newMembers: 77 });
  });

  test("a filter narrows the returns (the unlinked union's matches a NOT), and the provincial target no longer applies", async () => {
    const in464 = await growth({ fromYear: 2024, toYear: 2024, filter: { districtCodeIn: ["464"] } });
    expect(in464.totals).toEqual([expect.objectContaining({ members: 790, newMembers: 30, target: null, targetId: null, targetMet: null })]);
    const not464 = await growth({ fromYear: 2024, toYear: 2024, filter: { NOT: { districtCodeIn: ["464"] } } });
    expect(not464.totals[0]).toMatchObject({ members: 980 + UNLINKED_RETURN.members, target: null });
  });

  test("an open dimension shows the values returns have", async () => {
    const result = await growth({ fromYear: 2024, toYear: 2024, groupBy: ["UPPER_UNION"] });
    expect(result.rows.map((r) => [r.keys[0].code, r.members])).toEqual([
      ["Công đoàn các Khu kinh tế tỉnh", 90],
      ["LĐLĐ huyện Vĩnh Linh", 790 - 90],
      ["LĐLĐ thành phố Đông Hà", 980],
      [null, 30],
    ]);
  });

  test("arguments a caller can get wrong are BAD_USER_INPUT", async () => {
    for (const variables of [
      { fromYear: 2025, toYear: 2024 },
      { fromYear: 1950, toYear: 2024 },
      { fromYear: 2024, toYear: 2024, groupBy: ["DISTRICT", "DISTRICT"] },
      { fromYear: 2024, toYear: 2024, groupBy: ["YEAR"] },
    ]) {
      const response = await api.client.request(MembershipGrowthTableDocument, variables as never);
      expect(response.errors?.[0].extensions?.code, JSON.stringify(variables)).toBe("BAD_USER_INPUT");
    }
  });
});

describe("financeCollection", () => {
  test("by month: a quarterly payment is spread over its months in proportion to their fee due (evenly when none is due)", async () => {
    api.tiny.resetStatements();
    const result = await collection({ from: "2024-01-01", to: "2024-12-31", granularity: "MONTH" });
    expect(api.tiny.statements).toHaveLength(1);
    expect(result).toMatchObject({ from: "2024-01-01", to: "2024-12-31", granularity: "MONTH", groupBy: [], rows: [] });
    expect(result.periodTotals.map((p) => p.periodStart)).toEqual(Array.from({ length: 12 }, (_, m) => `2024-${String(m + 1).padStart(2, "0")}-01`));
    const month = (m: number) => result.periodTotals[m - 1];
    // Q1–Q3: no fee due at unit 16 in those months, so 300,000,000 is spread evenly; dues 72,000,000 likewise.
    for (const m of [1, 2, 3, 4, 5, 6, 7, 8, 9]) {
      expect(month(m), `month ${m}`).toMatchObject({
        due: DUE3(m - 1),
        paid: 100_000_000,
        arrears: DUE3(m - 1),
        nonPayers: 1,
        unitsOwing: 1,
        payingUnits: 1,
        memberDuesPaid: 24_000_000,
      });
    }
    // Q4: only December has fee due at unit 16, so it receives the whole payment.
    expect(month(10)).toMatchObject({ due: DUE3(9), paid: 0, collectionRate: 0, arrears: DUE3(9), nonPayers: 1, payingUnits: 0 });
    expect(month(11)).toMatchObject({ paid: 0, memberDuesPaid: 0 });
    expect(month(12)).toMatchObject({
      periodEnd: "2024-12-31",
      due: DUE3(11) + 100_000_000,
      paid: 300_000_000,
      arrears: DUE3(11),
      nonPayers: 1,
      unitsOwing: 2,
      payingUnits: 1,
      memberDuesPaid: 72_000_000,
      // unit 16: 480 members × min(1 % × 5,000,000,000 / 500, 10 % × 2,340,000) = 480 × 100,000
      expectedMemberDues: 48_000_000,
    });
    // The range: unit 16 paid more than it owed, so only unit 3's arrears; the rate is not capped.
    expect(result.total).toMatchObject({
      periodStart: null,
      isTotal: true,
      due: DUE3_YEAR + 100_000_000,
      paid: 1_200_000_000,
      collectionRate: 1_200_000_000 / (DUE3_YEAR + 100_000_000),
      arrears: DUE3_YEAR,
      nonPayers: 1,
      unitsOwing: 2,
      payingUnits: 1,
      memberDuesPaid: 288_000_000,
      expectedMemberDues: 48_000_000,
    });
  });

  test("by quarter: a quarterly payment is its quarter's; by year, a yearly payment is its year's (BigInt beyond 2^53)", async () => {
    const quarters = await collection({ from: "2024-02-15", to: "2024-11-30", granularity: "QUARTER" });
    expect(quarters).toMatchObject({ from: "2024-01-01", to: "2024-12-31" });
    expect(quarters.periodTotals.map((p) => [p.periodStart, p.periodEnd, p.paid, p.arrears])).toEqual([
      ["2024-01-01", "2024-03-31", 300_000_000, DUE3(0) + DUE3(1) + DUE3(2)],
      ["2024-04-01", "2024-06-30", 300_000_000, DUE3(3) + DUE3(4) + DUE3(5)],
      ["2024-07-01", "2024-09-30", 300_000_000, DUE3(6) + DUE3(7) + DUE3(8)],
      ["2024-10-01", "2024-12-31", 300_000_000, DUE3(9) + DUE3(10) + DUE3(11)],
    ]);
    const years = await collection({ from: "2022-01-01", to: "2025-06-30", granularity: "YEAR", groupBy: ["DISTRICT"] });
    expect(years.periodTotals.map((p) => [p.periodStart, p.due, p.paid, p.nonPayers])).toEqual([
      ["2022-01-01", 0, 0, 0],
      ["2023-01-01", 99_000_000, "9007199254740993", 0],
      ["2024-01-01", DUE3_YEAR + 100_000_000, 1_200_000_000, 1],
      ["2025-01-01", 0, 0, 0],
    ]);
    const cell = (year: string, district: string) => years.rows.find((r) => r.periodStart === `${year}-01-01` && r.keys[0].code === district)!;
    expect(years.rows).toHaveLength(4 * 10);
    expect(cell("2024", "464")).toMatchObject({ due: DUE3_YEAR, paid: 0, arrears: DUE3_YEAR, nonPayers: 1, collectionRate: 0 });
    expect(cell("2024", "461")).toMatchObject({ due: 100_000_000, paid: 1_200_000_000, arrears: 0, collectionRate: 12 });
    expect(cell("2022", "461")).toMatchObject({ due: 0, paid: 0, collectionRate: null });
  });

  test("units with no union still owe the fee: the hasUnion filter", async () => {
    const without = await collection({ from: "2024-01-01", to: "2024-12-31", granularity: "YEAR", filter: { hasUnion: false } });
    expect(without.total).toMatchObject({ due: DUE3_YEAR, paid: 0, arrears: DUE3_YEAR, nonPayers: 1, memberDuesPaid: 0 });
    const withUnion = await collection({ from: "2024-01-01", to: "2024-12-31", granularity: "YEAR", filter: { hasUnion: true } });
    expect(withUnion.total).toMatchObject({ due: 100_000_000, paid: 1_200_000_000, arrears: 0, nonPayers: 0 });
  });

  test("a range with no data: every period, all zeros", async () => {
    const result = await collection({ from: "2026-01-01", to: "2026-06-30", granularity: "QUARTER", groupBy: ["OWNERSHIP"] });
    expect(result.periodTotals).toHaveLength(2);
    expect(result.rows).toHaveLength(2 * 3);
    for (const row of [...result.rows, ...result.periodTotals, result.total]) {
      expect(row).toMatchObject({ due: 0, paid: 0, arrears: 0, nonPayers: 0, collectionRate: null, memberDuesPaid: 0 });
    }
  });

  test("arguments a caller can get wrong are BAD_USER_INPUT", async () => {
    for (const variables of [
      { from: "2024-12-01", to: "2024-01-01" },
      { from: "1900-01-01", to: "2024-01-01", granularity: "MONTH" },
      { from: "2024-01-01", to: "2024-12-31", groupBy: ["YEAR"] },
    ]) {
      const response = await api.client.request(FinanceCollectionTableDocument, variables as never);
      expect(response.errors?.[0].extensions?.code, JSON.stringify(variables)).toBe("BAD_USER_INPUT");
    }
  });
});

describe("financeGaps", () => {
  test("units paying SI but not the fee, with the months covered and each agency's evidence", async () => {
    const result = await gaps({ from: "2024-01-01", to: "2024-12-31", withUnit: true });
    expect(result).toMatchObject({ totalCount: 1, totalArrears: DUE3_YEAR, pageInfo: { hasNextPage: false } });
    expect(result.nodes).toEqual([
      {
        taxCode: T3,
        name: "Công ty TNHH May Hồ Xá",
        year: 2024,
        due: DUE3_YEAR,
        paid: 0,
        arrears: DUE3_YEAR,
        collectionRate: 0,
        monthsCovered: 12,
        socialInsurance: {
          dataset: "si_contributions",
          agency: "Bảo hiểm xã hội (social insurance)",
          months: 12,
          firstMonth: "2024-01",
          lastMonth: "2024-12",
          insuredWorkersLastMonth: 761,
          salaryFund: 9066 * 6_000_000,
          feeDue: DUE3_YEAR,
        },
        unionFinance: {
          dataset: "union_finance",
          agency: "LĐLĐ tỉnh (union fee and dues receipts)",
          monthsPaid: 0,
          monthsUnpaid: 12,
          firstMonthPaid: null,
          lastMonthPaid: null,
          feePaid: 0,
          memberDuesPaid: 0,
          lastPaidOn: null,
          paymentGrains: [],
        },
        unit: {
          taxCode: T3,
          year: 2024,
          hasUnion: false,
          district: { code: "464" },
          sources: expect.arrayContaining([expect.objectContaining({ dataset: "labour_workforce_reports", period: "2024-H2", workers: 800 })]),
        },
      },
    ]);
  });

  test("the range is whole months; a unit paying more than it owes is no gap", async () => {
    const q4 = await gaps({ from: "2024-10-15", to: "2024-12-02" });
    expect(q4.nodes.map((n) => [n.taxCode, n.arrears, n.monthsCovered])).toEqual([[T3, DUE3(9) + DUE3(10) + DUE3(11), 3]]);
    const year2023 = await gaps({ from: "2023-01-01", to: "2023-12-31" });
    expect(year2023).toMatchObject({ totalCount: 0, totalArrears: 0, nodes: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  test("pages and cursors; a foreign cursor is BAD_USER_INPUT", async () => {
    const first = await gaps({ from: "2024-01-01", to: "2024-12-31", first: 0 });
    expect(first).toMatchObject({ nodes: [], pageInfo: { hasNextPage: true } });
    const one = await gaps({ from: "2024-01-01", to: "2024-12-31", first: 1 });
    const next = await gaps({ from: "2024-01-01", to: "2024-12-31", first: 1, after: one.pageInfo.endCursor });
    expect(next).toMatchObject({ nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: true } });
    const bad = await api.client.request(FinanceGapsPageDocument, { from: "2024-01-01", to: "2024-12-31", after: "bm90IGEgY3Vyc29y" });
    expect(bad.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });
});
