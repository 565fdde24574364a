import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  CoverageArrearsNewMembersByDistrictDocument,
  DistrictsBelow70PercentDocument,
  MonthlyFeeCollectionForSectorDocument,
  TopCommunesByArrearsDocument,
} from "../generated/graphql.js";
import { buildSampleWarehouse, type SampleWarehouse } from "../helpers/sample-warehouse.js";
import { type RunningApi, startApi } from "./fixtures/api-server.js";

/**
 * The README's `analytics` examples (examples/analytics-*.graphql) over HTTP against the
 * sample generator's ground truth (`_truth/units.csv`, `unit_year.csv`, `rows.csv`):
 * every expected figure is computed here from the truth, never read back from the API.
 *
 * Union links: as in analytics-vs-truth.test.ts, the test reads whether the warehouse has
 * fuzzy links (not its figures); with exact links only, the truth's `has_union_exact` is
 * what the warehouse can know, and units whose two flags differ are left out of both sides.
 * Sector C is VSIC 2018 divisions 10–33 (Decision 27/2018/QĐ-TTg).
 */
const FEE_PPM = 20_000n; // the 2 % union-fee rate of etl/reference/rates.csv, in parts per million
const big = (v: unknown): bigint => BigInt(String(v ?? 0));
const roundDiv = (a: bigint, b: bigint) => (2n * a + b) / (2n * b);

describe("analytics against the sample's ground truth", () => {
  let sample: SampleWarehouse;
  let api: RunningApi;
  let h: "has_union" | "has_union_exact";
  let uncertain: string[];
  /** `and y.tax_code not in (…)` for the uncertain units, or nothing. */
  let certain: string;

  beforeAll(async () => {
    sample = await buildSampleWarehouse({ units: 1000, seed: 5 });
    api = await startApi({ warehouse: sample });
    const [[fuzzy]] = await sample.rows(`
      select count(*)::int from int_unit_links
      where dataset = 'union_grassroots_unions' and tax_code is not null and method not in ('EXACT_TAX_CODE', 'TAX_ROOT')`);
    h = (fuzzy as number) > 0 ? "has_union" : "has_union_exact";
    uncertain = (await sample.rows(`select distinct tax_code from truth_unit_year where has_union <> ${h} order by 1`)).map(([t]) => t as string);
    certain = uncertain.length ? `and y.tax_code not in (${uncertain.map((t) => `'${t}'`).join(", ")})` : "";
  });
  afterAll(async () => {
    await api?.close();
  });

  const notUncertain = () => (uncertain.length ? { NOT: { taxCodeIn: uncertain } } : undefined);

  test("top 10 communes by arrears in 2024 among units with a union: the truth's commune sums of unit arrears, largest first", async () => {
    const truth = await sample.rows(`
      select u.commune_code, sum(y.arrears::bigint), sum(y.fee_due::bigint), sum(y.fee_paid::bigint)
      from truth_unit_year y join truth_units u using (tax_code)
      where y.year = '2024' and y.${h} = 'true' ${certain}
      group by 1 order by 2 desc, 1 limit 10`);
    const filter = { hasUnion: true, ...notUncertain() };
    // The example's operation with the filter of this warehouse's links (the example's own when every union is linked).
    const response = await api.client.request(TopCommunesByArrearsDocument, { year: 2024 });
    expect(response.errors).toBeUndefined();
    const data = uncertain.length ? await topCommunesWithFilter(filter) : response.data!.analytics;
    expect(data.rows.map((r: any) => [r.keys[0].code, big(r.arrears), big(r.feeDue), big(r.feePaid)])).toEqual(
      truth.map(([c, a, d, p]) => [c, big(a), big(d), big(p)]),
    );
    expect(big(data.rows[0].arrears)).toBeGreaterThan(0n);
    const [[totalArrears]] = await sample.rows(`select sum(arrears::bigint) from truth_unit_year y where year = '2024' and ${h} = 'true' ${certain}`);
    expect(big(data.total!.arrears)).toBe(big(totalArrears));
    expect(data.source).toBe("mart_unit_month_finance"); // per-unit arrears over a year: no rollup holds them
  });

  async function topCommunesWithFilter(filter: object) {
    const response = await api.client.requestText(
      `query($filter: EnterpriseFilterInput) { analytics(year: 2024, groupBy: [COMMUNE], filter: $filter, orderBy: [{ measure: ARREARS, direction: DESC }], first: 10) {
        rows { keys { code name } arrears feeDue feePaid collectionRate } total { arrears feeDue feePaid } totalCount source } }`,
      { filter },
    );
    expect(response.errors).toBeUndefined();
    return (response.data as any).analytics;
  }

  /** Per district of 2024: in-scope units (active, ≥ 20 workers) and those with a union. */
  async function truthCoverage() {
    return new Map(
      (
        await sample.rows(`
        select u.district_code, count(*)::int, (count(*) filter (where y.${h} = 'true'))::int
        from truth_unit_year y join truth_units u using (tax_code)
        where y.year = '2024' and y.active = 'true' and y.workers <> '' and y.workers::int >= 20 ${certain}
        group by 1`)
      ).map(([d, units, unionised]) => [d as string, { units: units as number, unionised: unionised as number }]),
    );
  }

  test("districts with coverage below a threshold (70 %, and the truth's median): exactly the truth's, lowest first, from the unit-year rollup", async () => {
    const truth = await truthCoverage();
    const rates = [...truth].map(([d, c]) => ({ d, ...c, rate: c.unionised / c.units })).sort((a, b) => a.rate - b.rate || a.d.localeCompare(b.d));
    const median = rates[Math.floor(rates.length / 2)].rate;
    for (const below of [0.7, median]) {
      const expected = rates.filter((r) => r.rate < below);
      const response = uncertain.length
        ? await api.client.requestText(
            `query($below: Float!, $filter: EnterpriseFilterInput) { analytics(year: 2024, groupBy: [DISTRICT], filter: $filter, having: [{ measure: COVERAGE_RATE, lt: $below }], orderBy: [{ measure: COVERAGE_RATE }]) {
              rows { keys { code } units unionisedUnits coverageRate } totalCount source } }`,
            { below, filter: notUncertain() },
          )
        : await api.client.request(DistrictsBelow70PercentDocument, { year: 2024, below });
      expect(response.errors).toBeUndefined();
      const answer = (response.data as any).analytics;
      expect(
        answer.rows.map((r: any) => [r.keys[0].code, r.units, r.unionisedUnits, r.coverageRate]),
        `below ${below}`,
      ).toEqual(expected.map((r) => [r.d, r.units, r.unionised, r.unionised / r.units]));
      expect(answer.totalCount).toBe(expected.length);
      if (!uncertain.length) expect(answer.source).toBe("rollup_unit_year");
    }
    expect(rates.filter((r) => r.rate < median).length).toBeGreaterThan(0);
  });

  test("coverage, arrears and new members per district in one grid: each equals the truth (nothing fanned out), and the totals", async () => {
    const coverage = await truthCoverage();
    const arrears = new Map(
      (
        await sample.rows(
          `select u.district_code, sum(y.arrears::bigint) from truth_unit_year y join truth_units u using (tax_code) where y.year = '2024' ${certain} group by 1`,
        )
      ).map(([d, a]) => [d, big(a)]),
    );
    const newMembers = new Map(
      (
        await sample.rows(
          `select u.district_code, sum(y.new_members::int)::int from truth_unit_year y join truth_units u using (tax_code) where y.year = '2024' and y.new_members <> '' ${certain} group by 1`,
        )
      ).map(([d, n]) => [d, n as number]),
    );
    const response = uncertain.length
      ? await api.client.requestText(
          `query($filter: EnterpriseFilterInput) { analytics(year: 2024, groupBy: [DISTRICT], filter: $filter) { rows { keys { code } units coverageRate arrears newMembers } total { units coverageRate arrears newMembers } source } }`,
          { filter: notUncertain() },
        )
      : await api.client.request(CoverageArrearsNewMembersByDistrictDocument, { year: 2024 });
    expect(response.errors).toBeUndefined();
    const grid = (response.data as any).analytics;
    expect(grid.rows.length).toBe(10); // the sample's ten districts, a closed list
    let withMembers = 0;
    for (const row of grid.rows) {
      const d = row.keys[0].code;
      const c = coverage.get(d) ?? { units: 0, unionised: 0 };
      expect({ units: row.units, coverageRate: row.coverageRate, arrears: big(row.arrears), newMembers: row.newMembers }, d).toEqual({
        units: c.units,
        coverageRate: c.units ? c.unionised / c.units : null,
        arrears: arrears.get(d) ?? 0n,
        newMembers: newMembers.get(d) ?? 0,
      });
      if (row.newMembers > 0) withMembers++;
    }
    expect(withMembers).toBeGreaterThan(5);
    // Totals: in-scope units and arrears over the units; new members over every return of 2024 (linked or not).
    const [[units, unionised]] = await sample.rows(
      `select count(*)::int, (count(*) filter (where ${h} = 'true'))::int from truth_unit_year y where year = '2024' and active = 'true' and workers <> '' and workers::int >= 20 ${certain}`,
    );
    const [[allArrears]] = await sample.rows(`select sum(arrears::bigint) from truth_unit_year y where year = '2024' ${certain}`);
    expect({ units: grid.total.units, coverageRate: grid.total.coverageRate, arrears: big(grid.total.arrears) }).toEqual({
      units,
      coverageRate: (unionised as number) / (units as number),
      arrears: big(allArrears),
    });
    if (!uncertain.length) {
      const [[allNew]] = await sample.rows(`select sum(new_members::int)::int from truth_unit_year where year = '2024' and new_members <> ''`);
      expect(grid.total.newMembers).toBe(allNew);
      expect(grid.source).toBe("rollup_unit_year, mart_unit_month_finance, fct_membership_yearly");
    }
  });

  test("monthly fee collection in 2024 for sector C: each month's due and paid rebuilt from the loaded rows, the year's total equals the truth's unit-years", async () => {
    // Months rebuilt from the rows that must load (SI rows: due; payments: placed on their months in proportion to the fee due).
    const sectorC = `(select tax_code from truth_units where vsic <> '' and substr(vsic, 1, 2)::int between 10 and 33)`;
    const loaded = (dataset: string, staging: string) => `
      from truth_rows t join lineage.batches b on b.file_name = t.file
      join ${staging} s on s.batch_id = b.batch_id and s.line_no = t.line_no::bigint
      where t.dataset = '${dataset}' and coalesce(t.expected_reason, '') = '' and t.true_tax_code in ${sectorC}`;
    const due = new Map<string, bigint>(); // tax code|yyyy-mm → due
    for (const [taxCode, month, fund] of await sample.rows(
      `select t.true_tax_code, strftime(s.month, '%Y-%m'), s.salary_fund ${loaded("si_contributions", "stg_si__contributions")}`,
    )) {
      const key = `${taxCode}|${month}`;
      due.set(key, (due.get(key) ?? 0n) + (big(fund) * FEE_PPM + 500_000n) / 1_000_000n);
    }
    const months = Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, "0")}`);
    const dueByMonth = new Map(months.map((m) => [m, 0n]));
    const paidByMonth = new Map(months.map((m) => [m, 0n]));
    for (const [key, d] of due) {
      const m = key.split("|")[1];
      if (dueByMonth.has(m)) dueByMonth.set(m, dueByMonth.get(m)! + d);
    }
    for (const [taxCode, start, end, fee] of await sample.rows(
      `select t.true_tax_code, strftime(s.period_start, '%Y-%m'), strftime(s.period_end, '%Y-%m'), coalesce(s.fee_paid, 0) ${loaded("union_finance", "stg_union__finance")}`,
    )) {
      const keys: string[] = [];
      let [y, m] = (start as string).split("-").map(Number);
      while (`${y}-${String(m).padStart(2, "0")}` <= (end as string)) {
        keys.push(`${y}-${String(m).padStart(2, "0")}`);
        if (m === 12) {
          y++;
          m = 1;
        } else m++;
      }
      const dueOf = keys.map((k) => due.get(`${taxCode}|${k}`) ?? 0n);
      const weights = dueOf.some((d) => d > 0n) ? dueOf : keys.map(() => 1n);
      const total = weights.reduce((a, b) => a + b, 0n);
      let through = 0n;
      keys.forEach((k, i) => {
        const before = through;
        through += weights[i];
        if (paidByMonth.has(k)) paidByMonth.set(k, paidByMonth.get(k)! + roundDiv(big(fee) * through, total) - roundDiv(big(fee) * before, total));
      });
    }
    const response = await api.client.request(MonthlyFeeCollectionForSectorDocument, { sector: "C" });
    expect(response.errors).toBeUndefined();
    const answer = response.data!.analytics;
    expect(answer.rows.map((r) => [r.period, big(r.feeDue), big(r.feePaid)])).toEqual(months.map((m) => [m, dueByMonth.get(m)!, paidByMonth.get(m)!]));
    for (const r of answer.rows) expect(r.collectionRate).toBe(Number(big(r.feePaid)) / Number(big(r.feeDue)));
    const [[yearDue, yearPaid]] = await sample.rows(
      `select sum(fee_due::bigint), sum(fee_paid::bigint) from truth_unit_year where year = '2024' and tax_code in ${sectorC}`,
    );
    expect([big(answer.total!.feeDue), big(answer.total!.feePaid)]).toEqual([big(yearDue), big(yearPaid)]);
    expect(big(yearDue)).toBeGreaterThan(0n);
    expect(answer.source).toBe("rollup_finance_month");
  });
});
