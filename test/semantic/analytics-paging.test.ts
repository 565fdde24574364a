import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { RequestAccess } from "../../queries/access/request-access.js";
import { suppressCells } from "../../queries/access/suppression.js";
import type { Dimension } from "../../queries/dimensions.js";
import { analytics } from "../../queries/semantic/analytics.js";
import type { AnalyticsRequest } from "../../queries/semantic/analytics-question.js";
import { periodsOfRequest, supportOf } from "../../queries/semantic/analytics-question.js";
import { type AnalyticsSqlRow, runAnalyticsSql } from "../../queries/semantic/analytics-sql.js";
import { MEASURES, measureSpec } from "../../queries/semantic/measures.catalog.js";
import { planQuestion } from "../../queries/semantic/planner.js";
import { buildSampleWarehouse, type SampleWarehouse } from "../helpers/sample-warehouse.js";

/**
 * `having`, `orderBy` and the cursor's pages are done by the database (one statement
 * returns the page and the total). Checked against the whole grid (every row, default
 * order, as `coverage` reads it) filtered, sorted and cut into pages HERE, for random
 * questions, for an ANALYST key and for a DASHBOARD key (whose withheld cells, decided on
 * the whole grid by suppressCells, match no condition): walking the pages with `after`
 * gives exactly that list, each page's `totalCount` its length and `hasNextPage` whether
 * rows remain.
 */
const K = 3;
const DASHBOARD = new RequestAccess({ keyId: "d", name: "wall", role: "DASHBOARD", scope: { kind: "PROVINCE" }, demo: false }, K);
const YEARLY = MEASURES.filter((m) => m.grain !== "UNIT_MONTH").map((m) => m.name);
const MONTHLY = MEASURES.filter((m) => m.grain === "UNIT_MONTH").map((m) => m.name);
const DIMENSIONS: Dimension[] = ["DISTRICT", "SECTOR", "OWNERSHIP", "SIZE_BAND", "UPPER_UNION"];

let sample: SampleWarehouse;
beforeAll(async () => {
  sample = await buildSampleWarehouse({ units: 400, seed: 11 });
}, 120_000);
afterAll(async () => {
  await sample?.close();
});

const time = fc.constantFrom(
  { year: 2024 },
  { year: 2021 },
  { from: "2022-01-01", to: "2024-12-31", grain: "YEAR" as const },
  { from: "2024-01-01", to: "2024-12-31", grain: "QUARTER" as const },
  { from: "2024-10-01", to: "2025-01-31", grain: "MONTH" as const },
);

const question = time.chain((t) => {
  const pool = "year" in t || t.grain === "YEAR" ? [...YEARLY, ...MONTHLY] : MONTHLY;
  return fc.record({
    time: fc.constant(t),
    selected: fc.subarray(pool, { minLength: 1, maxLength: 3 }),
    groupBy: fc.subarray(DIMENSIONS, { maxLength: 2 }),
    having: fc.option(
      fc.record({ index: fc.nat(), op: fc.constantFrom("gt", "gte", "lt", "lte", "eq"), value: fc.constantFrom(0, 0.5, 1, 3, 20, 1_000_000) }),
      { nil: null },
    ),
    order: fc.array(fc.record({ index: fc.nat(), byDimension: fc.boolean(), direction: fc.constantFrom("ASC" as const, "DESC" as const) }), { maxLength: 2 }),
    first: fc.integer({ min: 1, max: 40 }),
    dashboard: fc.boolean(),
  });
});

type Question = typeof question extends fc.Arbitrary<infer Q> ? Q : never;

function request(q: Question): AnalyticsRequest {
  const pick = (i: number) => q.selected[i % q.selected.length];
  return {
    ...q.time,
    selected: q.selected,
    groupBy: q.groupBy,
    minWorkers: 20,
    having: q.having ? [{ measure: pick(q.having.index), [q.having.op]: q.having.value }] : null,
    orderBy: q.order.map((o) =>
      o.byDimension && q.groupBy.length
        ? { dimension: q.groupBy[o.index % q.groupBy.length], direction: o.direction }
        : { measure: pick(o.index), direction: o.direction },
    ),
    first: q.first,
  };
}

interface Expected {
  readonly period: string;
  readonly codes: (string | null)[];
  readonly suppressed: boolean;
  readonly values: Record<string, unknown>;
}

const periodLabel = (p: Date, grain: string) =>
  grain === "YEAR" ? p.toISOString().slice(0, 4) : grain === "QUARTER" ? `${p.getUTCFullYear()}-Q${p.getUTCMonth() / 3 + 1}` : p.toISOString().slice(0, 7);

/** The answer's rows worked out here from the whole grid: suppression, having, a stable sort. */
async function expected(r: AnalyticsRequest, dashboard: boolean): Promise<Expected[]> {
  const { periods, timeGrain } = periodsOfRequest(r);
  const named = [...r.selected, ...(r.having ?? []).map((c) => c.measure), ...(r.orderBy ?? []).flatMap((o) => (o.measure ? [o.measure] : []))];
  const supports = [...new Set(named.map(supportOf))];
  const measures = [...new Set([...named, ...supports])];
  const question = { periods, timeGrain, measures, groupBy: [...r.groupBy], filter: null, minWorkers: r.minWorkers };
  const grid = (await runAnalyticsSql(sample.warehouse.db, question, planQuestion({ ...question, periodCount: periods.length }, new Set(), false))).filter(
    (row) => !row.is_total,
  );
  const codes = (row: AnalyticsSqlRow) => r.groupBy.map((_, i) => row[`k${i}`] as string | null);
  let hidden = grid.map(() => false);
  if (dashboard) {
    const support = (row: AnalyticsSqlRow) => Math.min(Infinity, ...supports.map((s) => Number(row[s])).filter((n) => n > 0));
    // Lines across periods only when every measure computed adds up over periods (never, as the supports are stocks or per-unit counts).
    const additive = measures.every((m) => {
      const spec = measureSpec(m);
      return spec.kind === "RATIO" ? [spec.numerator, spec.denominator].every((b) => measureSpec(b).kind === "ADDITIVE") : spec.kind === "ADDITIVE";
    });
    const lines = [...r.groupBy.map((_, d) => d + 1), ...(additive ? [0] : [])];
    hidden = suppressCells(
      grid.map((row) => ({ units: Number.isFinite(support(row)) ? support(row) : 0, coords: [String(row.p), ...codes(row)] })),
      lines,
      K,
    );
  }
  const rows = grid.map((row, i) => ({
    period: periodLabel(row.p as Date, timeGrain),
    codes: codes(row),
    ords: r.groupBy.map((_, d) => (row[`o${d}`] == null ? null : Number(row[`o${d}`]))),
    suppressed: hidden[i],
    values: Object.fromEntries([...new Set(named)].map((m) => [m, hidden[i] ? null : row[m]])),
    position: i,
  }));
  const holds = (value: unknown, c: NonNullable<AnalyticsRequest["having"]>[number]) => {
    if (value === null) return false;
    const v = Number(value);
    return (c.gt ?? -Infinity) < v && (c.gte ?? -Infinity) <= v && v < (c.lt ?? Infinity) && v <= (c.lte ?? Infinity) && (c.eq == null || v === c.eq);
  };
  const kept = rows.filter((row) => (r.having ?? []).every((c) => holds(row.values[c.measure], c)));
  const compare = (x: number | string | null, y: number | string | null, sign: number) => {
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return (x < y ? -1 : 1) * sign;
  };
  kept.sort((a, b) => {
    for (const o of r.orderBy ?? []) {
      const sign = o.direction === "DESC" ? -1 : 1;
      if (o.measure) {
        const x = a.values[o.measure] as bigint | number | null;
        const y = b.values[o.measure] as bigint | number | null;
        const c = compare(x === null ? null : Number(x), y === null ? null : Number(y), sign);
        if (c) return c;
      } else {
        const d = r.groupBy.indexOf(o.dimension!);
        const c = compare(a.ords[d], b.ords[d], sign) || compare(a.codes[d], b.codes[d], sign);
        if (c) return c;
      }
    }
    return a.position - b.position;
  });
  return kept.map(({ period, codes, suppressed, values }) => ({ period, codes, suppressed, values }));
}

describe("having, orderBy and pages in the database", () => {
  test("120 random questions, ANALYST and DASHBOARD: the pages walked with `after` are the grid filtered and sorted here", async () => {
    let withHidden = 0;
    let paged = 0;
    await fc.assert(
      fc.asyncProperty(question, async (q) => {
        const r = request(q);
        const want = await expected(r, q.dashboard);
        const options = q.dashboard ? { access: DASHBOARD } : {};
        const got: Expected[] = [];
        let after: string | null = null;
        for (let page = 0; page <= want.length / r.first! + 1; page++) {
          const answer = await analytics(sample.warehouse.db, { ...r, after }, options);
          expect(answer.totalCount).toBe(want.length);
          expect(answer.hasPreviousPage).toBe(after !== null);
          expect(answer.rows.length).toBe(Math.min(r.first!, want.length - got.length));
          for (const row of answer.rows) {
            got.push({
              period: row.period!,
              codes: row.keys.map((k) => k.code),
              suppressed: row.suppressed,
              values: Object.fromEntries(Object.keys(want[0]?.values ?? {}).map((m) => [m, row.measures[m]])),
            });
          }
          expect(answer.hasNextPage).toBe(got.length < want.length);
          if (!answer.hasNextPage) break;
          after = answer.cursors.at(-1)!;
          paged++;
        }
        expect(got).toEqual(want);
        if (want.some((w) => w.suppressed)) withHidden++;
      }),
      { numRuns: 120, seed: 20260105 },
    );
    expect(paged).toBeGreaterThan(50);
    expect(withHidden).toBeGreaterThan(5);
  }, 600_000);

  test("a cursor of another answer's shape, or naming no row of this one, is BAD_USER_INPUT on `after`", async () => {
    const r: AnalyticsRequest = { year: 2024, groupBy: ["SECTOR"], minWorkers: 20, selected: ["units"], first: 2 };
    const first = await analytics(sample.warehouse.db, r);
    expect(first.hasNextPage).toBe(true);
    const cursor = (cell: unknown[]) => Buffer.from(JSON.stringify(["analytics", ...cell]), "utf8").toString("base64url");
    for (const after of [cursor(["2024", "C", "X"]), cursor(["2024"]), cursor(["2024-13", "C"]), cursor(["2023", "C"]), cursor(["2024", "ZZ"])]) {
      await expect(analytics(sample.warehouse.db, { ...r, after })).rejects.toMatchObject({ extensions: { code: "BAD_USER_INPUT", argument: "after" } });
    }
    // the second row's cursor, however it was obtained, gives the rows after it
    const second = await analytics(sample.warehouse.db, { ...r, after: cursor(["2024", first.rows[0].keys[0].code]) });
    expect(second.rows[0]).toEqual(first.rows[1]);
  });
});
