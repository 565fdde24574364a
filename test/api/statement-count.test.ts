import { afterAll, beforeAll, expect, test } from "vitest";
import { EnterprisesNestedDocument, UncoveredUnitsPageDocument } from "../generated/graphql.js";
import { type RunningApi, startApi } from "./fixtures/api-server.js";

let api: RunningApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

/** Statements one request sends, and its result. */
async function measure<T>(request: () => Promise<T>): Promise<{ statements: number; result: T }> {
  api.tiny.resetStatements();
  const result = await request();
  return { statements: api.tiny.statements.length, result };
}

test("every nested list is batched: a page of 5 and a page of 50 send the same number of statements", async () => {
  const small = await measure(() => api.client.request(EnterprisesNestedDocument, { first: 5 }));
  const large = await measure(() => api.client.request(EnterprisesNestedDocument, { first: 50 }));
  expect(small.result.errors).toBeUndefined();
  expect(large.result.errors).toBeUndefined();
  expect(small.result.data!.enterprises.nodes).toHaveLength(5);
  expect(large.result.data!.enterprises.nodes).toHaveLength(30); // the whole tiny warehouse
  expect(large.statements).toBe(small.statements);
  // the page, then one per list: sources, workersHistory, unions (union and unions share it), agreements, siMonths, finance
  expect(small.statements).toBe(7);
});

test("the same for the target list with its evidence and totalCount", async () => {
  const small = await measure(() => api.client.request(UncoveredUnitsPageDocument, { first: 2 }));
  const large = await measure(() => api.client.request(UncoveredUnitsPageDocument, { first: 50 }));
  expect(large.result.data!.uncoveredUnits.nodes).toHaveLength(11);
  expect(large.statements).toBe(small.statements);
  expect(small.statements).toBe(3); // page, count, sources
});
