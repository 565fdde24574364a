import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  DataQualityReportDocument,
  type EnterpriseFilterInput,
  FinanceCollectionTableDocument,
  type FinanceCollectionTableQuery,
  FinanceGapsPageDocument,
  type FinanceGapsPageQuery,
  MembershipGrowthTableDocument,
  ScorecardTargetsDocument,
} from "../generated/graphql.js";
import { retryOnClosedConnection } from "../helpers/closed-connection-retry.js";
import { buildSampleWarehouse, type SampleWarehouse } from "../helpers/sample-warehouse.js";
import { type RunningApi, startApi } from "./fixtures/api-server.js";
import type { ApiClient } from "./fixtures/graphql-client.js";

/**
 * membershipGrowth, financeCollection, financeGaps, scorecard and dataQuality over HTTP
 * against the sample generator's ground truth (`_truth/unit_year.csv`, `units.csv`,
 * `rows.csv`): every expected figure is computed here from the truth, never read back
 * from the API. The sample covers 2019–2025: 2018 and 2026 are years with no data.
 *
 * Union links. The truth links every loaded row to its true unit. Exact tax-code
 * linking cannot link the union-registry rows whose code is missing or mistyped (the
 * truth's `has_union_exact`); the fuzzy linker can. So the test reads which kind of
 * links the warehouse has (not its figures): with only exact links, union figures are
 * compared with `has_union_exact`, and membership figures by group over the units whose
 * `has_union` = `has_union_exact` in every year (the others' returns are unlinked, under
 * null codes); once the fuzzy linker links those rows, with the truth directly. The
 * yearly membership totals count every return, linked or not, so they equal the truth
 * either way.
 *
 * Months. The truth is per unit and year; per month it is rebuilt here from the rows
 * that must load (`rows.csv`: file, line, true unit, no expected reason) with the
 * values the ingest read for them, the generator's fee rule (⌊(quy_luong × 20,000 +
 * 500,000) / 1,000,000⌋) and the placement rule the API documents (a QUARTER or YEAR
 * payment spread over its months in proportion to their fee due, evenly when none is
 * due, cumulative rounding to the dong), implemented here on its own; the rebuilt
 * months add up to the truth's unit-years.
 *
 * Connections. The expected figures are worked out synchronously, seconds of BigInt
 * arithmetic on a loaded machine, holding the event loop (the server's too: it runs in
 * this process) past the server's 5 s keep-alive timeout; the next request could then go
 * out on the socket the server was closing and fail with "fetch failed" in milliseconds,
 * no answer given (the once-seen failure of "financeCollection by MONTH"). The client sends
 * such a request again on a new connection; every answer is checked as it comes.
 */
const YEARS = [2019, 2020, 2021, 2022, 2023, 2024, 2025] as const;
const FEE_PPM = 20_000n; // the 2 % union-fee rate of etl/reference/rates.csv, in parts per million
/** From this month a unit funded wholly by the state budget owes no union fee (rates.csv, STATE_BUDGET; docs/DOMAIN.md § Fee exemption). */
const EXEMPT_FROM = "2025-07";

type Granularity = "MONTH" | "QUARTER" | "YEAR";
type Money = bigint;

interface UnitMonth {
  /** The unit has a social-insurance row for the month. */
  si: boolean;
  due: Money;
  fund: Money;
  workers: number;
  paid: Money;
  dues: Money;
}

interface Measures {
  due: Money;
  paid: Money;
  arrears: Money;
  nonPayers: number;
  unitsOwing: number;
  payingUnits: number;
  memberDuesPaid: Money;
}

const ZERO: Measures = { due: 0n, paid: 0n, arrears: 0n, nonPayers: 0, unitsOwing: 0, payingUnits: 0, memberDuesPaid: 0n };
const big = (v: unknown): bigint => BigInt(String(v ?? 0));
const iso = (d: Date) => d.toISOString().slice(0, 10);
const monthKey = (d: Date) => iso(d).slice(0, 7);

function periodStart(month: string, granularity: Granularity): string {
  const [y, m] = month.split("-").map(Number);
  if (granularity === "YEAR") return `${y}-01-01`;
  if (granularity === "QUARTER") return `${y}-${String(m - ((m - 1) % 3)).padStart(2, "0")}-01`;
  return `${month}-01`;
}

function monthsBetween(from: Date, to: Date): string[] {
  const out: string[] = [];
  const last = to.getUTCFullYear() * 12 + to.getUTCMonth();
  for (let month = from.getUTCFullYear() * 12 + from.getUTCMonth(); month <= last; month++) {
    out.push(`${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, "0")}`);
  }
  return out;
}

/** Half-up rounding of a ÷ b for non-negative integers. */
const roundDiv = (a: bigint, b: bigint) => (2n * a + b) / (2n * b);

describe("membership, union-fee collection, gaps, scorecard and data quality against the sample's ground truth", () => {
  let sample: SampleWarehouse;
  let api: RunningApi;
  /** The API's client, sending a request again when its keep-alive connection was closed under it (test/helpers/closed-connection-retry.ts). */
  let client: ApiClient;
  let hasUnionColumn: "has_union" | "has_union_exact";
  /** Units whose union links exact linking cannot make (empty once the fuzzy linker links them). */
  let uncertain: string[];
  const district = new Map<string, string | null>();
  /** tax code → month (yyyy-mm) → the unit's month. */
  const months = new Map<string, Map<string, UnitMonth>>();
  /** Units paying by quarter or year. */
  const coarsePayers = new Set<string>();

  const rows = (sql: string) => sample.rows(sql);

  beforeAll(async () => {
    sample = await buildSampleWarehouse({ units: 1000, seed: 3 });
    api = await startApi({ warehouse: sample });
    client = retryOnClosedConnection(api.client);

    const [[fuzzyLinks]] = await rows(`
      select count(*)::int from int_unit_links
      where dataset = 'union_grassroots_unions' and tax_code is not null and method not in ('EXACT_TAX_CODE', 'TAX_ROOT')`);
    hasUnionColumn = (fuzzyLinks as number) > 0 ? "has_union" : "has_union_exact";
    uncertain = (await rows(`select distinct tax_code from truth_unit_year where has_union <> ${hasUnionColumn} order by 1`)).map(([t]) => t as string);

    for (const [taxCode, code] of await rows("select tax_code, nullif(district_code, '') from truth_units"))
      district.set(taxCode as string, code as string | null);

    const month = (taxCode: string, key: string) => {
      let unit = months.get(taxCode);
      if (!unit) {
        unit = new Map();
        months.set(taxCode, unit);
      }
      let m = unit.get(key);
      if (!m) {
        m = { si: false, due: 0n, fund: 0n, workers: 0, paid: 0n, dues: 0n };
        unit.set(key, m);
      }
      return m;
    };
    const loaded = (dataset: string, staging: string) => `
      from truth_rows t
      join lineage.batches b on b.file_name = t.file
      join ${staging} s on s.batch_id = b.batch_id and s.line_no = t.line_no::bigint
      where t.dataset = '${dataset}' and coalesce(t.expected_reason, '') = ''`;
    for (const [taxCode, m, fund, workers, stateBudget] of await rows(
      `select t.true_tax_code, s.month, s.salary_fund, s.insured_workers, coalesce(s.state_budget_funded, false) ${loaded("si_contributions", "stg_si__contributions")}`,
    )) {
      const key = monthKey(m as Date);
      const unitMonth = month(taxCode as string, key);
      unitMonth.si = true;
      unitMonth.fund += big(fund);
      unitMonth.workers += Number(workers);
      const exempt = stateBudget === true && key >= EXEMPT_FROM;
      unitMonth.due += exempt ? 0n : (big(fund) * FEE_PPM + 500_000n) / 1_000_000n;
    }
    const payments = await rows(
      `select t.true_tax_code, s.period_grain, s.period_start, s.period_end, coalesce(s.fee_paid, 0), coalesce(s.dues_paid, 0) ${loaded("union_finance", "stg_union__finance")}`,
    );
    for (const [taxCode, grain, start, end, fee, dues] of payments) {
      const code = taxCode as string;
      if (grain !== "MONTH") coarsePayers.add(code);
      const keys = monthsBetween(start as Date, end as Date);
      const dueOf = keys.map((k) => months.get(code)?.get(k)?.due ?? 0n);
      const weights = dueOf.some((d) => d > 0n) ? dueOf : keys.map(() => 1n);
      const total = weights.reduce((a, b) => a + b, 0n);
      let through = 0n;
      keys.forEach((k, i) => {
        const before = through;
        through += weights[i];
        const m = month(code, k);
        m.paid += roundDiv(big(fee) * through, total) - roundDiv(big(fee) * before, total);
        m.dues += roundDiv(big(dues) * through, total) - roundDiv(big(dues) * before, total);
      });
    }
  });
  afterAll(async () => {
    await api?.close();
  });

  /** Per group and period of the months of [from, to]: the measures of docs/DOMAIN.md § Measures, with each unit's arrears within the period. */
  function expectedCollection(from: string, to: string, granularity: Granularity, groupOf: (taxCode: string) => string | null, units?: ReadonlySet<string>) {
    const inRange = (k: string) => k >= from.slice(0, 7) && k <= to.slice(0, 7);
    const cells = new Map<string, Measures>();
    const range = { ...ZERO };
    const add = (target: Measures, u: { due: Money; paid: Money; fund: Money; dues: Money }) => {
      target.due += u.due;
      target.paid += u.paid;
      target.arrears += u.due > u.paid ? u.due - u.paid : 0n;
      // owing = fee due > 0 (a salary fund, and not exempt: docs/DOMAIN.md § Non-payers; the same as a salary fund before July 2025)
      target.nonPayers += u.due > 0n && u.paid === 0n ? 1 : 0;
      target.unitsOwing += u.due > 0n ? 1 : 0;
      target.payingUnits += u.paid > 0n ? 1 : 0;
      target.memberDuesPaid += u.dues;
    };
    for (const [taxCode, unitMonths] of months) {
      if (units && !units.has(taxCode)) continue;
      const byPeriod = new Map<string, { due: Money; paid: Money; fund: Money; dues: Money }>();
      const whole = { due: 0n, paid: 0n, fund: 0n, dues: 0n };
      for (const [k, m] of unitMonths) {
        if (!inRange(k)) continue;
        const p = periodStart(k, granularity);
        const sums = byPeriod.get(p) ?? { due: 0n, paid: 0n, fund: 0n, dues: 0n };
        for (const s of [sums, whole]) {
          s.due += m.due;
          s.paid += m.paid;
          s.fund += m.fund;
          s.dues += m.dues;
        }
        byPeriod.set(p, sums);
      }
      if (!byPeriod.size) continue;
      for (const [p, sums] of byPeriod) {
        for (const key of [`${groupOf(taxCode)}|${p}`, `TOTAL|${p}`]) {
          const cell = cells.get(key) ?? { ...ZERO };
          add(cell, sums);
          cells.set(key, cell);
        }
      }
      add(range, whole);
    }
    return { cell: (group: string | null, p: string) => cells.get(`${group}|${p}`) ?? ZERO, total: (p: string) => cells.get(`TOTAL|${p}`) ?? ZERO, range };
  }

  type Row = FinanceCollectionTableQuery["financeCollection"]["total"];
  const measuresOf = (r: Row): Measures => ({
    due: big(r.due),
    paid: big(r.paid),
    arrears: big(r.arrears),
    nonPayers: r.nonPayers!,
    unitsOwing: r.unitsOwing!,
    payingUnits: r.payingUnits!,
    memberDuesPaid: big(r.memberDuesPaid),
  });
  const rate = (m: Measures) => (m.due > 0n ? Number(m.paid) / Number(m.due) : null);

  async function collection(from: string, to: string, granularity: Granularity, groupBy: "DISTRICT"[] = [], filter?: EnterpriseFilterInput) {
    const response = await client.request(FinanceCollectionTableDocument, { from, to, granularity, groupBy, filter });
    expect(response.errors).toBeUndefined();
    return response.data!.financeCollection;
  }

  test("the months rebuilt from the loaded rows add up to the truth's unit-years (fee due, paid, member dues)", async () => {
    const truth = await rows("select tax_code, year::int, fee_due, fee_paid, member_dues_paid, si_salary_fund from truth_unit_year");
    let compared = 0;
    for (const [taxCode, year, due, paid, dues, fund] of truth) {
      const sums = { due: 0n, paid: 0n, dues: 0n, fund: 0n };
      for (const [k, m] of months.get(taxCode as string) ?? []) {
        if (!k.startsWith(`${year}-`)) continue;
        sums.due += m.due;
        sums.paid += m.paid;
        sums.dues += m.dues;
        sums.fund += m.fund;
      }
      expect(sums, `${taxCode} ${year}`).toEqual({ due: big(due), paid: big(paid), dues: big(dues), fund: big(fund) });
      compared++;
    }
    expect(compared).toBeGreaterThan(5000);
    expect(coarsePayers.size).toBeGreaterThan(5); // quarterly and yearly payers are in the sample
  });

  test.each([
    ["YEAR", "2018-01-01", "2026-12-31"],
    ["QUARTER", "2023-01-01", "2024-12-31"],
    ["MONTH", "2024-01-01", "2024-12-31"],
  ] as const)(
    "financeCollection by %s from %s to %s by district: every period and district, the period totals and the range total equal the truth",
    async (granularity, from, to) => {
      const result = await collection(from, to, granularity, ["DISTRICT"]);
      const expected = expectedCollection(from, to, granularity, (t) => district.get(t) ?? null);
      const periods = [...new Set(monthsBetween(new Date(from), new Date(to)).map((k) => periodStart(k, granularity)))];
      expect(result.periodTotals.map((p) => p.periodStart)).toEqual(periods);
      expect(result.rows).toHaveLength(periods.length * 10);
      for (const row of result.rows) {
        const want = expected.cell(row.keys[0].code ?? null, row.periodStart!);
        expect(measuresOf(row), `${row.periodStart} ${row.keys[0].code}`).toEqual(want);
        expect(row.collectionRate).toBe(rate(want));
      }
      for (const p of result.periodTotals) expect(measuresOf(p), p.periodStart!).toEqual(expected.total(p.periodStart!));
      expect(measuresOf(result.total)).toEqual(expected.range);
      expect(expected.range.due).toBeGreaterThan(0n);
    },
  );

  test("YEAR figures are the truth's unit-year columns, summed: fee due, paid, arrears, non-payers, member dues, for 2019–2026 (2026 has no data)", async () => {
    const result = await collection("2019-01-01", "2026-12-31", "YEAR");
    const truth = new Map(
      (
        await rows(`
        select year::int, sum(fee_due::bigint), sum(fee_paid::bigint), sum(arrears::bigint), count(*) filter (where nonpayer = 'true')::int,
               sum(member_dues_paid::bigint), count(*) filter (where fee_due::bigint > 0)::int
        from truth_unit_year group by 1`)
      ).map(([year, due, paid, arrears, nonPayers, dues, owing]) => [year as number, { due, paid, arrears, nonPayers, dues, owing }]),
    );
    expect(result.periodTotals).toHaveLength(8);
    for (const p of result.periodTotals) {
      const year = Number(p.periodStart!.slice(0, 4));
      const t = truth.get(year);
      if (!t) {
        expect(p, `${year}`).toMatchObject({ due: 0, paid: 0, arrears: 0, nonPayers: 0, unitsOwing: 0, collectionRate: null });
        continue;
      }
      expect(
        { due: big(p.due), paid: big(p.paid), arrears: big(p.arrears), nonPayers: p.nonPayers, dues: big(p.memberDuesPaid), owing: p.unitsOwing },
        `${year}`,
      ).toEqual({ ...t, due: big(t.due), paid: big(t.paid), arrears: big(t.arrears), dues: big(t.dues) });
      expect(p.collectionRate).toBeCloseTo(Number(t.paid) / Number(t.due), 12);
    }
  });

  test("units with no union owe the fee too: the hasUnion filter by year equals the truth's units without a union", async () => {
    const filter: EnterpriseFilterInput = uncertain.length ? { hasUnion: false, NOT: { taxCodeIn: uncertain } } : { hasUnion: false };
    const result = await collection("2021-01-01", "2025-12-31", "YEAR", [], filter);
    const not = uncertain.length ? `and tax_code not in (${uncertain.map((t) => `'${t}'`).join(", ")})` : "";
    const truth = new Map(
      (
        await rows(`
        select year::int, sum(fee_due::bigint), sum(fee_paid::bigint), sum(arrears::bigint), count(*) filter (where nonpayer = 'true')::int
        from truth_unit_year where ${hasUnionColumn} = 'false' ${not} group by 1`)
      ).map(([y, ...m]) => [y as number, m.map(big)]),
    );
    for (const p of result.periodTotals) {
      const [due, paid, arrears, nonPayers] = truth.get(Number(p.periodStart!.slice(0, 4)))!;
      expect([big(p.due), big(p.paid), big(p.arrears), BigInt(p.nonPayers!)], p.periodStart!).toEqual([due, paid, arrears, nonPayers]);
      expect(big(p.due)).toBeGreaterThan(0n);
    }
  });

  test("quarterly and yearly payers by month and by district: each payment spread over its months by the documented rule", async () => {
    const units = [...coarsePayers].sort();
    const result = await collection("2022-01-01", "2025-12-31", "MONTH", ["DISTRICT"], { taxCodeIn: units });
    const expected = expectedCollection("2022-01-01", "2025-12-31", "MONTH", (t) => district.get(t) ?? null, new Set(units));
    expect(result.periodTotals).toHaveLength(48);
    for (const row of result.rows)
      expect(measuresOf(row), `${row.periodStart} ${row.keys[0].code}`).toEqual(expected.cell(row.keys[0].code ?? null, row.periodStart!));
    for (const p of result.periodTotals) expect(measuresOf(p), p.periodStart!).toEqual(expected.total(p.periodStart!));
    expect(measuresOf(result.total)).toEqual(expected.range);
    // Spread, a quarterly or yearly payment reaches every month of its period that has fee due: most months have something paid.
    expect(result.periodTotals.filter((p) => big(p.paid) > 0n).length).toBeGreaterThan(40);
  });

  test("expected member dues: members × min(dues rate × mean insured salary, cap × base salary) per month, rates of ref.rates by date", async () => {
    const rates = (await rows("select rate_id, valid_from, valid_to, value::double, applies_to from ref.rates")) as [
      string,
      Date,
      Date | null,
      number,
      string,
    ][];
    const rateOn = (id: string, day: string, nonState: boolean) => {
      const valid = rates.filter(
        ([r, from, to, , applies]) =>
          r === id && iso(from) <= day && (to === null || day <= iso(to)) && (applies === "ALL" || (nonState && applies === "NON_STATE")),
      );
      valid.sort((a, b) => Number(b[4] === "NON_STATE") - Number(a[4] === "NON_STATE") || b[1].getTime() - a[1].getTime());
      return valid[0][3];
    };
    const ownership = new Map((await rows("select tax_code, ownership from truth_units")).map(([t, o]) => [t as string, o as string]));
    const members = new Map(
      (await rows("select tax_code || '|' || year, members::int from truth_unit_year where members <> ''")).map(([k, m]) => [k as string, m as number]),
    );
    const byYear = new Map<number, { expected: number; unitMonths: number }>();
    for (const [taxCode, unitMonths] of months) {
      if (uncertain.includes(taxCode)) continue;
      for (const [k, m] of unitMonths) {
        const year = Number(k.slice(0, 4));
        const sums = byYear.get(year) ?? { expected: 0, unitMonths: 0 };
        byYear.set(year, sums);
        sums.unitMonths++;
        const n = members.get(`${taxCode}|${year}`) ?? 0;
        if (!n || !m.workers) continue;
        const day = `${k}-01`;
        const perMember = Math.min(
          rateOn("member_dues_rate", day, ownership.get(taxCode) !== "STATE") * (Number(m.fund) / m.workers),
          rateOn("member_dues_cap_share", day, false) * rateOn("base_salary", day, false),
        );
        sums.expected += Math.round(n * perMember);
      }
    }
    const filter = uncertain.length ? { NOT: { taxCodeIn: uncertain } } : undefined;
    const result = await collection("2019-01-01", "2025-12-31", "YEAR", [], filter);
    for (const p of result.periodTotals) {
      const want = byYear.get(Number(p.periodStart!.slice(0, 4)))!;
      // The warehouse computes in DECIMAL, this test in doubles: at most a dong apart per unit-month.
      expect(Math.abs(Number(p.expectedMemberDues) - want.expected), p.periodStart!).toBeLessThanOrEqual(want.unitMonths);
      expect(want.expected).toBeGreaterThan(0);
    }
  });

  describe("membershipGrowth", () => {
    async function growth(fromYear: number, toYear: number, groupBy: ("DISTRICT" | "SIZE_BAND")[] = [], filter?: EnterpriseFilterInput) {
      const response = await client.request(MembershipGrowthTableDocument, { fromYear, toYear, groupBy, filter });
      expect(response.errors).toBeUndefined();
      return response.data!.membershipGrowth;
    }

    test("yearly totals 2017–2027 equal the truth (every return counts, linked or not); zeros before and after the sample; the provincial target", async () => {
      const result = await growth(2017, 2027);
      const truth = new Map(
        (
          await rows(
            `select year::int, sum(members::int)::int, sum(new_members::int)::int, sum("left"::int)::int from truth_unit_year where members <> '' group by 1`,
          )
        ).map(([y, members, newMembers, left]) => [y as number, { members, newMembers, left }]),
      );
      expect(result.totals.map((t) => t.year)).toEqual([2017, 2018, ...YEARS, 2026, 2027]);
      for (const t of result.totals) {
        const want = (truth.get(t.year) ?? { members: 0, newMembers: 0, left: 0 }) as { members: number; newMembers: number; left: number };
        const target = t.year >= 2021 && t.year <= 2025 ? 1500 : t.year >= 2026 && t.year <= 2030 ? 2000 : null;
        expect(t, `${t.year}`).toMatchObject({
          ...want,
          netGrowth: want.newMembers - want.left,
          target,
          targetMet: target === null ? null : want.newMembers >= target,
        });
      }
      expect(truth.get(2023)!.newMembers).toBeGreaterThan(0);
    });

    test.each([
      ["DISTRICT", "nullif(u.district_code, '')"],
      // the workers band of the unit in each year (a dimension that changes over the years)
      [
        "SIZE_BAND",
        `case when coalesce(y.workers, '') = '' then null when y.workers::int < 5 then '<5' when y.workers::int < 20 then '5-19' when y.workers::int < 50 then '20-49'
              when y.workers::int < 200 then '50-199' when y.workers::int < 1000 then '200-999' else '1000+' end`,
      ],
    ] as const)(
      "by %s for 2019–2026: every group and year equals the truth over the units exact linking can link (all of them with the fuzzy linker)",
      async (dimension, groupSql) => {
        const filter = uncertain.length ? { NOT: { taxCodeIn: uncertain } } : undefined;
        const result = await growth(2019, 2026, [dimension], filter);
        const not = uncertain.length ? `and y.tax_code not in (${uncertain.map((t) => `'${t}'`).join(", ")})` : "";
        const truth = new Map(
          (
            await rows(`
          select y.year::int || '|' || coalesce(${groupSql}, '-'), sum(y.members::int)::int, sum(y.new_members::int)::int, sum(y."left"::int)::int
          from truth_unit_year y join truth_units u using (tax_code) where y.members <> '' ${not} group by all`)
          ).map(([key, members, newMembers, left]) => [key as string, { members, newMembers, left }]),
        );
        let nonZero = 0;
        for (const row of result.rows) {
          // Null codes: units without a value, and returns of unions linked to no unit (none once the fuzzy linker links them).
          if (row.keys[0].code === null && uncertain.length) continue;
          const want = (truth.get(`${row.year}|${row.keys[0].code ?? "-"}`) ?? { members: 0, newMembers: 0, left: 0 }) as { members: number };
          expect({ members: row.members, newMembers: row.newMembers, left: row.left }, `${row.year} ${row.keys[0].code}`).toEqual(want);
          if (want.members) nonZero++;
          expect(row.target).toBeNull();
        }
        expect(nonZero).toBeGreaterThan(10);
        expect(result.rows.filter((r) => r.year === 2026).every((r) => r.members === 0 && r.newMembers === 0)).toBe(true);
      },
    );
  });

  describe("financeGaps", () => {
    async function truthGaps(from: number, to: number) {
      return (
        await rows(`
        select tax_code, sum(fee_due::bigint) - sum(fee_paid::bigint) as arrears, sum(fee_due::bigint), sum(fee_paid::bigint)
        from truth_unit_year where year::int between ${from} and ${to}
        group by tax_code having sum(si_salary_fund::bigint) > 0 and sum(fee_paid::bigint) < sum(fee_due::bigint)
        order by arrears desc, tax_code`)
      ).map(([taxCode, arrears, due, paid]) => ({ taxCode: taxCode as string, arrears: big(arrears), due: big(due), paid: big(paid) }));
    }

    test.each([
      [2024, 2024],
      [2021, 2023],
    ])("%i–%i: every unit paying SI but not the whole fee, largest arrears first, page by page, with its months covered", async (from, to) => {
      const expected = await truthGaps(from, to);
      expect(expected.length).toBeGreaterThan(20);
      const seen: { taxCode: string; arrears: bigint; due: bigint; paid: bigint }[] = [];
      let after: string | null | undefined = null;
      let first = true;
      do {
        const response: { data?: FinanceGapsPageQuery | null; errors?: readonly unknown[] } = await client.request(FinanceGapsPageDocument, {
          from: `${from}-01-01`,
          to: `${to}-12-31`,
          first: 100,
          after,
        });
        expect(response.errors).toBeUndefined();
        const page: FinanceGapsPageQuery["financeGaps"] = response.data!.financeGaps;
        if (first) {
          expect(page.totalCount).toBe(expected.length);
          expect(big(page.totalArrears)).toBe(expected.reduce((s, g) => s + g.arrears, 0n));
          first = false;
        }
        for (const node of page.nodes) {
          // the API shows a branch as 3200123456-001; the truth keys it by its 13 digits
          const stored = node.taxCode.replace(/^(\d{10})-(\d{3})$/, "$1$2");
          seen.push({ taxCode: stored, arrears: big(node.arrears), due: big(node.due), paid: big(node.paid) });
          const siMonths = [...(months.get(stored) ?? [])].filter(([k, m]) => k >= `${from}-01` && k <= `${to}-12` && m.si).length;
          expect(node.monthsCovered, node.taxCode).toBe(siMonths);
          expect(node.socialInsurance.months).toBe(siMonths);
          expect(big(node.socialInsurance.feeDue)).toBe(big(node.due));
          expect(big(node.unionFinance.feePaid)).toBe(big(node.paid));
        }
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined;
      } while (after);
      expect(seen).toEqual(expected);
    });
  });

  describe("scorecard", () => {
    /** The truth's value of every known metric per year (docs/DOMAIN.md § Targets of the action program, province-wide). */
    async function truthMetrics() {
      const h = hasUnionColumn;
      const byYear = new Map<number, Record<string, number | null>>();
      for (const [year, newMembers, inScope, covered, unionised, withAgreement, members, workers] of await rows(`
        select year::int,
               coalesce(sum(new_members::int) filter (where new_members <> ''), 0)::int,
               count(*) filter (where active = 'true' and workers::int >= 20)::int,
               count(*) filter (where active = 'true' and workers::int >= 20 and ${h} = 'true')::int,
               count(*) filter (where active = 'true' and ${h} = 'true')::int,
               count(*) filter (where active = 'true' and ${h} = 'true' and agreement_in_force = 'true')::int,
               coalesce(sum(members::int) filter (where active = 'true' and ${h} = 'true' and workers <> '' and members <> ''), 0)::int,
               coalesce(sum(workers::int) filter (where active = 'true' and ${h} = 'true' and workers <> ''), 0)::int
        from truth_unit_year group by 1`)) {
        const ratio = (a: unknown, b: unknown) => (Number(b) > 0 ? Number(a) / Number(b) : null);
        byYear.set(year as number, {
          new_members: newMembers as number,
          coverage_rate_min_workers_20: ratio(covered, inScope),
          agreement_rate: ratio(withAgreement, unionised),
          union_density: ratio(members, workers),
        });
      }
      return byYear;
    }

    test.each([2021, 2023, 2025])("%i: every target in force with the truth's actual, gap and status (a straight line from 2020 for rates)", async (year) => {
      const metrics = await truthMetrics();
      const response = await client.request(ScorecardTargetsDocument, { year });
      expect(response.errors).toBeUndefined();
      const targets = response.data!.scorecard.targets;
      expect(targets.map((t) => t.targetId)).toEqual(["new_members_2021_2025", "coverage_20_2025", "agreement_rate_2025"]);
      for (const t of targets) {
        const actual = metrics.get(year)![t.metric]!;
        expect(t.actual, t.targetId).toBeCloseTo(actual, 12);
        expect(t.gap, t.targetId).toBeCloseTo(t.target - actual, 12);
        let status: string;
        if (t.metric === "new_members") {
          let cumulative = 0;
          for (let y = t.fromYear; y <= year; y++) cumulative += metrics.get(y)?.new_members ?? 0;
          expect(t.cumulativeActual).toBe(cumulative);
          status = actual >= t.target ? "MET" : cumulative >= t.target * (year - t.fromYear + 1) ? "ON_TRACK" : "BEHIND";
        } else {
          const baseline = metrics.get(2020)![t.metric]!;
          const line = baseline + ((t.target - baseline) * (year - 2020)) / (t.toYear - 2020);
          expect(t).toMatchObject({ baselineYear: 2020 });
          expect(t.baseline).toBeCloseTo(baseline, 12);
          expect(t.onTrackValue).toBeCloseTo(line, 12);
          status = actual >= t.target ? "MET" : actual >= line ? "ON_TRACK" : "BEHIND";
        }
        expect(t.status, t.targetId).toBe(status);
      }
    });

    test("a target added as a row is evaluated with no code change: new members 2022–2025 at 300 a year, density by 2030", async () => {
      await sample.warehouse.connection.run(`
        insert into ref.targets values
          ('test_new_members', 'new_members', 2022, 2025, '>=', 300, 'members per year', 'Dòng thử'),
          ('test_density', 'union_density', 2024, 2030, '>=', 0.95, 'share of workers at unionised units', 'Dòng thử')`);
      try {
        const metrics = await truthMetrics();
        const response = await client.request(ScorecardTargetsDocument, { year: 2024 });
        const byId = new Map(response.data!.scorecard.targets.map((t) => [t.targetId, t]));
        const flow = byId.get("test_new_members")!;
        const cumulative = [2022, 2023, 2024].reduce((s, y) => s + (metrics.get(y)!.new_members ?? 0), 0);
        expect(flow).toMatchObject({ actual: metrics.get(2024)!.new_members, cumulativeActual: cumulative, onTrackValue: 900 });
        expect(flow.status).toBe(metrics.get(2024)!.new_members! >= 300 ? "MET" : cumulative >= 900 ? "ON_TRACK" : "BEHIND");
        const density = byId.get("test_density")!;
        expect(density.actual).toBeCloseTo(metrics.get(2024)!.union_density!, 12);
        expect(density.baselineYear).toBe(2023);
      } finally {
        await sample.warehouse.connection.run("delete from ref.targets where target_id like 'test_%'");
      }
    });
  });

  test("dataQuality: every file with its rows read and rejected, rejected rows by dataset and reason, loaded rows per dataset, as the truth says", async () => {
    const response = await client.request(DataQualityReportDocument, { batchLimit: 500, rowLimit: 0, first: 0 });
    expect(response.errors).toBeUndefined();
    const quality = response.data!.dataQuality;
    const files = new Map(
      (await rows("select file, count(*)::int, count(*) filter (where coalesce(expected_reason, '') <> '')::int from truth_rows group by file")).map(
        ([f, read, rejected]) => [f as string, { read, rejected }],
      ),
    );
    expect(quality.batchCount).toBe(files.size);
    expect(new Map(quality.batches.map((b) => [b.fileName, { read: b.rowsRead, rejected: b.rowsRejected }]))).toEqual(files);
    expect(quality.batches.every((b) => b.status === "LOADED")).toBe(true);
    const reasons = (
      await rows("select dataset, expected_reason, count(*)::int from truth_rows where coalesce(expected_reason, '') <> '' group by all order by all")
    ).map(([dataset, reason, n]) => `${dataset} ${reason} ${n}`);
    expect(quality.rejectionsByReason.map((r) => `${r.dataset} ${r.reasonCode} ${r.rows + r.released}`).sort()).toEqual(reasons.sort());
    const loaded = new Map(
      (await rows("select dataset, count(*)::int from truth_rows where coalesce(expected_reason, '') = '' group by 1")).map(([d, n]) => [d as string, n]),
    );
    expect(new Map(quality.unlinkedByDataset.map((d) => [d.dataset, d.rows]))).toEqual(loaded);
    for (const d of quality.unlinkedByDataset) {
      const methods = quality.linkRates.filter((r) => r.dataset === d.dataset);
      expect(methods.reduce((s, r) => s + r.rows, 0)).toBe(d.rows);
      expect(methods.find((r) => r.method === "UNLINKED")?.rows ?? 0).toBe(d.unlinkedRows);
    }
    expect(quality.reviewQueueSize === null || quality.reviewQueueSize >= 0).toBe(true);
  });
});
