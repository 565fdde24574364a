/**
 * financeGaps (queries/finance.ts listFinanceGaps, countFinanceGaps) on its own, over the tiny
 * warehouse plus a few unit-months of mart_unit_month_finance made here, with the results
 * worked out by hand: equal arrears are ordered by tax code, ascending, and a page boundary
 * between them loses and repeats no unit. Written for the mutants `npm run mutate` found
 * alive in finance.ts (the tie-break's direction was only seen when two units owe the same;
 * arrears first only when a larger debtor has a larger tax code; a unit's latest year and
 * payment over a range of two years; a filter, which joins mart_unit_year, beside the months).
 *
 * March 2024 of the tiny warehouse: unit 3 owes its fee due, 752 × 120,000 = 90,240,000, and
 * pays nothing; unit 16 has no SI that month. Added here, each with SI and a salary fund of
 * 100,000,000 (fee due 2,000,000): units 101, 102 and 104 pay 500,000 (arrears 1,500,000 each,
 * inserted out of order), unit 103 pays its whole fee (no gap); unit 105 (salary fund
 * 10,000,000,000) owes 200,000,000 and pays nothing. Unit 104 also paid its whole fee for
 * December 2023 (on 10 January 2024; its March payment on 10 April). None of 101–105 has a
 * row in mart_unit_year (no district).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { countFinanceGaps, listFinanceGaps } from "../../queries/finance.js";
import { openTinyWarehouse, type TinyWarehouse, taxCodeOf, unitNo } from "./fixtures/tiny-warehouse.js";

const MARCH = { from: new Date("2024-03-01T00:00:00Z"), to: new Date("2024-03-31T00:00:00Z") };
const T3 = unitNo(3).taxCode;
const [A, B, C, D, E] = [101, 102, 103, 104, 105].map(taxCodeOf);
const DUE3_MARCH = 752n * 120_000n;

let tiny: TinyWarehouse;
beforeAll(async () => {
  tiny = await openTinyWarehouse();
  const month = (taxCode: string, paid: bigint, due = 2_000_000n, at = MARCH.from, paidOn = new Date("2024-04-10T00:00:00Z")) => ({
    tax_code: taxCode,
    month: at,
    year: at.getUTCFullYear(),
    quarter: Math.floor(at.getUTCMonth() / 3) + 1,
    insured_workers: 20,
    salary_fund: due * 50n,
    fee_due: due,
    fee_paid: paid,
    arrears: due - paid,
    member_dues_paid: 0n,
    members: 0,
    expected_member_dues: 0n,
    has_si: true,
    payments: 1,
    payment_grains: ["MONTH"],
    last_paid_on: paid > 0n ? paidOn : null,
    fee_paid_on_time: paid,
    fee_paid_late: 0n,
    si_arrears: null,
    state_budget_funded: false,
  });
  await tiny.warehouse.db
    .insertInto("mart_unit_month_finance")
    .values([
      month(D, 500_000n),
      month(B, 500_000n),
      month(C, 2_000_000n),
      month(A, 500_000n),
      month(E, 0n, 200_000_000n),
      month(D, 2_000_000n, 2_000_000n, new Date("2023-12-01T00:00:00Z"), new Date("2024-01-10T00:00:00Z")),
    ])
    .execute();
});
afterAll(() => tiny.close());

const codesOf = (rows: readonly { tax_code: string; arrears: bigint }[]) => rows.map((r) => [r.tax_code, r.arrears]);

describe("financeGaps with equal arrears", () => {
  test("largest arrears first, then by tax code ascending; the unit paying its whole fee is no gap", async () => {
    expect([T3, A, B, C, D, E]).toEqual([T3, A, B, C, D, E].toSorted());
    const page = await listFinanceGaps(tiny.warehouse.db, { ...MARCH, first: 10 });
    expect(codesOf(page.rows)).toEqual([
      [E, 200_000_000n],
      [T3, DUE3_MARCH],
      [A, 1_500_000n],
      [B, 1_500_000n],
      [D, 1_500_000n],
    ]);
    expect(page.hasNextPage).toBe(false);
    expect(await countFinanceGaps(tiny.warehouse.db, MARCH)).toEqual({ units: 5, arrears: 200_000_000n + DUE3_MARCH + 3n * 1_500_000n });
  });

  test("pages of three split the tie: every unit once, in order", async () => {
    const first = await listFinanceGaps(tiny.warehouse.db, { ...MARCH, first: 3 });
    expect(codesOf(first.rows)).toEqual([
      [E, 200_000_000n],
      [T3, DUE3_MARCH],
      [A, 1_500_000n],
    ]);
    expect(first.hasNextPage).toBe(true);
    const second = await listFinanceGaps(tiny.warehouse.db, { ...MARCH, first: 3, after: first.cursors.at(-1) });
    expect(codesOf(second.rows)).toEqual([
      [B, 1_500_000n],
      [D, 1_500_000n],
    ]);
    expect(second).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  test("over December 2023 to March 2024 a unit is shown in its latest year, with its latest payment", async () => {
    const page = await listFinanceGaps(tiny.warehouse.db, { from: new Date("2023-12-01T00:00:00Z"), to: MARCH.to, first: 10 });
    const d = page.rows.find((r) => r.tax_code === D);
    expect(d).toMatchObject({
      year: 2024,
      due: 4_000_000n,
      paid: 2_500_000n,
      arrears: 1_500_000n,
      si_months: 2,
      paid_months: 2,
      first_paid_month: new Date("2023-12-01T00:00:00Z"),
      last_paid_month: MARCH.from,
      last_paid_on: new Date("2024-04-10T00:00:00Z"),
    });
  });

  test("a filter reads the unit's year row beside its months: only unit 3 is in district 464", async () => {
    const page = await listFinanceGaps(tiny.warehouse.db, { ...MARCH, filter: { districtCodeIn: ["464"] }, first: 10 });
    expect(codesOf(page.rows)).toEqual([[T3, DUE3_MARCH]]);
    expect(await countFinanceGaps(tiny.warehouse.db, { ...MARCH, filter: { districtCodeIn: ["464"] } })).toEqual({ units: 1, arrears: DUE3_MARCH });
  });
});
