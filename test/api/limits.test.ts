import { afterAll, beforeAll, describe, expect, test } from "vitest";
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
    const response = await api.client.requestText(`{ coverage(year: 2024, groupBy: [DISTRICT]) { total { units } } }`);
    const elapsed = Date.now() - started;
    expect(response.errors).toHaveLength(1);
    expect(response.errors?.[0]).toMatchObject({ path: ["coverage"], extensions: { code: "QUERY_TIMEOUT", limitMs: 300 } });
    expect(elapsed).toBeLessThan(10_000); // the aggregate alone would run for minutes
  });

  test("nested lists of a page fail once, and the server keeps serving", async () => {
    const response = await api.client.requestText(`{ enterprises(first: 3) { nodes { taxCode sources { dataset } } } }`);
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(["QUERY_TIMEOUT"]);
    const health = await fetch(`${api.url}health`);
    expect(health.status).toBe(200);
  });
});
