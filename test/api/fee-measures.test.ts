/**
 * The action program's payment measures through the API (docs/DOMAIN.md § SI arrears,
 * § On-time payment, § Fee exemption): `analytics` (siArrears, siArrearsUnits,
 * feePaidOnTime, onTimeRate, lateUnits) and `Enterprise` (feePaidOnTime, feePaidLate,
 * onTimeRate, paidLate, siArrears, stateBudgetFunded), first on the hand-made 2025 province
 * of test/warehouse/fixtures/fee-timing-province.ts (every figure worked out by hand from its
 * rows), then against the sample generator's ground truth (`_truth/unit_year_fees.csv`).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Warehouse } from "../../etl/warehouse/warehouse.js";
import type { Database } from "../../queries/database.js";
import { EnterpriseFeesDocument, FeeMeasuresDocument, type FeeMeasuresQueryVariables } from "../generated/graphql.js";
import { buildSampleWarehouse, type SampleWarehouse } from "../helpers/sample-warehouse.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { buildFeeTimingWarehouse, M, P, S, Y } from "../warehouse/fixtures/fee-timing-province.js";
import { type RunningApi, startApi } from "./fixtures/api-server.js";

const num = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Number(v));

async function measures(api: RunningApi, variables: FeeMeasuresQueryVariables) {
  const response = await api.client.request(FeeMeasuresDocument, variables);
  expect(response.errors).toBeUndefined();
  return response.data!.analytics;
}

/** A row's money as numbers (all of these fit a double exactly); the tax code stays text. */
function plain(row: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, k !== "taxCode" && typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v]));
}

describe("on the hand-made 2025 province", () => {
  const tmp = makeTempDir("uap-fee-api-");
  let api: RunningApi;
  beforeAll(async () => {
    const statements: string[] = [];
    const warehouse: Warehouse<Database> = await buildFeeTimingWarehouse(tmp.dir, (sql) => statements.push(sql));
    api = await startApi({
      warehouse: { warehouse, statements, resetStatements: () => statements.splice(0), close: () => warehouse.close() },
    });
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    tmp.remove();
  });

  test("analytics by quarter: fee paid on time, on-time rate, late units, SI arrears at each quarter's end, and the year", async () => {
    const result = await measures(api, { from: "2025-01-01", to: "2025-12-31", grain: "QUARTER" });
    expect(result.rows.map(({ keys, ...r }) => plain(r))).toEqual([
      // Q1: P's Q1 and Y's January–March received late; M and S paid nothing for Q1
      {
        period: "2025-Q1",
        feeDue: 15_600_000,
        feePaid: 4_800_000,
        feePaidOnTime: 0,
        onTimeRate: 0,
        lateUnits: 2,
        siArrears: 0,
        siArrearsUnits: 0,
        nonPayers: 2,
        unitsOwing: 4,
      },
      // Q2: M's June, P's Q2 and S's June on time; M's May and Y's April–June late; Y's June arrears
      {
        period: "2025-Q2",
        feeDue: 15_600_000,
        feePaid: 10_400_000,
        feePaidOnTime: 6_600_000,
        onTimeRate: 6_600_000 / 15_600_000,
        lateUnits: 2,
        siArrears: 2_000_000,
        siArrearsUnits: 1,
        nonPayers: 0,
        unitsOwing: 4,
      },
      // Q3: S owes nothing; M's July and P's Q3 on time; M's August and Y's July–September late
      {
        period: "2025-Q3",
        feeDue: 10_800_000,
        feePaid: 10_800_000,
        feePaidOnTime: 5_000_000,
        onTimeRate: 5_000_000 / 10_800_000,
        lateUnits: 2,
        siArrears: 0,
        siArrearsUnits: 0,
        nonPayers: 0,
        unitsOwing: 3,
      },
      // Q4: M's October and Y's November–December on time, Y's October late; P paid nothing for Q4;
      // December's arrears: M's as corrected (4,500,000) and S's (1,000,000)
      {
        period: "2025-Q4",
        feeDue: 10_800_000,
        feePaid: 3_300_000,
        feePaidOnTime: 2_700_000,
        onTimeRate: 0.25,
        lateUnits: 1,
        siArrears: 5_500_000,
        siArrearsUnits: 2,
        nonPayers: 1,
        unitsOwing: 3,
      },
    ]);
    expect(plain(result.total!)).toEqual({
      feeDue: 52_800_000,
      feePaid: 29_300_000,
      feePaidOnTime: 14_300_000,
      onTimeRate: 14_300_000 / 52_800_000,
      lateUnits: 3,
      siArrears: 5_500_000,
      siArrearsUnits: 2,
      nonPayers: 0,
      unitsOwing: 4,
    });
  });

  test("the state-budget school from July 2025: nothing due, nothing owed, no rate", async () => {
    const result = await measures(api, { from: "2025-06-01", to: "2025-12-31", grain: "QUARTER", filter: { taxCodeIn: [S] } });
    expect(result.rows.map((r) => [r.period, num(r.feeDue), num(r.feePaidOnTime), r.onTimeRate, r.unitsOwing, r.nonPayers])).toEqual([
      ["2025-Q2", 4_800_000, 1_600_000, 1_600_000 / 4_800_000, 1, 0],
      ["2025-Q3", 0, 0, null, 0, 0],
      ["2025-Q4", 0, 0, null, 0, 0],
    ]);
  });

  test.each([
    [
      M,
      {
        feeDue: 24_000_000,
        feePaid: 11_500_000,
        feePaidOnTime: 5_500_000,
        feePaidLate: 4_000_000,
        paidLate: true,
        siArrears: 4_500_000,
        stateBudgetFunded: false,
      },
    ],
    [P, { feeDue: 12_000_000, feePaid: 9_000_000, feePaidOnTime: 6_000_000, feePaidLate: 3_000_000, paidLate: true, siArrears: 0, stateBudgetFunded: false }],
    [S, { feeDue: 9_600_000, feePaid: 1_600_000, feePaidOnTime: 1_600_000, feePaidLate: 0, paidLate: false, siArrears: 1_000_000, stateBudgetFunded: true }],
    [Y, { feeDue: 7_200_000, feePaid: 7_200_000, feePaidOnTime: 1_200_000, feePaidLate: 6_000_000, paidLate: true, siArrears: 0, stateBudgetFunded: false }],
  ])("Enterprise %s in 2025", async (taxCode, expected) => {
    const response = await api.client.request(EnterpriseFeesDocument, { taxCode, asOf: "2025-12-31" });
    expect(response.errors).toBeUndefined();
    expect(plain(response.data!.enterprise)).toEqual({
      taxCode,
      year: 2025,
      ...expected,
      onTimeRate: expected.feePaidOnTime / expected.feeDue,
      nonpayer: false,
    });
  });
});

describe("against the sample generator's ground truth", () => {
  let sample: SampleWarehouse;
  let api: RunningApi;
  beforeAll(async () => {
    sample = await buildSampleWarehouse({ units: 1000, seed: 21 });
    api = await startApi({ warehouse: sample });
  }, 300_000);
  afterAll(async () => {
    await api?.close();
  });

  /** The truth per district and year: SI arrears at year end and the units with them, fee due, paid on time, late units. */
  async function truthByDistrict(): Promise<Map<string, Record<string, number | null>>> {
    const rows = await sample.rows(`
      select f.year::int, u.district_code, sum(f.si_arrears::bigint)::double, count(*) filter (where f.si_arrears::bigint > 0)::int,
             sum(f.fee_due::bigint)::double, sum(f.fee_paid_on_time::bigint)::double, count(*) filter (where f.paid_late = 'true')::int
      from truth_unit_year_fees f join truth_units u using (tax_code) group by all`);
    return new Map(
      rows.map(([year, district, arrears, arrearsUnits, due, onTime, late]) => [
        `${year}|${district}`,
        {
          siArrears: arrears as number,
          siArrearsUnits: arrearsUnits as number,
          feeDue: due as number,
          feePaidOnTime: onTime as number,
          onTimeRate: (due as number) > 0 ? (onTime as number) / (due as number) : null,
          lateUnits: late as number,
        },
      ]),
    );
  }

  test("analytics by year and district, 2019–2025: SI arrears, units with arrears, fee paid on time, on-time rate and late units equal the truth", async () => {
    const truth = await truthByDistrict();
    const result = await measures(api, { from: "2019-01-01", to: "2025-12-31", grain: "YEAR", groupBy: ["DISTRICT"] });
    let compared = 0;
    let late = 0;
    for (const row of result.rows) {
      const key = `${row.period}|${row.keys[0].code}`;
      const expected = truth.get(key);
      if (!expected) {
        expect(num(row.feeDue), key).toBe(0);
        continue;
      }
      const actual = {
        siArrears: num(row.siArrears),
        siArrearsUnits: row.siArrearsUnits,
        feeDue: num(row.feeDue),
        feePaidOnTime: num(row.feePaidOnTime),
        onTimeRate: row.onTimeRate,
        lateUnits: row.lateUnits,
      };
      expect({ ...actual, onTimeRate: null }, key).toEqual({ ...expected, onTimeRate: null });
      if (expected.onTimeRate === null) expect(actual.onTimeRate, key).toBeNull();
      else expect(actual.onTimeRate, key).toBeCloseTo(expected.onTimeRate, 12);
      compared++;
      late += actual.lateUnits ?? 0;
    }
    expect(compared).toBeGreaterThan(50);
    expect(late).toBeGreaterThan(50);
    const arrears2025 = [...truth].filter(([k]) => k.startsWith("2025|")).reduce((s, [, t]) => s + (t.siArrears as number), 0);
    expect(arrears2025).toBeGreaterThan(0);
    expect(num(result.total!.siArrears)).toBe(arrears2025);
  });

  test("December 2025 alone by district (read from the month rollup): SI arrears and the units with them are the year's", async () => {
    const truth = await truthByDistrict();
    const result = await measures(api, { from: "2025-12-01", to: "2025-12-31", grain: "MONTH", groupBy: ["DISTRICT"] });
    expect(result.source).toBe("rollup_finance_month");
    for (const row of result.rows) {
      const expected = truth.get(`2025|${row.keys[0].code}`);
      expect([num(row.siArrears), row.siArrearsUnits], String(row.keys[0].code)).toEqual([expected?.siArrears ?? 0, expected?.siArrearsUnits ?? 0]);
    }
  });

  test("each state-budget unit and some late payers: Enterprise's payment figures of 2025 equal the truth", async () => {
    const units = await sample.rows(`
      (select tax_code from truth_unit_year_fees where year = '2025' and state_budget_funded = 'true')
      union (select tax_code from truth_unit_year_fees where year = '2025' and paid_late = 'true' order by hash(tax_code) limit 10)`);
    const exempt = await sample.rows("select count(distinct tax_code)::int from truth_unit_year_fees where state_budget_funded = 'true'");
    expect(exempt[0][0]).toBeGreaterThanOrEqual(3);
    for (const [taxCode] of units) {
      const [[due, arrears, onTime, lateFee, paidLate, stateBudget]] = await sample.rows(
        `select fee_due::bigint, si_arrears::bigint, fee_paid_on_time::bigint, fee_paid_late::bigint, paid_late, state_budget_funded
         from truth_unit_year_fees where tax_code = '${taxCode}' and year = '2025'`,
      );
      const response = await api.client.request(EnterpriseFeesDocument, { taxCode: String(taxCode), asOf: "2025-12-31" });
      expect(response.errors, String(taxCode)).toBeUndefined();
      const unit = response.data!.enterprise;
      expect(
        {
          feeDue: num(unit.feeDue),
          siArrears: num(unit.siArrears),
          feePaidOnTime: num(unit.feePaidOnTime),
          feePaidLate: num(unit.feePaidLate),
          paidLate: unit.paidLate,
          stateBudgetFunded: unit.stateBudgetFunded,
        },
        String(taxCode),
      ).toEqual({
        feeDue: Number(due),
        siArrears: Number(arrears),
        feePaidOnTime: Number(onTime),
        feePaidLate: Number(lateFee),
        paidLate: paidLate === "true",
        stateBudgetFunded: stateBudget === "" ? null : stateBudget === "true",
      });
    }
  });
});
