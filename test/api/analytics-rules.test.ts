import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { RequestAccess } from "../../queries/access/request-access.js";
import { analytics } from "../../queries/semantic/analytics.js";
import type { AnalyticsRequest } from "../../queries/semantic/analytics-question.js";
import { type RunningApi, startApi } from "./fixtures/api-server.js";

/**
 * `analytics`'s rules on the tiny warehouse (no rollups: every grain from its mart): bad
 * questions refused with BAD_USER_INPUT before any SQL, only the selected measures
 * computed, cursor paging, and small-cell suppression before `having`.
 */
let api: RunningApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

/** The statements that answer an analytics question (not the one reading dimension cardinalities for pricing). */
const isAnalyticsSql = (statement: string) => statement.includes('with "periods"');

const ask = (args: string, selection = "rows { keys { code } units coverageRate } total { units }") =>
  api.client.requestText(`{ analytics(${args}) { ${selection} totalCount source } }`);

describe("bad questions are refused with BAD_USER_INPUT, naming the argument, before any SQL", () => {
  test.each([
    ["grain: MONTH", "from"],
    ["year: 2024, grain: MONTH", "grain"],
    ['year: 2024, from: "2024-01-01", to: "2024-12-31"', "year"],
    ['from: "2024-01-01", to: "2024-12-31", grain: MONTH, having: [{ measure: COVERAGE_RATE, lt: 0.7 }]', "having", "rows { feeDue }"],
    ['from: "2024-01-01", to: "2024-03-31", grain: QUARTER, orderBy: [{ measure: NEW_MEMBERS }]', "orderBy", "rows { feeDue }"],
    ["year: 2024, groupBy: [SECTOR], orderBy: [{ dimension: DISTRICT }]", "orderBy"],
    ["year: 2024, orderBy: [{ measure: UNITS, dimension: DISTRICT }]", "orderBy"],
    ["year: 2024, groupBy: [DISTRICT, DISTRICT]", "groupBy"],
    ["year: 2024, groupBy: [YEAR]", "groupBy"],
    ["year: 2024, having: [{ measure: UNITS }]", "having"],
    ["year: 2024, minWorkers: -1", "minWorkers"],
    ["year: 2024, first: 501", "first"],
    ['year: 2024, after: "bm90IGEgY3Vyc29y"', "after"],
  ] as [string, string, string?][])("analytics(%s)", async (args, argument, selection) => {
    api.tiny.resetStatements();
    const response = await ask(args, selection);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument });
    if (argument !== "after") expect(api.tiny.statements.filter(isAnalyticsSql)).toEqual([]);
  });

  test("a selection without any measure is refused", async () => {
    const response = await ask("year: 2024", "rows { keys { code } period }");
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "selection" });
  });

  test("a unit-year measure by month is refused, naming the measure", async () => {
    const response = await ask('from: "2024-01-01", to: "2024-02-29", grain: MONTH', "rows { units }");
    expect(response.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", measure: "UNITS", grain: "MONTH" } });
    expect(response.errors?.[0]?.message).toMatch(/UNITS.*ask by YEAR/);
  });
});

describe("only the selected measures are computed", () => {
  test.each([
    ["rows { units coverageRate }", ["mart_unit_year"], ["fct_membership_yearly", "mart_unit_month_finance"]],
    ["rows { newMembers }", ["fct_membership_yearly"], ["mart_unit_month_finance", "count(*) filter"]],
    ["total { arrears }", ["mart_unit_month_finance"], ["fct_membership_yearly"]],
    ["...on Query { analytics(year: 2024) { rows { ...M } } } } fragment M on AnalyticsRow { feePaid ", ["mart_unit_month_finance"], ["fct_membership_yearly"]],
  ])("%s reads %j and not %j", async (selection, reads, skips) => {
    api.tiny.resetStatements();
    const query = selection.startsWith("...") ? `{ ${selection} }` : `{ analytics(year: 2024) { ${selection} } }`;
    const response = await api.client.requestText(query);
    expect(response.errors).toBeUndefined();
    const text = api.tiny.statements.join("\n");
    for (const r of reads) expect(text).toContain(r);
    for (const s of skips) expect(text).not.toContain(s);
  });

  test("measures of three grains in one row: each as its own mart computes it alone (no fan-out)", async () => {
    const grid = await ask(
      "year: 2024, groupBy: [DISTRICT]",
      "rows { keys { code } units workers newMembers feeDue } total { units workers newMembers feeDue }",
    );
    expect(grid.errors).toBeUndefined();
    for (const [one, selection] of [
      ["units", "units workers"],
      ["newMembers", "newMembers"],
      ["feeDue", "feeDue"],
    ] as const) {
      const alone = await ask("year: 2024, groupBy: [DISTRICT]", `rows { keys { code } ${selection} } total { ${selection} }`);
      // The grid has a row for every key some grain has (the unlinked union's return under a null district): 0 where this measure has none.
      const byKey = (r: any) => new Map(r.data.analytics.rows.map((row: any) => [row.keys[0].code, row[one]]));
      const own = byKey(alone);
      expect([...byKey(grid)]).toEqual([...byKey(grid).keys()].map((k) => [k, own.get(k) ?? 0]));
      expect([...own.keys()].every((k) => byKey(grid).has(k))).toBe(true);
      expect((grid.data as any).analytics.total[one]).toEqual((alone.data as any).analytics.total[one]);
    }
    expect((grid.data as any).analytics.total).toMatchObject({ units: 24 }); // the tiny warehouse's 24 in-scope units of 2024 (examples.test.ts)
  });
});

test("cursor paging: pages of 3 put together are the whole answer, in order", async () => {
  const whole = await ask(
    "year: 2024, groupBy: [DISTRICT], orderBy: [{ measure: UNITS, direction: DESC }], first: 500",
    "rows { keys { code } units } pageInfo { hasNextPage }",
  );
  const all = (whole.data as any).analytics;
  expect(all.rows.length).toBe(10);
  const seen: unknown[] = [];
  let after: string | null = null;
  for (let page = 0; page < 10; page++) {
    const response: any = await api.client.requestText(
      `query($after: String) { analytics(year: 2024, groupBy: [DISTRICT], orderBy: [{ measure: UNITS, direction: DESC }], first: 3, after: $after) { rows { keys { code } units } totalCount pageInfo { hasNextPage hasPreviousPage endCursor } } }`,
      { after },
    );
    const a = response.data.analytics;
    expect(a.totalCount).toBe(10);
    expect(a.pageInfo.hasPreviousPage).toBe(after !== null);
    seen.push(...a.rows);
    if (!a.pageInfo.hasNextPage) break;
    after = a.pageInfo.endCursor;
  }
  expect(seen).toEqual(all.rows);
  const units = all.rows.map((r: any) => r.units);
  expect(units).toEqual([...units].sort((a: number, b: number) => b - a));
});

describe("small-cell suppression (DASHBOARD keys) comes before having", () => {
  const K = 3;
  const dashboard = new RequestAccess({ keyId: "k", name: "wall screen", role: "DASHBOARD", scope: { kind: "PROVINCE" }, demo: false }, K);
  const question: AnalyticsRequest = { year: 2024, groupBy: ["SECTOR"], minWorkers: 20, selected: ["units", "unionisedUnits", "coverageRate"], first: 500 };

  test("cells of 1 to k − 1 units are withheld (and complements), with every measure null; ANALYST keys see them", async () => {
    const open = await analytics(api.tiny.warehouse.db, question);
    const hidden = await analytics(api.tiny.warehouse.db, question, { access: dashboard });
    const small = open.rows.filter((r) => Number(r.measures.units) > 0 && Number(r.measures.units) < K);
    expect(small.length).toBeGreaterThan(0);
    for (const row of hidden.rows) {
      const before = open.rows.find((r) => r.keys[0].code === row.keys[0].code)!;
      if (small.includes(before)) expect(row.suppressed, row.keys[0].code!).toBe(true);
      if (row.suppressed) expect(Object.values(row.measures).every((v) => v === null)).toBe(true);
      else expect(row.measures).toEqual(before.measures);
    }
  });

  test("a condition every visible value meets still leaves every withheld cell out, whatever its real value", async () => {
    const hidden = await analytics(api.tiny.warehouse.db, question, { access: dashboard });
    const visible = hidden.rows.filter((r) => !r.suppressed).map((r) => r.keys[0].code);
    for (const having of [[{ measure: "units", gte: 0 }], [{ measure: "units", lt: K }], [{ measure: "coverageRate", lte: 1 }]]) {
      const kept = await analytics(api.tiny.warehouse.db, { ...question, having }, { access: dashboard });
      expect(kept.rows.every((r) => !r.suppressed)).toBe(true);
      expect(kept.rows.every((r) => visible.includes(r.keys[0].code))).toBe(true);
    }
    // units < k: the real small cells match, but being withheld they are not listed
    expect((await analytics(api.tiny.warehouse.db, { ...question, having: [{ measure: "units", gt: 0, lt: K }] }, { access: dashboard })).rows).toEqual([]);
    expect((await analytics(api.tiny.warehouse.db, { ...question, having: [{ measure: "units", gt: 0, lt: K }] })).rows.length).toBeGreaterThan(0);
  });
});

describe("priced like the other grids: every row the database computes counts, whatever the page", () => {
  let small: RunningApi;
  beforeAll(async () => {
    small = await startApi({ limits: { maxAnswerRows: 100 } });
  });
  afterAll(() => small.close());

  test("periods × (groups + 1) over MAX_ANSWER_ROWS is refused with TOO_MANY_ROWS before any SQL reads a mart; under it, answered", async () => {
    small.tiny.resetStatements();
    const refused = await small.client.requestText(
      '{ analytics(from: "2024-01-01", to: "2024-12-31", grain: MONTH, groupBy: [DISTRICT], first: 5) { rows { feeDue } } }',
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "TOO_MANY_ROWS", predictedRows: 12 * 11, limit: 100 });
    expect(small.tiny.statements.filter(isAnalyticsSql)).toEqual([]);
    const wide = await small.client.requestText("{ analytics(year: 2024, groupBy: [DISTRICT, SECTOR], first: 5) { rows { units } } }");
    expect(wide.errors?.[0]?.extensions).toMatchObject({ reason: "TOO_MANY_ROWS", predictedRows: 10 * 21 + 1 });
    const answered = await small.client.requestText(
      '{ analytics(from: "2024-01-01", to: "2024-06-30", grain: MONTH, groupBy: [DISTRICT], first: 100) { rows { feeDue } } }',
    );
    expect(answered.errors).toBeUndefined();
    expect((answered.data as any).analytics.rows).toHaveLength(6 * 10);
  });
});
