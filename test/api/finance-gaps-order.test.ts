/**
 * financeGaps (queries/finance.ts listFinanceGaps, countFinanceGaps) on its own, over the tiny
 * warehouse plus a few unit-months of mart_unit_month_finance made here, with the results
 * worked out by hand: equal arrears are ordered by tax code, ascending, and a page boundary
 * between them loses and repeats no unit. Written for the mutants `npm run mutate` found
 * alive in finance.ts (the tie-break's direction was only seen when two units owe the same).
 *
 * March 2024 of the tiny warehouse: unit 3 owes its fee due, 752 × 120,000 = 90,240,000, and
 * pays nothing; unit 16 has no SI that month. Added here, each with SI and a salary fund of
 * 100,000,000 (fee due 2,000,000): units 101, 102 and 104 pay 500,000 (arrears 1,500,000 each,
 * inserted out of order), unit 103 pays its whole fee (no gap).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { countFinanceGaps, listFinanceGaps } from "../../queries/finance.js";
import { openTinyWarehouse, type TinyWarehouse, taxCodeOf, unitNo } from "./fixtures/tiny-warehouse.js";

const MARCH = { from: new Date("2024-03-01T00:00:00Z"), to: new Date("2024-03-31T00:00:00Z") };
const T3 = unitNo(3).taxCode;
const [A, B, C, D] = [101, 102, 103, 104].map(taxCodeOf);
const DUE3_MARCH = 752n * 120_000n;

let tiny: TinyWarehouse;
beforeAll(async () => {
  tiny = await openTinyWarehouse();
  const month = (taxCode: string, paid: bigint) => ({
    tax_code: taxCode,
    month: MARCH.from,
    year: 2024,
    quarter: 1,
    insured_workers: 20,
    salary_fund: 100_000_000n,
    fee_due: 2_000_000n,
    fee_paid: paid,
    arrears: 2_000_000n - paid,
    member_dues_paid: 0n,
    members: 0,
    expected_member_dues: 0n,
    has_si: true,
    payments: 1,
    payment_grains: ["MONTH"],
    last_paid_on: new Date("2024-04-10T00:00:00Z"),
    fee_paid_on_time: paid,
    fee_paid_late: 0n,
    si_arrears: null,
    state_budget_funded: false,
  });
  await tiny.warehouse.db
    .insertInto("mart_unit_month_finance")
    .values([month(D, 500_000n), month(B, 500_000n), month(C, 2_000_000n), month(A, 500_000n)])
    .execute();
});
afterAll(() => tiny.close());

const codesOf = (rows: readonly { tax_code: string; arrears: bigint }[]) => rows.map((r) => [r.tax_code, r.arrears]);

describe("financeGaps with equal arrears", () => {
  test("largest arrears first, then by tax code ascending; the unit paying its whole fee is no gap", async () => {
    expect([A, B, C, D]).toEqual([A, B, C, D].toSorted());
    const page = await listFinanceGaps(tiny.warehouse.db, { ...MARCH, first: 10 });
    expect(codesOf(page.rows)).toEqual([
      [T3, DUE3_MARCH],
      [A, 1_500_000n],
      [B, 1_500_000n],
      [D, 1_500_000n],
    ]);
    expect(page.hasNextPage).toBe(false);
    expect(await countFinanceGaps(tiny.warehouse.db, MARCH)).toEqual({ units: 4, arrears: DUE3_MARCH + 3n * 1_500_000n });
  });

  test("pages of two split the tie: every unit once, in order", async () => {
    const first = await listFinanceGaps(tiny.warehouse.db, { ...MARCH, first: 2 });
    expect(codesOf(first.rows)).toEqual([
      [T3, DUE3_MARCH],
      [A, 1_500_000n],
    ]);
    expect(first.hasNextPage).toBe(true);
    const second = await listFinanceGaps(tiny.warehouse.db, { ...MARCH, first: 2, after: first.cursors.at(-1) });
    expect(codesOf(second.rows)).toEqual([
      [B, 1_500_000n],
      [D, 1_500_000n],
    ]);
    expect(second).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });
});
