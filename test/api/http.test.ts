import { auditServer } from "graphql-http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RunningApi, startApi } from "./fixtures/api-server.js";

let api: RunningApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

describe("GraphQL over HTTP", () => {
  test("passes every MUST audit of graphql-http's auditServer", async () => {
    const results = await auditServer({ url: api.graphqlUrl });
    const failedMusts = results.filter((r) => r.status === "error").map((r) => `${r.id} ${r.name}: ${"reason" in r ? r.reason : ""}`);
    expect(failedMusts).toEqual([]);
    expect(results.filter((r) => r.name.startsWith("MUST")).length).toBeGreaterThan(5);
  });

  test("GET queries work for clients that send the CSRF-prevention header; POST answers browsers' CORS preflight", async () => {
    const query = encodeURIComponent("{ coverage(year: 2024) { total { units } } }");
    const get = await fetch(`${api.graphqlUrl}?query=${query}`, { headers: { "apollo-require-preflight": "true" } });
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ data: { coverage: { total: { units: 24 } } }, extensions: { demoMode: true } }); // the test server runs in demo mode
    const blocked = await fetch(`${api.graphqlUrl}?query=${query}`);
    expect(blocked.status).toBe(400);

    const preflight = await fetch(api.graphqlUrl, {
      method: "OPTIONS",
      headers: { origin: "https://dashboard.example", "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-methods")).toMatch(/POST/);
  });

  test("malformed bodies, wrong charsets and unknown paths get clear 4xx answers", async () => {
    const badJson = await fetch(api.graphqlUrl, { method: "POST", headers: { "content-type": "application/json" }, body: "{ not json" });
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { errors: { message: string }[] }).errors[0].message).toMatch(/not valid JSON/);
    const charset = await fetch(api.graphqlUrl, { method: "POST", headers: { "content-type": "application/json; charset=latin1" }, body: "{}" });
    expect(charset.status).toBe(415);
    const elsewhere = await fetch(`${api.url}nothing-here`);
    expect(elsewhere.status).toBe(404);
    expect(await elsewhere.json()).toEqual({ error: expect.stringMatching(/\/graphql/) });
  });
});

test("GET /health: ok, the warehouse, and the last batch of each dataset", async () => {
  const response = await fetch(`${api.url}health`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/application\/json/);
  const body = (await response.json()) as { batches: { dataset: string }[] };
  expect(body).toMatchObject({ status: "ok", warehouse: ":memory:" });
  expect(body.batches.map((b) => b.dataset)).toEqual(["labour_workforce_reports", "si_contributions", "stats_enterprise_survey", "tax_enterprises"]);
  // two SI batches: the later one is reported
  expect(body.batches[1]).toEqual({
    dataset: "si_contributions",
    batchId: 4,
    fileName: "si_contributions.2024.csv",
    status: "LOADED",
    period: "2024-01-01..2024-12-01",
    rowsLoaded: 3,
    rowsRejected: 0,
    finishedAt: "2025-01-20T11:00:00.000Z",
  });
  expect((await fetch(`${api.url}health`, { method: "POST" })).status).toBe(405);
});
