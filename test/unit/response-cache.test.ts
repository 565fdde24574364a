/**
 * The whole-response cache (server/response-cache.ts) on its own: which requests it takes,
 * what its key holds, identical requests in flight, what it keeps, its byte count (hand
 * computed: the UTF-8 body + 256 + twice the header text) and least-recently-used eviction,
 * and a new warehouse version. test/api/response-cache.test.ts checks it over HTTP. Written
 * to kill the mutants `npm run mutate` found alive in the module.
 */
import { HeaderMap, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from "@apollo/server";
import { describe, expect, test } from "vitest";
import type { DataScope, Role } from "../../core/access/principal.js";
import { RequestAccess } from "../../queries/access/request-access.js";
import { CACHE_HEADER, type CacheTicket, ResponseCache, responseOf, UNCACHEABLE_ROOT_FIELDS } from "../../server/response-cache.js";

const access = (role: Role = "ANALYST", scope: DataScope = { kind: "PROVINCE" }, k = 3, demo = false, keyId = "k1") =>
  new RequestAccess({ keyId, name: null, role, scope, demo }, k);

const request = (body: unknown, options: { method?: string; accept?: string } = {}): HTTPGraphQLRequest => ({
  method: options.method ?? "POST",
  headers: new HeaderMap([["content-type", "application/json"], ...(options.accept ? ([["accept", options.accept]] as [string, string][]) : [])]),
  search: "",
  body,
});

const QUERY = { query: "{ n }" };
/** 16 bytes of body + 256 + 2 × (12 + 16) of its one header = 328 bytes in the cache. */
const answer = (body = '{"data":{"n":1}}', status: number | undefined = 200, extraHeaders: [string, string][] = []): HTTPGraphQLResponse => ({
  status,
  headers: new HeaderMap([["content-type", "application/json"], ...extraHeaders]),
  body: { kind: "complete", string: body },
});
const ENTRY_BYTES = 328;

function ticketOf(result: ReturnType<ResponseCache["lookup"]>): CacheTicket {
  if (!result || !("ticket" in result)) throw new Error(`expected a ticket, got ${JSON.stringify(result && Object.keys(result))}`);
  return result.ticket;
}
const kindOf = (result: ReturnType<ResponseCache["lookup"]>) => (result ? Object.keys(result)[0] : "none");

/** Stores `answer()` for a request, so the next identical lookup is a hit. */
function fill(cache: ResponseCache, req: HTTPGraphQLRequest, a = access(), generation = "v1", response = answer()): void {
  cache.store(ticketOf(cache.lookup(req, a, generation)), response);
}

describe("which requests the cache takes", () => {
  test("only POSTs of one operation with a JSON object body, with a query text or extensions (a persisted query's hash)", () => {
    const cache = new ResponseCache(10_000);
    expect(cache.lookup(request(QUERY, { method: "GET" }), access(), "v1")).toBeUndefined();
    expect(cache.lookup(request(null), access(), "v1")).toBeUndefined();
    expect(cache.lookup(request([QUERY, QUERY]), access(), "v1")).toBeUndefined();
    expect(cache.lookup(request("{ n }"), access(), "v1")).toBeUndefined();
    expect(cache.lookup(request({ query: 42 }), access(), "v1")).toBeUndefined();
    expect(cache.lookup(request({ variables: {} }), access(), "v1")).toBeUndefined();
    expect(kindOf(cache.lookup(request({ extensions: { persistedQuery: { version: 1, sha256Hash: "ab" } } }), access(), "v1"))).toBe("ticket");
    expect(kindOf(cache.lookup(request(QUERY), access(), "v1"))).toBe("ticket");
    expect(cache.stats.misses).toBe(2);
  });

  test("off when its size is 0 or it is disabled", () => {
    expect(new ResponseCache(0).lookup(request(QUERY), access(), "v1")).toBeUndefined();
    const cache = new ResponseCache(10_000);
    cache.enabled = false;
    expect(cache.lookup(request(QUERY), access(), "v1")).toBeUndefined();
  });

  test("viewer, auditLog and linkDecisions are never cached (the caller decides, by these names)", () => {
    expect([...UNCACHEABLE_ROOT_FIELDS].sort()).toEqual(["auditLog", "linkDecisions", "viewer"]);
    expect(CACHE_HEADER).toBe("x-response-cache");
  });
});

describe("the key", () => {
  test("a stored answer is a hit for the same request, with the same bytes and status, marked hit", () => {
    const cache = new ResponseCache(10_000);
    fill(cache, request(QUERY));
    const hit = cache.lookup(request(QUERY), access(), "v1");
    if (!hit || !("hit" in hit)) throw new Error("expected a hit");
    expect(hit.hit.status).toBe(200);
    expect(hit.hit.headers.get("content-type")).toBe("application/json");
    expect(hit.hit.headers.get(CACHE_HEADER)).toBe("hit");
    expect(hit.hit.body).toMatchObject({ kind: "complete", string: '{"data":{"n":1}}' });
    expect(hit.hit.encoded?.toString("utf8")).toBe('{"data":{"n":1}}');
    expect(cache.stats).toEqual({ entries: 1, bytes: ENTRY_BYTES, maxBytes: 10_000, hits: 1, misses: 1, generation: "v1" });
  });

  test("another key with the same role, scope, threshold and demo flag gets the answer; any other part of the key misses", () => {
    const cache = new ResponseCache(100_000);
    fill(cache, request({ ...QUERY, operationName: null, variables: { y: 1 } }));
    const same = request({ ...QUERY, operationName: null, variables: { y: 1 } });
    expect(kindOf(cache.lookup(same, access("ANALYST", { kind: "PROVINCE" }, 3, false, "another key"), "v1"))).toBe("hit");
    const misses: [string, HTTPGraphQLRequest, RequestAccess][] = [
      ["role", same, access("ADMIN")],
      ["scope", same, access("ANALYST", { kind: "DISTRICTS", codes: ["464"] })],
      ["suppression threshold", same, access("ANALYST", { kind: "PROVINCE" }, 5)],
      ["demo mode", same, access("ANALYST", { kind: "PROVINCE" }, 3, true)],
      ["Accept header", request({ ...QUERY, variables: { y: 1 } }, { accept: "application/graphql-response+json" }), access()],
      ["operation name", request({ ...QUERY, operationName: "N", variables: { y: 1 } }), access()],
      ["query text", request({ query: "{ n }\n", variables: { y: 1 } }), access()],
      ["variables", request({ ...QUERY, variables: { y: 2 } }), access()],
      ["extensions", request({ ...QUERY, variables: { y: 1 }, extensions: { e: 1 } }), access()],
    ];
    for (const [part, req, a] of misses) {
      const result = cache.lookup(req, a, "v1");
      expect(kindOf(result), part).toBe("ticket");
      cache.abandon(ticketOf(result));
    }
    expect(cache.stats).toMatchObject({ hits: 1, misses: 1 + misses.length });
  });

  test("two Accept headers that differ miss each other; an empty Accept header is no Accept header (Apollo answers application/json to both)", () => {
    const cache = new ResponseCache(100_000);
    fill(cache, request(QUERY, { accept: "application/json" }));
    expect(kindOf(cache.lookup(request(QUERY, { accept: "application/json" }), access(), "v1"))).toBe("hit");
    const other = cache.lookup(request(QUERY, { accept: "application/graphql-response+json" }), access(), "v1");
    expect(kindOf(other)).toBe("ticket");
    cache.abandon(ticketOf(other));
    const none = new ResponseCache(100_000);
    fill(none, request(QUERY));
    const empty = request(QUERY);
    empty.headers.set("accept", "");
    expect(kindOf(none.lookup(empty, access(), "v1"))).toBe("hit");
  });
});

describe("identical requests in flight", () => {
  test("wait for the one being answered, and get its answer", async () => {
    const cache = new ResponseCache(10_000);
    const ticket = ticketOf(cache.lookup(request(QUERY), access(), "v1"));
    const waiting = cache.lookup(request(QUERY), access(), "v1");
    if (!waiting || !("wait" in waiting)) throw new Error("expected to wait");
    cache.store(ticket, answer());
    const entry = await waiting.wait;
    expect(entry?.body.toString("utf8")).toBe('{"data":{"n":1}}');
    expect(entry?.bytes).toBe(ENTRY_BYTES);
    expect(cache.stats.misses).toBe(1);
  });

  test("a ticket settled a second time does not release the request now in flight for its key", async () => {
    const cache = new ResponseCache(10_000);
    const first = ticketOf(cache.lookup(request(QUERY), access(), "v1"));
    cache.abandon(first);
    const second = ticketOf(cache.lookup(request(QUERY), access(), "v1"));
    cache.abandon(first);
    const waiting = cache.lookup(request(QUERY), access(), "v1");
    expect(kindOf(waiting)).toBe("wait");
    cache.store(second, answer());
    expect((await (waiting as { wait: Promise<{ bytes: number } | undefined> }).wait)?.bytes).toBe(ENTRY_BYTES);
    expect(cache.stats).toMatchObject({ entries: 1, misses: 2 });
  });

  test("an abandoned answer: those waiting get nothing, and the next request computes it again", async () => {
    const cache = new ResponseCache(10_000);
    const ticket = ticketOf(cache.lookup(request(QUERY), access(), "v1"));
    const waiting = cache.lookup(request(QUERY), access(), "v1") as { wait: Promise<unknown> };
    cache.abandon(ticket);
    expect(await waiting.wait).toBeUndefined();
    expect(kindOf(cache.lookup(request(QUERY), access(), "v1"))).toBe("ticket");
    expect(cache.stats).toMatchObject({ entries: 0, misses: 2 });
  });
});

describe("what is kept", () => {
  test("an answer with another status than 200, or not complete, is not kept (and those waiting get nothing)", async () => {
    const cache = new ResponseCache(10_000);
    const ticket = ticketOf(cache.lookup(request(QUERY), access(), "v1"));
    const waiting = cache.lookup(request(QUERY), access(), "v1") as { wait: Promise<unknown> };
    cache.store(ticket, answer('{"errors":[]}', 400));
    expect(await waiting.wait).toBeUndefined();
    expect(cache.stats.entries).toBe(0);
    const chunked: HTTPGraphQLResponse = { status: 200, headers: new HeaderMap(), body: { kind: "chunked", asyncIterator: (async function* () {})() } };
    cache.store(ticketOf(cache.lookup(request(QUERY), access(), "v1")), chunked);
    expect(cache.stats.entries).toBe(0);
    // no status means 200
    cache.store(ticketOf(cache.lookup(request(QUERY), access(), "v1")), answer(undefined, undefined));
    expect(cache.stats).toMatchObject({ entries: 1, bytes: ENTRY_BYTES });
  });

  test("the cache header of the answer that was made is not stored: a hit says hit", () => {
    const cache = new ResponseCache(10_000);
    fill(cache, request(QUERY), access(), "v1", answer(undefined, 200, [[CACHE_HEADER, "miss"]]));
    expect(cache.stats.bytes).toBe(ENTRY_BYTES);
    const hit = cache.lookup(request(QUERY), access(), "v1") as { hit: HTTPGraphQLResponse };
    expect([...hit.hit.headers]).toEqual([
      ["content-type", "application/json"],
      [CACHE_HEADER, "hit"],
    ]);
  });

  test("bytes count the UTF-8 body: 'Đông Hà' is 10 bytes (Đ, ô and à two each)", () => {
    const cache = new ResponseCache(10_000);
    fill(cache, request(QUERY), access(), "v1", answer('"Đông Hà"'));
    expect(cache.stats.bytes).toBe(10 + 2 + 256 + 56);
  });

  test("an answer larger than the whole cache is not kept; one of exactly its size is", () => {
    const small = new ResponseCache(ENTRY_BYTES - 1);
    fill(small, request(QUERY));
    expect(small.stats).toMatchObject({ entries: 0, bytes: 0 });
    const exact = new ResponseCache(ENTRY_BYTES);
    fill(exact, request(QUERY));
    expect(exact.stats).toMatchObject({ entries: 1, bytes: ENTRY_BYTES });
  });

  test("an answer larger than the whole cache evicts nothing: the answers already held stay", () => {
    const cache = new ResponseCache(2 * ENTRY_BYTES);
    fill(cache, request({ query: "{ a: n }" }));
    fill(cache, request({ query: "{ big: n }" }), access(), "v1", answer(`{"data":{"n":"${"x".repeat(2 * ENTRY_BYTES)}"}}`));
    expect(cache.stats).toMatchObject({ entries: 1, bytes: ENTRY_BYTES });
    expect(kindOf(cache.lookup(request({ query: "{ a: n }" }), access(), "v1"))).toBe("hit");
  });

  test("least recently used first out, once the bytes pass the size; a cache of exactly two answers keeps two", () => {
    const a = request({ query: "{ a: n }" });
    const b = request({ query: "{ b: n }" });
    const c = request({ query: "{ c: n }" });
    const two = new ResponseCache(2 * ENTRY_BYTES);
    fill(two, a);
    fill(two, b);
    expect(two.stats).toMatchObject({ entries: 2, bytes: 2 * ENTRY_BYTES });
    expect(kindOf(two.lookup(a, access(), "v1"))).toBe("hit"); // a is now the most recent
    fill(two, c); // b goes
    expect(two.stats).toMatchObject({ entries: 2, bytes: 2 * ENTRY_BYTES });
    expect(kindOf(two.lookup(a, access(), "v1"))).toBe("hit");
    expect(kindOf(two.lookup(c, access(), "v1"))).toBe("hit");
    expect(kindOf(two.lookup(b, access(), "v1"))).toBe("ticket");
  });

  test("an answer stored again for the same key replaces the first, bytes counted once", () => {
    const cache = new ResponseCache(10_000);
    const first = ticketOf(cache.lookup(request(QUERY), access(), "v1"));
    cache.abandon(first);
    fill(cache, request(QUERY), access(), "v1", answer('{"data":{"n":22}}'));
    expect(cache.stats.bytes).toBe(ENTRY_BYTES + 1);
    cache.store(first, answer());
    expect(cache.stats).toMatchObject({ entries: 1, bytes: ENTRY_BYTES });
    expect((cache.lookup(request(QUERY), access(), "v1") as { hit: HTTPGraphQLResponse }).hit.body).toMatchObject({ string: '{"data":{"n":1}}' });
  });

  test("clear() empties it", () => {
    const cache = new ResponseCache(10_000);
    fill(cache, request(QUERY));
    cache.clear();
    expect(cache.stats).toMatchObject({ entries: 0, bytes: 0, generation: "v1" });
  });
});

describe("warehouse versions", () => {
  test("a new version empties the cache at its first request; an answer made on the older one is not kept", async () => {
    const cache = new ResponseCache(10_000);
    fill(cache, request(QUERY), access(), "v1");
    const late = ticketOf(cache.lookup(request({ query: "{ late: n }" }), access(), "v1"));
    expect(kindOf(cache.lookup(request(QUERY), access(), "v2"))).toBe("ticket");
    expect(cache.stats).toMatchObject({ entries: 0, bytes: 0, generation: "v2" });
    cache.store(late, answer());
    expect(cache.stats).toMatchObject({ entries: 0, bytes: 0 });
    // the same request on the same version, answered and kept
    fill(cache, request({ query: "{ late: n }" }), access(), "v2");
    expect(kindOf(cache.lookup(request({ query: "{ late: n }" }), access(), "v2"))).toBe("hit");
    expect(kindOf(cache.lookup(request({ query: "{ late: n }" }), access(), "v1"))).toBe("ticket");
  });
});

test("responseOf marks how the answer was made", () => {
  const entry = { status: 200, headers: [["content-type", "application/json"]] as const, body: Buffer.from("{}"), bytes: 1 };
  const response = responseOf(entry, "miss");
  expect(response.headers.get(CACHE_HEADER)).toBe("miss");
  expect(response.status).toBe(200);
  expect(response.body).toMatchObject({ kind: "complete", string: "{}" });
});
