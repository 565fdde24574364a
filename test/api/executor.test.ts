import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RunningApi, startApi } from "./fixtures/api-server.js";

/**
 * graphql-jit (the API's executor, server/execution/jit-executor.ts) answers exactly what
 * graphql-js answers: the same HTTP status and the same body, byte for byte, for every
 * example operation analysts copy (examples/*.graphql, with their default variables), for
 * large grids with literal filters (which graphql-jit compiles), and for each kind of
 * error: a resolver's BAD_USER_INPUT, a variable that does not coerce, an unknown
 * operation name, partial answers, introspection and __typename.
 */
let jit: RunningApi;
let js: RunningApi;
beforeAll(async () => {
  [jit, js] = await Promise.all([startApi(), startApi({ executor: "graphql-js" })]);
}, 120_000);
afterAll(async () => {
  await Promise.all([jit?.close(), js?.close()]);
});

async function both(body: Record<string, unknown>): Promise<[{ status: number; text: string }, { status: number; text: string }]> {
  const post = async (api: RunningApi) => {
    const response = await fetch(api.graphqlUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return { status: response.status, text: await response.text() };
  };
  return [await post(jit), await post(js)];
}

const examples = readdirSync(new URL("../../examples/", import.meta.url)).filter((f) => f.endsWith(".graphql"));

describe("graphql-jit answers as graphql-js does", () => {
  test.each(examples)("examples/%s", async (file) => {
    const query = readFileSync(new URL(`../../examples/${file}`, import.meta.url), "utf8");
    const [a, b] = await both({ query });
    expect(a.status).toBe(b.status);
    expect(a.text).toBe(b.text);
  });

  test.each([
    [
      "a grid of two closed dimensions",
      `{ coverage(year: 2024, groupBy: [COMMUNE, SECTOR]) { rows { keys { dimension code name } units coverageRate members density } total { units agreementRate } } }`,
    ],
    [
      "a literal filter with AND, OR and NOT",
      `{ coverage(year: 2024, groupBy: [DISTRICT], filter: { AND: [{ OR: [{ hasUnion: true }, { sectorIn: ["C"] }] }, { NOT: { ownershipIn: [FDI] } }] }) { rows { keys { code } units } total { units } } }`,
    ],
    [
      "analytics with having, order and a page",
      `{ analytics(year: 2024, groupBy: [DISTRICT, SECTOR], having: [{ measure: UNITS, gt: 0 }], orderBy: [{ measure: COVERAGE_RATE, direction: DESC }], first: 7) { rows { keys { code name } period units coverageRate feeDue newMembers } total { units feeDue } totalCount pageInfo { hasNextPage endCursor } source } }`,
    ],
    ["a resolver's BAD_USER_INPUT", `{ analytics(year: 2024, groupBy: [YEAR]) { rows { units } } }`],
    ["an error in one field, the others answered", `{ a: coverage(year: 2024) { total { units } } b: analytics(year: 2024, first: 501) { rows { units } } }`],
    ["__typename and aliases", `{ c: coverage(year: 2024, groupBy: [SIZE_BAND]) { __typename rows { __typename k: keys { code } n: units } } }`],
    ["introspection", `{ __type(name: "AnalyticsRow") { name fields { name } } }`],
  ])("%s", async (_name, query) => {
    const [a, b] = await both({ query });
    expect(a.status).toBe(b.status);
    expect(a.text).toBe(b.text);
  });

  test("graphql-jit executes the grids and literal filters; graphql-js an input-object variable and introspection", async () => {
    const stats = jit.app.executorStats!;
    expect(js.app.executorStats).toBeNull();
    const count = async (body: Record<string, unknown>) => {
      const before = { ...stats };
      await both(body);
      return { jit: stats.jit - before.jit, graphqlJs: stats.graphqlJs - before.graphqlJs };
    };
    expect(await count({ query: "{ coverage(year: 2024, groupBy: [DISTRICT], filter: { NOT: { hasUnion: true } }) { rows { units } } }" })).toEqual({
      jit: 1,
      graphqlJs: 0,
    });
    expect(
      await count({ query: "query($f: EnterpriseFilterInput) { coverage(year: 2024, filter: $f) { total { units } } }", variables: { f: { active: true } } }),
    ).toEqual({
      jit: 0,
      graphqlJs: 1,
    });
    expect(await count({ query: "query($y: Int) { coverage(year: $y) { total { units } } }", variables: { y: "x" } })).toEqual({ jit: 0, graphqlJs: 1 });
  });

  test.each([
    ["a variable that does not coerce", { query: "query($y: Int) { coverage(year: $y) { total { units } } }", variables: { y: "twenty" } }],
    ["a required variable missing", { query: "query($y: Int!) { coverage(year: $y) { total { units } } }" }],
    ["a required variable with its default", { query: "query($y: Int! = 2024, $m: Int! = 20) { coverage(year: $y, minWorkers: $m) { total { units } } }" }],
    [
      "an enum variable",
      { query: "query($g: [Dimension!]!) { coverage(year: 2024, groupBy: $g) { rows { keys { code } units } } }", variables: { g: ["OWNERSHIP"] } },
    ],
    [
      "an input-object variable",
      { query: "query($f: EnterpriseFilterInput) { coverage(year: 2024, filter: $f) { total { units } } }", variables: { f: { hasUnion: true } } },
    ],
    ["an unknown operation name", { query: "query A { coverage(year: 2024) { total { units } } }", operationName: "B" }],
  ])("%s", async (_name, body) => {
    const [a, b] = await both(body);
    expect(a.status).toBe(b.status);
    expect(a.text).toBe(b.text);
  });
});
