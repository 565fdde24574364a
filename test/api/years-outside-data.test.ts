/**
 * README § Years outside the data: a year the warehouse does not hold is answered as it
 * is (zeros, empty lists) with a YEAR_OUTSIDE_DATA warning in `extensions.warnings` naming
 * the years it holds, on every root field that takes years or dates; a field asked
 * without a year answers the latest year; the warehouse's years are read once per version;
 * a cached answer keeps its warnings. The tiny warehouse holds 2022–2024.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readSecurityConfig } from "../../core/settings/security-config.js";
import { readConfig } from "../../core/settings/server-config.js";
import { type App, createApp } from "../../server/app.js";
import { CACHE_HEADER } from "../../server/response-cache.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { type RunningApi, startApi } from "./fixtures/api-server.js";
import { openTinyWarehouse, type TinyWarehouse } from "./fixtures/tiny-warehouse.js";

interface Answer {
  readonly status: number;
  readonly cache: string | null;
  readonly body: {
    data?: any;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
    extensions?: { warnings?: { code: string; message: string; field: string }[] };
  };
}

async function post(url: string, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, cache: response.headers.get(CACHE_HEADER), body: (await response.json()) as Answer["body"] };
}

const HOLDS = "(2022–2024)";

/** Each root field that takes years or dates: a question outside the data and one inside it. */
const FIELDS: readonly { field: string; outside: string; message: string; inside: string }[] = [
  {
    field: "coverage",
    outside: "{ coverage(year: 2010) { year total { units } } }",
    message: `2010 is outside the years the warehouse holds ${HOLDS}`,
    inside: "{ coverage(year: 2024) { year total { units } } }",
  },
  {
    field: "membershipGrowth",
    outside: "{ membershipGrowth(fromYear: 2023, toYear: 2026) { totals { year members } } }",
    message: `2025–2026 (of 2023–2026) are outside the years the warehouse holds ${HOLDS}`,
    inside: "{ membershipGrowth(fromYear: 2022, toYear: 2024) { totals { year members } } }",
  },
  {
    field: "financeCollection",
    outside: '{ financeCollection(from: "2030-01-01", to: "2030-12-31", granularity: YEAR) { total { due } } }',
    message: `2030 is outside the years the warehouse holds ${HOLDS}`,
    inside: '{ financeCollection(from: "2024-01-01", to: "2024-12-31", granularity: YEAR) { total { due } } }',
  },
  {
    field: "financeGaps",
    outside: '{ financeGaps(from: "2021-06-01", to: "2022-05-31") { totalCount } }',
    message: `2021 (of 2021–2022) is outside the years the warehouse holds ${HOLDS}`,
    inside: '{ financeGaps(from: "2024-01-01", to: "2024-12-31") { totalCount } }',
  },
  {
    field: "uncoveredUnits",
    outside: "{ uncoveredUnits(year: 2010) { totalCount } }",
    message: `2010 is outside the years the warehouse holds ${HOLDS}`,
    inside: "{ uncoveredUnits(year: 2024) { totalCount } }",
  },
  {
    field: "scorecard",
    outside: "{ scorecard(year: 2026) { year } }",
    message: `2026 is outside the years the warehouse holds ${HOLDS}`,
    inside: "{ scorecard(year: 2024) { year } }",
  },
  {
    field: "forecast",
    outside: "{ forecast(metric: MEMBERS, fromYear: 2018, toYear: 2026) { lastActualYear } }",
    message: `2018–2021 (of 2018–2024) are outside the years the warehouse holds ${HOLDS}`,
    inside: "{ forecast(metric: MEMBERS, fromYear: 2022, toYear: 2026) { lastActualYear } }",
  },
  {
    field: "requiredPace",
    outside: "{ requiredPace(targetYear: 2010) { targetYear } }",
    message: `2010 is outside the years the warehouse holds ${HOLDS}`,
    // a target year after the data is the point of the question: no warning
    inside: "{ requiredPace(targetYear: 2025) { targetYear } }",
  },
  {
    field: "recruitmentPlan",
    outside: "{ recruitmentPlan(year: 2010) { year candidates } }",
    message: `2010 is outside the years the warehouse holds ${HOLDS}`,
    inside: "{ recruitmentPlan(year: 2024) { year } }",
  },
  {
    field: "enterprises",
    outside: '{ enterprises(asOf: "2010-06-30") { totalCount } }',
    message: `2010 is outside the years the warehouse holds ${HOLDS}`,
    inside: '{ enterprises(asOf: "2024-06-30") { totalCount } }',
  },
];

describe("years outside the data", () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  test("coverage(year: 2010): the zeros, and a warning naming the years the warehouse holds", async () => {
    const answer = await post(api.graphqlUrl, "{ coverage(year: 2010) { year total { units members } } }");
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.coverage).toEqual({ year: 2010, total: { units: 0, members: 0 } });
    expect(answer.body.extensions?.warnings).toEqual([
      { code: "YEAR_OUTSIDE_DATA", message: `2010 is outside the years the warehouse holds ${HOLDS}`, field: "coverage" },
    ]);
  });

  test("membershipGrowth past the data: members 0 in 2025, and the warning says so", async () => {
    const answer = await post(api.graphqlUrl, "{ membershipGrowth(fromYear: 2024, toYear: 2025) { totals { year members } } }");
    expect(answer.body.data.membershipGrowth.totals).toEqual([
      { year: 2024, members: expect.any(Number) },
      { year: 2025, members: 0 },
    ]);
    expect(answer.body.data.membershipGrowth.totals[0].members).toBeGreaterThan(0);
    expect(answer.body.extensions?.warnings).toEqual([
      { code: "YEAR_OUTSIDE_DATA", message: `2025 (of 2024–2025) is outside the years the warehouse holds ${HOLDS}`, field: "membershipGrowth" },
    ]);
  });

  test.each(FIELDS)("$field: a warning for a year outside the data, none inside it", async ({ field, outside, message, inside }) => {
    const out = await post(api.graphqlUrl, outside);
    expect(out.body.errors, field).toBeUndefined();
    expect(out.body.extensions?.warnings, field).toEqual([{ code: "YEAR_OUTSIDE_DATA", message, field }]);
    const within = await post(api.graphqlUrl, inside);
    expect(within.body.errors, field).toBeUndefined();
    expect(within.body.extensions?.warnings, field).toBeUndefined();
  });

  test("coverage without a year answers the latest year the warehouse holds, as uncoveredUnits does", async () => {
    const latest = await post(api.graphqlUrl, "{ coverage { year total { units unionisedUnits } } uncoveredUnits { totalCount } }");
    const y2024 = await post(api.graphqlUrl, "{ coverage(year: 2024) { year total { units unionisedUnits } } uncoveredUnits(year: 2024) { totalCount } }");
    expect(latest.body.errors).toBeUndefined();
    expect(latest.body.data.coverage.year).toBe(2024);
    expect(latest.body.data).toEqual(y2024.body.data);
    expect(latest.body.extensions?.warnings).toBeUndefined();
  });

  test("year and asOf together: an error that says so (and is not the message for giving neither)", async () => {
    const both = await post(api.graphqlUrl, '{ coverage(year: 2024, asOf: "2024-12-31") { year } }');
    expect(both.body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(both.body.errors?.[0].message).toMatch(/^give `year` or `asOf`, not both/);
  });

  test("two root fields outside the data: one warning each", async () => {
    const answer = await post(api.graphqlUrl, "{ coverage(year: 2030) { year } scorecard(year: 2010) { year } }");
    expect(answer.body.extensions?.warnings?.map((w) => [w.field, w.message])).toEqual([
      ["coverage", `2030 is outside the years the warehouse holds ${HOLDS}`],
      ["scorecard", `2010 is outside the years the warehouse holds ${HOLDS}`],
    ]);
  });
});

describe("the warehouse's years", () => {
  test("are read once per warehouse version, not per request", async () => {
    const api = await startApi();
    try {
      for (const year of [2010, 2022, 2023, 2024, 2030]) await post(api.graphqlUrl, `{ coverage(year: ${year}) { year } }`);
      await post(api.graphqlUrl, "{ coverage { year } }");
      const yearReads = api.tiny.statements.filter((s) => /select distinct "year" from "mart_unit_year"/i.test(s));
      expect(yearReads).toHaveLength(1);
    } finally {
      await api.close();
    }
  });

  test("an empty warehouse: every year is outside, and coverage without a year says there is none yet", async () => {
    const tiny = await openTinyWarehouse();
    await tiny.warehouse.connection.run("delete from mart_unit_year");
    const api = await startApi({ warehouse: tiny });
    try {
      const asked = await post(api.graphqlUrl, "{ coverage(year: 2024) { year } }");
      expect(asked.body.extensions?.warnings?.[0].message).toBe(
        "2024 is outside the years the warehouse holds (none: it is empty; run `etl ingest` and `etl build`)",
      );
      const latest = await post(api.graphqlUrl, "{ coverage { year } }");
      expect(latest.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/holds no year yet/), extensions: { code: "BAD_USER_INPUT" } });
    } finally {
      await api.close();
    }
  });
});

describe("a cached answer keeps its warnings", () => {
  let tiny: TinyWarehouse;
  let app: App;
  let url: string;
  const tmp = makeTempDir("uap-years-cache-");
  beforeAll(async () => {
    tiny = await openTinyWarehouse();
    const security = readSecurityConfig({
      DEMO_MODE: "1",
      DASHBOARD_ALLOWLIST: "off",
      RATE_LIMIT_PER_MINUTE: "1000000",
      API_KEYS: join(tmp.dir, "keys.json"),
      AUDIT_LOG: join(tmp.dir, "audit.jsonl"),
      LINK_DECISIONS: join(tmp.dir, "decisions.jsonl"),
    });
    // Served as read-only so its answers are cached (nothing writes it during the test).
    app = await createApp({
      warehouse: { db: tiny.warehouse.db, path: tiny.warehouse.path, readOnly: true },
      limits: readConfig({}),
      security,
      logger: { info: () => {}, error: () => {} },
    });
    url = `${await app.listen(0, "127.0.0.1")}graphql`;
  });
  afterAll(async () => {
    await app.stop();
    await tiny.close();
    tmp.remove();
  });

  test("the second answer comes from the cache, with no SQL, and says the same warning", async () => {
    const query = "{ coverage(year: 2010) { year total { units } } }";
    const first = await post(url, query);
    tiny.resetStatements();
    const second = await post(url, query);
    expect(first.cache).toBe("miss");
    expect(second.cache).toBe("hit");
    expect(tiny.statements).toEqual([]);
    expect(second.body).toEqual(first.body);
    expect(second.body.extensions?.warnings).toEqual([
      { code: "YEAR_OUTSIDE_DATA", message: `2010 is outside the years the warehouse holds ${HOLDS}`, field: "coverage" },
    ]);
  });
});
