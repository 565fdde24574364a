/**
 * SI arrears, on-time payment of the union fee and the exemption of units funded wholly by
 * the state budget (docs/DOMAIN.md § SI arrears, § On-time payment, § Fee exemption) in the
 * warehouse, on the hand-made 2025 province of fixtures/fee-timing-province.ts (its units,
 * rows and deadlines are described there). Every expected figure is worked out by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "../../etl/warehouse/warehouse.js";
import type { Database } from "../../queries/database.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { buildFeeTimingWarehouse, M, P, S, Y } from "./fixtures/fee-timing-province.js";

describe("SI arrears, on-time payment and the fee exemption in the warehouse (hand-made 2025)", () => {
  const tmp = makeTempDir("uap-fee-timing-");
  let w: Warehouse<Database>;
  const rows = async (sql: string) => (await w.connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];

  beforeAll(async () => {
    w = await buildFeeTimingWarehouse(tmp.dir);
  }, 120_000);
  afterAll(async () => {
    await w?.close();
    tmp.remove();
  });

  it("gives each unit's 2025 its fee due (S: January–June only), paid, paid on time and late, SI arrears (M: the corrected December)", async () => {
    expect(
      await rows(`select tax_code, fee_due, fee_paid, fee_paid_on_time, fee_paid_late, paid_late, si_arrears, state_budget_funded, nonpayer
                  from main.mart_unit_year where year = 2025 order by tax_code`),
    ).toEqual([
      {
        tax_code: M,
        fee_due: "24000000",
        fee_paid: "11500000",
        fee_paid_on_time: "5500000",
        fee_paid_late: "4000000",
        paid_late: true,
        si_arrears: "4500000",
        state_budget_funded: false,
        nonpayer: false,
      },
      {
        tax_code: P,
        fee_due: "12000000",
        fee_paid: "9000000",
        fee_paid_on_time: "6000000",
        fee_paid_late: "3000000",
        paid_late: true,
        si_arrears: "0",
        state_budget_funded: false,
        nonpayer: false,
      },
      {
        tax_code: S,
        fee_due: "9600000",
        fee_paid: "1600000",
        fee_paid_on_time: "1600000",
        fee_paid_late: "0",
        paid_late: false,
        si_arrears: "1000000",
        state_budget_funded: true,
        nonpayer: false,
      },
      {
        tax_code: Y,
        fee_due: "7200000",
        fee_paid: "7200000",
        fee_paid_on_time: "1200000",
        fee_paid_late: "6000000",
        paid_late: true,
        si_arrears: "0",
        state_budget_funded: false,
        nonpayer: false,
      },
    ]);
  });

  it("keeps the December first delivered, superseded by the correction", async () => {
    expect(await rows(`select so_no from superseded.si_contributions where ma_so_thue = '${M}'`)).toEqual([{ so_no: "7000000" }]);
    expect(await rows(`select month, si_arrears from main.fct_si_monthly where tax_code = '${M}' and si_arrears > 0 order by month`)).toEqual([
      { month: "2025-11-01", si_arrears: "5000000" },
      { month: "2025-12-01", si_arrears: "4500000" },
    ]);
  });

  it("dates each share's deadline by its grain and the rule in force; the year month by month", async () => {
    const deadlines = await rows(
      `select tax_code, period_grain, month, deadline, on_time, fee_paid from main.fct_fee_payment_months
       where (tax_code = '${M}' and month(month) in (5, 7, 9)) or (tax_code = '${P}' and month(month) in (3, 7)) or (tax_code = '${Y}' and month(month) in (1, 6, 7, 10, 11, 12))
       order by tax_code, month`,
    );
    expect(deadlines).toEqual([
      { tax_code: M, period_grain: "MONTH", month: "2025-05-01", deadline: "2025-05-31", on_time: false, fee_paid: "2000000" },
      { tax_code: M, period_grain: "MONTH", month: "2025-07-01", deadline: "2025-08-31", on_time: true, fee_paid: "2000000" },
      { tax_code: M, period_grain: "MONTH", month: "2025-09-01", deadline: "2025-10-31", on_time: null, fee_paid: "2000000" },
      { tax_code: P, period_grain: "QUARTER", month: "2025-03-01", deadline: "2025-03-31", on_time: false, fee_paid: "1000000" },
      { tax_code: P, period_grain: "QUARTER", month: "2025-07-01", deadline: "2025-10-31", on_time: true, fee_paid: "1000000" },
      { tax_code: Y, period_grain: "YEAR", month: "2025-01-01", deadline: "2025-01-31", on_time: false, fee_paid: "600000" },
      { tax_code: Y, period_grain: "YEAR", month: "2025-06-01", deadline: "2025-06-30", on_time: false, fee_paid: "600000" },
      { tax_code: Y, period_grain: "YEAR", month: "2025-07-01", deadline: "2025-08-31", on_time: false, fee_paid: "600000" },
      { tax_code: Y, period_grain: "YEAR", month: "2025-10-01", deadline: "2025-11-30", on_time: false, fee_paid: "600000" },
      { tax_code: Y, period_grain: "YEAR", month: "2025-11-01", deadline: "2025-12-31", on_time: true, fee_paid: "600000" },
      { tax_code: Y, period_grain: "YEAR", month: "2025-12-01", deadline: "2026-01-31", on_time: true, fee_paid: "600000" },
    ]);
  });

  it("charges the state-budget unit nothing from July 2025, though it still has a salary fund; it owes nothing then", async () => {
    expect(
      await rows(`select quarter, sum(salary_fund)::bigint as fund, sum(fee_due)::bigint as due, count(*) filter (where fee_due > 0)::int as owing
                  from main.mart_unit_month_finance where tax_code = '${S}' group by quarter order by quarter`),
    ).toEqual([
      { quarter: 1, fund: "240000000", due: "4800000", owing: 3 },
      { quarter: 2, fund: "240000000", due: "4800000", owing: 3 },
      { quarter: 3, fund: "240000000", due: "0", owing: 0 },
      { quarter: 4, fund: "240000000", due: "0", owing: 0 },
    ]);
    expect(
      await rows(`select distinct union_fee_rate::double as rate from main.fct_si_monthly where tax_code = '${S}' and month >= date '2025-07-01'`),
    ).toEqual([{ rate: 0 }]);
  });

  it("sums the quarters of the province: on time, late, and SI arrears at each quarter's last month", async () => {
    expect(
      await rows(`select quarter, sum(fee_due)::bigint as due, sum(fee_paid_on_time)::bigint as on_time, sum(fee_paid_late)::bigint as late,
                         sum(si_arrears) filter (where month(month) % 3 = 0)::bigint as si_arrears
                  from main.mart_unit_month_finance group by quarter order by quarter`),
    ).toEqual([
      // Q1: P's Q1 late (3,000,000) and Y's January–March (1,800,000) late
      { quarter: 1, due: "15600000", on_time: "0", late: "4800000", si_arrears: "0" },
      // Q2: M's June and P's Q2 and S's June on time; M's May and Y's April–June late; Y's June arrears
      { quarter: 2, due: "15600000", on_time: "6600000", late: "3800000", si_arrears: "2000000" },
      // Q3: M's July and P's Q3 on time; M's August and Y's July–September late (S owes nothing)
      { quarter: 3, due: "10800000", on_time: "5000000", late: "3800000", si_arrears: "0" },
      // Q4: M's October (1,500,000) and Y's November–December on time; Y's October late; December's arrears (M corrected, S)
      { quarter: 4, due: "10800000", on_time: "2700000", late: "600000", si_arrears: "5500000" },
    ]);
  });
});
