/**
 * Hostile documents (issue 14, point 1): fragment bombs, long and aliased documents are
 * refused in well under a second each, before any SQL, and the server keeps answering
 * others meanwhile. Every committed operation stays under the expanded-size limit.
 */
import { readdirSync, readFileSync } from "node:fs";
import { getIntrospectionQuery, Kind, type OperationDefinitionNode, parse } from "graphql/index.js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CONFIG_DEFAULTS } from "../../core/settings/server-config.js";
import { expandedSizeOf } from "../../server/limits/expanded-size.js";
import { type RunningApi, startApi } from "../api/fixtures/api-server.js";

const MAX_EXPANDED = Number(CONFIG_DEFAULTS.MAX_EXPANDED_FIELDS);

/**
 * What answering costs the server, which runs in this process: CPU time (user + system),
 * the bound that holds whatever else the machine is doing, and wall time, bounded
 * generously (a loaded CI machine may wait seconds for a core).
 */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; cpuMs: number; wallMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const { user, system } = process.cpuUsage(cpu);
  return { result, cpuMs: (user + system) / 1000, wallMs: performance.now() - started };
}
const times = (n: number, item: (i: number) => string) => Array.from({ length: n }, (_, i) => item(i)).join(" ");

/** `levels` levels of `width` fragments, each spreading every fragment of the next level: width^levels fields. */
const layeredBomb = (levels: number, width: number) =>
  `{ enterprises(first: 1) { nodes { ${times(width, (j) => `...F0_${j}`)} } } }\n` +
  times(levels * width, (n) => {
    const level = Math.floor(n / width);
    const spreads = level === levels - 1 ? "" : times(width, (j) => `...F${level + 1}_${j}`);
    return `fragment F${level}_${n % width} on Enterprise { taxCode ${spreads} }`;
  });

/** One fragment per level, spreading the next `spreads` times: spreads^levels fields from a few hundred bytes. */
const chainBomb = (levels: number, spreads: number) =>
  `{ enterprises(first: 1) { nodes { ...F0 } } }\n` +
  times(levels, (l) => `fragment F${l} on Enterprise { name ${l === levels - 1 ? "" : times(spreads, () => `...F${l + 1}`)} }`);

/** One wide fragment spread in many inline fragments. */
const wideSpread = (fields: number, spreads: number) =>
  `{ enterprises(first: 1) { nodes { ${times(spreads, () => "... on Enterprise { ...W }")} } } } fragment W on Enterprise { ${times(fields, () => "taxCode")} }`;

/** A long document: the same field thousands of times, no fragments. */
const longDocument = (fields: number) => `{ enterprises(first: 1) { nodes { ${times(fields, () => "taxCode")} } } }`;

/** Thousands of aliases. */
const aliases = (count: number) => `{ enterprises(first: 1) { nodes { ${times(count, (i) => `a${i}: taxCode`)} } } }`;

const BOMBS: readonly (readonly [string, string])[] = [
  ...[4, 5, 6].map((levels) => [`layered ${levels} levels × 10`, layeredBomb(levels, 10)] as const),
  ...[5, 8, 30].map((levels) => [`chain ${levels} levels × 10 spreads`, chainBomb(levels, 10)] as const),
  ["chain 60 levels × 2 spreads", chainBomb(60, 2)],
  ["wide fragment 400 fields × 20 spreads", wideSpread(400, 20)],
  ["long document 3,000 fields", longDocument(3000)],
  ["2,500 aliases", aliases(2500)],
];

let api: RunningApi;
beforeAll(async () => {
  api = await startApi();
  await api.client.requestText(`{ enterprises(first: 1) { nodes { taxCode } } }`); // the first request compiles the pipeline
});
afterAll(() => api.close());

describe("fragment bombs and oversized documents", () => {
  test.each(BOMBS)("%s: refused in < 1 s, before any SQL, naming its size and the limit", async (_name, query) => {
    api.tiny.resetStatements();
    const { result: response, cpuMs, wallMs } = await measured(() => api.client.requestText(query));
    expect(response.status).toBe(400);
    const error = response.errors?.find((e) => e.extensions?.reason === "QUERY_TOO_LARGE");
    expect(error).toMatchObject({ extensions: { code: "GRAPHQL_VALIDATION_FAILED", reason: "QUERY_TOO_LARGE", limit: MAX_EXPANDED } });
    expect(error?.extensions?.size).toBeGreaterThan(MAX_EXPANDED);
    expect(error?.message).toMatch(new RegExp(`maximum is ${MAX_EXPANDED}`));
    expect(cpuMs).toBeLessThan(1000);
    expect(wallMs).toBeLessThan(5000);
    expect(api.tiny.statements).toHaveLength(0);
  });

  test("the expanded size saturates: a 10^30-field bomb is counted up to the ceiling, not computed", () => {
    const document = parse(chainBomb(30, 10));
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    expect(expandedSizeOf(document, operation, 2001)).toBe(2001);
    expect(expandedSizeOf(parse(chainBomb(3, 10)), parse(chainBomb(3, 10)).definitions[0] as OperationDefinitionNode, 1e9)).toBe(
      2 + 1 + 10 * (1 + 10 * 1), // enterprises, nodes; F0's name; 10 × F1 (name + 10 × F2's name)
    );
  });

  // graphql-js's own rules stay bounded on these shapes: OverlappingFieldsCanBeMerged, the one that is quadratic in
  // same-named fields, meters its comparisons (500,000, then "Validation aborted."); the others are linear.
  test("documents just under the limit (standard validation on the same shapes) are answered in < 1 s", async () => {
    for (const query of [layeredBomb(3, 10), chainBomb(4, 10), wideSpread(90, 20), longDocument(600)]) {
      const { result: response, cpuMs, wallMs } = await measured(() => api.client.requestText(query));
      expect(response.errors).toBeUndefined();
      expect(cpuMs).toBeLessThan(1000);
      expect(wallMs).toBeLessThan(5000);
    }
  });

  test("/health and other requests are answered while bombs are being refused", async () => {
    // Before the limit, one of these bombs held the event loop for tens of seconds.
    const { result, cpuMs, wallMs } = await measured(async () => {
      const bombs = [layeredBomb(6, 10), chainBomb(30, 10), wideSpread(400, 20)].map((query) => api.client.requestText(query));
      const others = await Promise.all([fetch(`${api.url}health`), api.client.requestText(`{ enterprises(first: 2) { nodes { taxCode } } }`)]);
      return { others, refused: await Promise.all(bombs) };
    });
    const [health, other] = result.others;
    expect(health.status).toBe(200);
    expect(other.data).toMatchObject({ enterprises: { nodes: [{ taxCode: expect.any(String) }, { taxCode: expect.any(String) }] } });
    expect(result.refused.map((r) => r.status)).toEqual([400, 400, 400]);
    expect(cpuMs).toBeLessThan(1000);
    expect(wallMs).toBeLessThan(5000);
  });
});

describe("every committed operation passes the expanded-size limit", () => {
  const folders = ["examples", "examples/dashboard", "examples/tests"];
  const documents = folders.flatMap((folder) =>
    readdirSync(folder)
      .filter((f) => f.endsWith(".graphql"))
      .map((f) => [`${folder}/${f}`, readFileSync(`${folder}/${f}`, "utf8")] as const),
  );

  test.each([...documents, ["the introspection query", getIntrospectionQuery()] as const])("%s", (_file, text) => {
    const document = parse(text);
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    expect(operations.length).toBeGreaterThan(0);
    for (const operation of operations) expect(expandedSizeOf(document, operation, MAX_EXPANDED + 1)).toBeLessThanOrEqual(MAX_EXPANDED / 4);
  });
});
