import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { QueryScope } from "../../core/warehouse/kysely/duckdb-driver.js";
import { EnterprisesPageDocument } from "../generated/graphql.js";
import { type RunningApi, startApi } from "./fixtures/api-server.js";
import { openEndlessWarehouse } from "./fixtures/tiny-warehouse.js";

const HEAVY = `query Heavy($first: Int!) {
  enterprises(first: $first) { nodes { taxCode siMonths { month insuredWorkers salaryFund unionFeeDue } finance { periodStart feePaid duesPaid } sources { dataset workers period } } }
}`;

describe("depth and complexity limits: refused before any SQL runs", () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi({ limits: { maxDepth: 4, maxComplexity: 50_000 } });
  });
  afterAll(() => api.close());

  test("too deep: GRAPHQL_VALIDATION_FAILED naming the limit, no statement", async () => {
    api.tiny.resetStatements();
    const response = await api.client.requestText(`{ enterprises { edges { node { sources { workers } } } } }`);
    expect(response.status).toBe(400);
    expect(response.errors?.[0]).toMatchObject({ extensions: { code: "GRAPHQL_VALIDATION_FAILED", reason: "QUERY_TOO_DEEP", depth: 5, limit: 4 } });
    expect(response.errors?.[0].message).toMatch(/maximum of 4/);
    expect(api.tiny.statements).toHaveLength(0);
  });

  test("fragments count where they are spread; introspection does not count", async () => {
    const viaFragment = await api.client.requestText(`{ enterprises { ...E } } fragment E on EnterpriseConnection { edges { node { sources { workers } } } }`);
    expect(viaFragment.errors?.[0].extensions?.reason).toBe("QUERY_TOO_DEEP");
    const introspection = await api.client.requestText(`{ __schema { types { name fields { name type { name ofType { name ofType { name } } } } } } }`);
    expect(introspection.errors).toBeUndefined();
    const shallowEnough = await api.client.requestText(`{ enterprises(first: 1) { nodes { sources { workers } } } }`);
    expect(shallowEnough.errors).toBeUndefined();
  });

  test("too costly: QUERY_TOO_COMPLEX with the cost and the limit, no statement; pages cost by `first` (from variables too)", async () => {
    api.tiny.resetStatements();
    const response = await api.client.requestText(HEAVY, { first: 500 });
    expect(response.status).toBe(400);
    expect(response.errors?.[0]).toMatchObject({ extensions: { code: "QUERY_TOO_COMPLEX", limit: 50_000 } });
    expect(response.errors?.[0].extensions?.cost).toBeGreaterThan(50_000);
    expect(api.tiny.statements).toHaveLength(0);

    const cheaper = await api.client.requestText(HEAVY, { first: 10 });
    expect(cheaper.errors).toBeUndefined();
    expect(api.tiny.statements.length).toBeGreaterThan(0);
  });

  test("a page over 500 gets the page-size error, which names that limit, rather than a complexity error", async () => {
    const response = await api.client.request(EnterprisesPageDocument, { first: 100_000 });
    expect(response.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", limit: 500 } });
  });
});

describe("time limit", () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi({ warehouse: await openEndlessWarehouse(), limits: { queryTimeoutMs: 300 } });
  });
  afterAll(() => api.close());

  test("a query running past the limit is interrupted in DuckDB and answered with one QUERY_TIMEOUT", async () => {
    const started = Date.now();
    // Here the endless mart stops the grid's cardinality read (its cost estimate): the limit covers the whole request.
    const response = await api.client.requestText(`{ coverage(year: 2024, groupBy: [DISTRICT]) { total { units } } }`);
    const elapsed = Date.now() - started;
    expect(response.errors).toHaveLength(1);
    expect(response.errors?.[0]).toMatchObject({ extensions: { code: "QUERY_TIMEOUT", limitMs: 300 } });
    expect(api.errorLog).toEqual([]);
    const ungrouped = await api.client.requestText(`{ coverage(year: 2024) { total { units } } }`); // no grid to price: stopped in execution
    expect(ungrouped.errors).toHaveLength(1);
    expect(ungrouped.errors?.[0]).toMatchObject({ path: ["coverage"], extensions: { code: "QUERY_TIMEOUT", limitMs: 300 } });
    expect(elapsed).toBeLessThan(10_000); // the aggregate alone would run for minutes
  });

  test("nested lists of a page fail once, and the server keeps serving", async () => {
    const response = await api.client.requestText(`{ enterprises(first: 3) { nodes { taxCode sources { dataset } } } }`);
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(["QUERY_TIMEOUT"]);
    const health = await fetch(`${api.url}health`);
    expect(health.status).toBe(200);
  });
});

/** Cardinalities of the tiny warehouse's dimensions (Quảng Trị's lists): districts, communes, sectors, ownerships, size bands. */
const CARD = { DISTRICT: 10, COMMUNE: 119, SECTOR: 21, OWNERSHIP: 3, SIZE_BAND: 6 } as const;

describe("grouped grids are priced by their predicted rows and capped, before any SQL", () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi({ limits: { maxComplexity: 50_000 } });
    // The first grouped question of a warehouse version reads its dimensions' cardinalities (one statement, then cached).
    const warm = await api.client.requestText(`{ coverage(year: 2024, groupBy: [DISTRICT]) { total { units } } }`);
    expect(warm.errors).toBeUndefined();
  });
  afterAll(() => api.close());

  const cases = [
    {
      name: "coverage over five gap-filled dimensions",
      query: `{ coverage(year: 2024, groupBy: [DISTRICT, COMMUNE, SECTOR, OWNERSHIP, SIZE_BAND]) { rows { keys { code } units } } }`,
      rows: CARD.DISTRICT * CARD.COMMUNE * CARD.SECTOR * CARD.OWNERSHIP * CARD.SIZE_BAND + 1,
      hint: /fewer or coarser dimensions/,
    },
    {
      name: "financeCollection: 36 months × communes × sectors",
      query: `{ financeCollection(from: "2022-01-01", to: "2024-12-31", granularity: MONTH, groupBy: [COMMUNE, SECTOR]) { rows { due } } }`,
      rows: 36 * (CARD.COMMUNE * CARD.SECTOR + 1),
      hint: /shorter range or a coarser granularity/,
    },
    {
      name: "membershipGrowth: 25 years × communes × sectors × ownerships",
      query: `{ membershipGrowth(fromYear: 2000, toYear: 2024, groupBy: [COMMUNE, SECTOR, OWNERSHIP]) { rows { members } } }`,
      rows: 25 * (CARD.COMMUNE * CARD.SECTOR * CARD.OWNERSHIP + 1),
      hint: /fewer years/,
    },
  ];

  test.each(cases)("$name: BAD_USER_INPUT naming the cap, the predicted rows and how to narrow, no statement", async ({ query, rows, hint }) => {
    api.tiny.resetStatements();
    const started = performance.now();
    const response = await api.client.requestText(query);
    expect(performance.now() - started).toBeLessThan(5000); // milliseconds on an idle machine; generous for a loaded CI
    expect(response.status).toBe(400);
    expect(response.errors).toHaveLength(1);
    expect(response.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", reason: "TOO_MANY_ROWS", predictedRows: rows, limit: 50_000 } });
    expect(response.errors?.[0].message).toContain(rows.toLocaleString("en-US"));
    expect(response.errors?.[0].message).toContain("maximum of 50,000 rows");
    expect(response.errors?.[0].message).toMatch(hint);
    expect(api.tiny.statements).toHaveLength(0);
  });

  test("a grid under the row cap costs its rows: 15,000 rows × 4 fields passes the cap but not MAX_COMPLEXITY", async () => {
    api.tiny.resetStatements();
    const rows = CARD.COMMUNE * CARD.SECTOR * CARD.SIZE_BAND + 1;
    const response = await api.client.requestText(`{ coverage(year: 2024, groupBy: [COMMUNE, SECTOR, SIZE_BAND]) { rows { keys { code } units } } }`);
    expect(response.errors?.[0]).toMatchObject({ extensions: { code: "QUERY_TOO_COMPLEX", cost: 1 + rows * 4, limit: 50_000 } });
    expect(api.tiny.statements).toHaveLength(0);
  });

  test("a small grid is answered whole", async () => {
    const response = await api.client.requestText<{ coverage: { rows: unknown[] } }>(
      `{ coverage(year: 2024, groupBy: [DISTRICT, SECTOR]) { rows { keys { code } units } } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.coverage.rows.length).toBe(CARD.DISTRICT * CARD.SECTOR);
  });

  test("a bad range met while pricing a grid is BAD_USER_INPUT with HTTP 400, as the resolver would say it, not 500", async () => {
    api.tiny.resetStatements();
    const years = await api.client.requestText(`{ membershipGrowth(fromYear: 2024, toYear: 2020, groupBy: [DISTRICT]) { rows { members } } }`);
    expect(years.status).toBe(400);
    expect(years.errors).toEqual([
      expect.objectContaining({ message: "fromYear 2024 is after toYear 2020", extensions: { code: "BAD_USER_INPUT", argument: "fromYear" } }),
    ]);
    const months = await api.client.requestText(
      `{ financeCollection(from: "2024-01-01", to: "2023-01-01", granularity: MONTH, groupBy: [DISTRICT]) { rows { due } } }`,
    );
    expect(months.status).toBe(400);
    expect(months.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(api.tiny.statements).toHaveLength(0);
  });
});

describe("the cost limit fails closed: an error while estimating refuses the operation", () => {
  let api: RunningApi;
  beforeAll(async () => {
    // A large expanded-size limit, so the estimator itself meets the fan-out.
    api = await startApi({ limits: { maxExpandedFields: 100_000 } });
  });
  afterAll(() => api.close());

  test("a directive whose argument is null only at run time (the estimator throws): QUERY_TOO_COMPLEX, no statement", async () => {
    api.tiny.resetStatements();
    const response = await api.client.requestText(`query ($v: Boolean = true) { enterprises(first: 500) { nodes { taxCode @include(if: $v) name } } }`, {
      v: null,
    });
    expect(response.status).toBe(400);
    expect(response.errors?.[0]).toMatchObject({ extensions: { code: "QUERY_TOO_COMPLEX", reason: "COST_NOT_ESTIMATED" } });
    expect(response.errors?.[0].message).toMatch(/could not be estimated \(Argument "if" of non-null type "Boolean!" must not be null/);
    expect(api.tiny.statements).toHaveLength(0);
  });

  test.each([
    [3, 110],
    [4, 12],
  ])("a fan-out of fragments past the estimator's node budget (%i levels, %i fields): QUERY_TOO_COMPLEX, no statement", async (levels, fields) => {
    const spreads = (l: number) => (l === levels - 1 ? "taxCode ".repeat(fields) : Array.from({ length: 10 }, () => `...F${l + 1}`).join(" "));
    const fragments = Array.from({ length: levels }, (_, l) => `fragment F${l} on Enterprise { ${spreads(l)} }`).join("\n");
    api.tiny.resetStatements();
    const response = await api.client.requestText(`{ enterprises(first: 500) { nodes { ...F0 } } }\n${fragments}`);
    expect(response.errors?.[0]).toMatchObject({ extensions: { code: "QUERY_TOO_COMPLEX", reason: "COST_NOT_ESTIMATED" } });
    expect(api.tiny.statements).toHaveLength(0);
  });

  test("variables that do not coerce still answer BAD_USER_INPUT", async () => {
    const response = await api.client.requestText(`query ($first: Int!) { enterprises(first: $first) { nodes { taxCode } } }`, { first: "many" });
    expect(response.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("the bytes of an answer are bounded", () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi({ limits: { maxResponseBytes: 1500 } });
  });
  afterAll(() => api.close());

  const post = async (query: string) => {
    const response = await fetch(api.graphqlUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
    return { status: response.status, text: await response.text() };
  };

  test("an answer over MAX_RESPONSE_BYTES is refused, not sent, naming its size and the bound", async () => {
    const answer = await post(`{ enterprises(first: 30) { nodes { taxCode name } } }`);
    expect(answer.status).toBe(400);
    expect(answer.text.length).toBeLessThan(1000);
    const body = JSON.parse(answer.text);
    expect(body.data).toBeUndefined();
    expect(body.errors[0]).toMatchObject({ extensions: { code: "QUERY_TOO_COMPLEX", reason: "ANSWER_TOO_LARGE", limit: 1500 } });
    expect(body.errors[0].extensions.bytes).toBeGreaterThan(1500);
    expect(body.errors[0].message).toMatch(/more than the maximum of 1,500 bytes/);
  });

  test("a smaller answer is sent", async () => {
    const answer = await post(`{ enterprises(first: 2) { nodes { taxCode } } }`);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).data.enterprises.nodes).toHaveLength(2);
  });
});

describe("the time limit covers the whole request, not only DuckDB", () => {
  test("parse and validation count: a request whose validation outlasts the limit is answered QUERY_TIMEOUT, no statement", async () => {
    const api = await startApi({ limits: { queryTimeoutMs: 5 } });
    try {
      api.tiny.resetStatements();
      // 400 same-named fields with sub-selections: OverlappingFieldsCanBeMerged compares every pair (well over 5 ms).
      const response = await api.client.requestText(`{ enterprises(first: 1) { nodes { ${"sector { code } ".repeat(400)} } } }`);
      expect(response.errors).toEqual([expect.objectContaining({ extensions: { code: "QUERY_TIMEOUT", limitMs: 5 } })]);
      expect(api.tiny.statements).toHaveLength(0);
    } finally {
      await api.close();
    }
  });

  test("waiting for a warehouse connection counts: answered QUERY_TIMEOUT at the limit while every connection is busy", async () => {
    const api = await startApi({ warehouse: await openEndlessWarehouse(), limits: { queryTimeoutMs: 300 } });
    const holder = new QueryScope(); // statements outside the server hold the pool's 3 connections
    const held = Array.from({ length: 3 }, () =>
      holder.run(() => sql`select count(*) from mart_unit_year`.execute(api.tiny.warehouse.db)).catch(() => "stopped"),
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = performance.now();
      const response = await api.client.requestText(`{ enterprises(first: 1) { nodes { taxCode } } }`);
      const elapsed = performance.now() - started;
      expect(response.errors).toEqual([expect.objectContaining({ extensions: { code: "QUERY_TIMEOUT", limitMs: 300 } })]);
      expect(elapsed).toBeLessThan(5000); // the limit and its half-second grace, with room for a loaded machine
    } finally {
      holder.interrupt();
      expect(await Promise.all(held)).toEqual(["stopped", "stopped", "stopped"]);
      await api.close();
    }
  });
});
