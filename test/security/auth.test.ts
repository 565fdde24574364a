/**
 * Authentication (keys hashed at rest, 401 without one, revocation), demo mode, and the
 * limits against hostile queries: rate limits (429), introspection, aliases, batches,
 * document size. Depth, cost, page size and the time limit are in test/api/limits.test.ts.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { KeyStore } from "../../core/access/api-keys.js";
import { readSecurityConfig } from "../../core/settings/security-config.js";
import { ConfigError } from "../../core/settings/server-config.js";
import { isUntouchedSample, markSampleWarehouse } from "../../server/auth/demo-mode.js";
import { DEMO_PRINCIPAL } from "../../server/auth/gate.js";
import { RateLimiter } from "../../server/auth/rate-limit.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { codesOf, dataOf, districts, type SecureApi, startSecureApi } from "./fixtures.js";

const COVERAGE = `{ coverage(year: 2024) { total { units } } }`;

describe("API keys", () => {
  let s: SecureApi;
  beforeAll(async () => {
    s = await startSecureApi();
  });
  afterAll(() => s.close());

  test("no key: HTTP 401 with a JSON error and WWW-Authenticate, before any SQL", async () => {
    s.api.tiny.resetStatements();
    const answer = await s.post(null, COVERAGE);
    expect(answer.status).toBe(401);
    expect(answer.headers.get("content-type")).toMatch(/json/);
    expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer realm="union-analytics"/);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors).toEqual([
      { message: expect.stringMatching(/API key is required/), extensions: { code: "UNAUTHENTICATED", reason: "MISSING_KEY" } },
    ]);
    expect(s.api.tiny.statements).toEqual([]);
    // GET too, and the exports' way in (same context function).
    const get = await fetch(`${s.api.graphqlUrl}?query=${encodeURIComponent(COVERAGE)}`, { headers: { "apollo-require-preflight": "1" } });
    expect(get.status).toBe(401);
  });

  test("a key works as `Authorization: Bearer` or `x-api-key`; unknown, malformed and tampered keys are 401", async () => {
    const token = s.key("ANALYST");
    expect(dataOf(await s.post(token, COVERAGE)).coverage.total.units).toBe(24);
    expect(dataOf(await s.post(null, COVERAGE, undefined, { "x-api-key": token })).coverage.total.units).toBe(24);
    const tampered = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    const otherId = token.replace(/^uap_[0-9a-f]{12}/, "uap_000000000000");
    for (const bad of [tampered, otherId, "uap_x", "letmein", "' OR 1=1 --"]) {
      const answer = await s.post(bad, COVERAGE);
      expect(answer.status, bad).toBe(401);
      expect(answer.body.errors?.[0].extensions, bad).toEqual({ code: "UNAUTHENTICATED", reason: "INVALID_KEY" });
    }
    expect((await s.post(null, COVERAGE, undefined, { authorization: `Basic ${Buffer.from("a:b").toString("base64")}` })).status).toBe(401);
  });

  test("keys are stored hashed (salted sha256), never in clear; revoking one stops it at the next request", async () => {
    const token = s.key("ANALYST", districts("464"), "to revoke");
    const secret = token.split("_").slice(2).join("_");
    const file = readFileSync(s.api.app.security.keys.path, "utf8");
    expect(file).not.toContain(secret);
    const stored = (JSON.parse(file) as { keys: { id: string; salt: string; hash: string }[] }).keys.find((k) => token.startsWith(`uap_${k.id}_`))!;
    expect(stored.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(dataOf(await s.post(token, COVERAGE)).coverage.total.units).toBe(11);

    // Revoked by another process's store (the CLI), on the same file: the server sees it at once.
    new KeyStore(s.api.app.security.keys.path).revoke(stored.id, "test");
    const answer = await s.post(token, COVERAGE);
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0]).toMatchObject({
      message: "This API key has been revoked.",
      extensions: { code: "UNAUTHENTICATED", reason: "REVOKED_KEY" },
    });
    expect(new KeyStore(s.api.app.security.keys.path).check(token)).toEqual({ ok: false, reason: "REVOKED" });
  });

  test("introspection is off (GRAPHQL_VALIDATION_FAILED), __typename still answers", async () => {
    const token = s.key("ADMIN");
    for (const query of [`{ __schema { types { name } } }`, `{ __type(name: "Query") { fields { name } } }`]) {
      const answer = await s.post(token, query);
      expect(answer.status).toBe(400);
      expect(codesOf(answer)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
      expect(answer.body.errors![0].message).toMatch(/introspection/i);
    }
    expect(dataOf(await s.post(token, `{ __typename }`))).toEqual({ __typename: "Query" });
  });
});

describe("hostile queries", () => {
  let s: SecureApi;
  beforeAll(async () => {
    s = await startSecureApi({ rateLimitPerMinute: 5, maxAliases: 4, maxBatch: 3, maxTokens: 300 });
  });
  afterAll(() => s.close());

  test("rate limit per key: past the bucket, HTTP 429 with Retry-After; other keys are not affected", async () => {
    const greedy = s.key("ANALYST");
    const other = s.key("ANALYST");
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await s.post(greedy, `{ viewer { role } }`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    s.api.tiny.resetStatements();
    const limited = await s.post(greedy, COVERAGE);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(12); // 5 a minute: one every 12 s
    expect(limited.body.errors?.[0]).toMatchObject({ extensions: { code: "RATE_LIMITED", limitPerMinute: 5 } });
    expect(s.api.tiny.statements).toEqual([]);
    expect((await s.post(other, `{ viewer { role } }`)).status).toBe(200);
  });

  test("the token bucket refills evenly and counts each operation of a batch", () => {
    let now = 0;
    const limiter = new RateLimiter(60, () => now);
    expect(limiter.take("k", 60)).toBe(0);
    expect(limiter.take("k")).toBe(1);
    now += 999;
    expect(limiter.take("k")).toBe(1);
    now += 1;
    expect(limiter.take("k")).toBe(0);
    now += 10_000;
    expect(limiter.take("k", 11)).toBe(1);
    expect(limiter.take("k", 10)).toBe(0);
  });

  test("aliases: more than MAX_ALIASES in one operation (fragments counted where spread) is refused before any SQL", async () => {
    const token = s.key("ANALYST");
    s.api.tiny.resetStatements();
    const many = `{ ${Array.from({ length: 5 }, (_, i) => `a${i}: coverage(year: 2024) { total { units } }`).join(" ")} }`;
    const answer = await s.post(token, many);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]).toMatchObject({ extensions: { code: "GRAPHQL_VALIDATION_FAILED", reason: "TOO_MANY_ALIASES", limit: 4 } });
    const viaFragments = `{ x: coverage(year: 2024) { ...F } y: coverage(year: 2023) { ...F } } fragment F on Coverage { a: total { units } b: total { workers } }`;
    expect((await s.post(token, viaFragments)).body.errors?.[0].extensions?.reason).toBe("TOO_MANY_ALIASES");
    expect(s.api.tiny.statements).toEqual([]);
    const four = `{ ${Array.from({ length: 4 }, (_, i) => `a${i}: viewer { role }`).join(" ")} }`;
    expect(codesOf(await s.post(token, four))).toEqual([]);
  });

  test("batches: up to MAX_BATCH operations in one array POST, more is HTTP 400; each operation takes a token", async () => {
    const token = s.key("ANALYST");
    const op = { query: `{ viewer { role } }` };
    const three = await s.postBody(token, [op, op, op]);
    expect(three.status).toBe(200);
    expect(three.json).toEqual([0, 1, 2].map(() => ({ data: { viewer: { role: "ANALYST" } } })));
    const four = await s.postBody(s.key("ANALYST"), [op, op, op, op]);
    expect(four.status).toBe(400);
    expect(four.json.errors[0]).toMatchObject({ extensions: { code: "BAD_REQUEST", reason: "BATCH_TOO_LARGE", limit: 3 } });
    // 5 a minute, 3 spent by the batch: a batch of 3 more is refused whole.
    expect((await s.postBody(token, [op, op, op])).status).toBe(429);
  });

  test("documents over MAX_TOKENS are refused by the parser", async () => {
    const token = s.key("ANALYST");
    const huge = `{ viewer { ${Array.from({ length: 400 }, () => "role").join(" ")} } }`;
    const answer = await s.post(token, huge);
    expect(answer.status).toBe(400);
    expect(codesOf(answer)).toEqual(["GRAPHQL_PARSE_FAILED"]);
    expect(answer.body.errors![0].message).toMatch(/more th\w+ 300 tokens/);
  });
});

describe("demo mode", () => {
  let s: SecureApi;
  beforeAll(async () => {
    s = await startSecureApi({ demoMode: true, allowIntrospection: true });
  });
  afterAll(() => s.close());

  test("no key needed: a province-wide ANALYST; every response says demoMode; introspection on", async () => {
    const answer = await s.post(null, `{ viewer { keyId role scope { kind } demoMode } coverage(year: 2024) { total { units } } }`);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({
      viewer: { keyId: null, role: DEMO_PRINCIPAL.role, scope: { kind: "PROVINCE" }, demoMode: true },
      coverage: { total: { units: 24 } },
    });
    expect(answer.body.extensions).toMatchObject({ demoMode: true });
    const errors = await s.post(null, `{ enterprise(taxCode: "0100109106") { name } }`);
    expect(errors.body.extensions).toMatchObject({ demoMode: true });
    expect(codesOf(await s.post(null, `{ __schema { queryType { name } } }`))).toEqual([]);
  });

  test("a key sent in demo mode still counts (and a bad one is still refused)", async () => {
    const token = s.key("DASHBOARD", districts("464"));
    expect(dataOf(await s.post(token, `{ viewer { role scope { codes } demoMode } }`)).viewer).toEqual({
      role: "DASHBOARD",
      scope: { codes: ["464"] },
      demoMode: true,
    });
    expect((await s.post("uap_nope", COVERAGE)).status).toBe(401);
  });

  test("npm start's demo marker: valid only while the warehouse is the untouched sample", () => {
    const temp = makeTempDir();
    try {
      const path = join(temp.dir, "warehouse.duckdb");
      writeFileSync(path, "sample");
      expect(isUntouchedSample(path)).toBe(false);
      markSampleWarehouse(path);
      expect(isUntouchedSample(path)).toBe(true);
      writeFileSync(path, "sample plus real data");
      expect(isUntouchedSample(path)).toBe(false);
    } finally {
      temp.remove();
    }
  });
});

test("security settings: defaults, and every bad one reported at once", () => {
  expect(readSecurityConfig({})).toEqual({
    demoMode: false,
    keyStorePath: "data/keys.json",
    auditLogPath: "data/audit.jsonl",
    linkDecisionsPath: "data/link-decisions.jsonl",
    suppressionK: 3,
    rateLimitPerMinute: 600,
    allowIntrospection: false,
    maxAliases: 30,
    maxBatch: 10,
    maxTokens: 10000,
    dashboardAllowList: ["examples"],
  });
  expect(readSecurityConfig({ DEMO_MODE: "1" })).toMatchObject({ demoMode: true, allowIntrospection: true });
  expect(readSecurityConfig({ ALLOW_INTROSPECTION: "1", DASHBOARD_ALLOWLIST: "off" })).toMatchObject({
    demoMode: false,
    allowIntrospection: true,
    dashboardAllowList: null,
  });
  let error: unknown;
  try {
    readSecurityConfig({ SUPPRESSION_K: "1", RATE_LIMIT_PER_MINUTE: "fast", DEMO_MODE: "maybe", DASHBOARD_ALLOWLIST: "no/such/folder" });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).problems).toHaveLength(4);
});
