/**
 * The whole-response cache of /graphql (server/response-cache.ts), on a real Apollo server
 * over published versions of a generated sample warehouse: a repeated question sends no
 * SQL (the dialect's onQuery hook sees nothing) and gets the same bytes; keys of other
 * scopes or roles never share an answer; the gate (key, revocation, rate limit) and the
 * DASHBOARD allow-list still apply to cached answers; errors and caller-specific fields
 * are not kept; and a new version is never answered from the old one's cache.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DataScope, Role } from "../../core/access/principal.js";
import type { Logger } from "../../core/logger.js";
import { readSecurityConfig } from "../../core/settings/security-config.js";
import { readConfig } from "../../core/settings/server-config.js";
import { publishOpenWarehouse } from "../../core/warehouse/versions.js";
import { type App, createApp } from "../../server/app.js";
import { CACHE_HEADER } from "../../server/response-cache.js";
import { WarehouseHolder } from "../../server/warehouse/warehouse-holder.js";
import { buildSampleWarehouse, type SampleWarehouse } from "../helpers/sample-warehouse.js";
import { makeTempDir } from "../helpers/temp-dir.js";

const COVERAGE =
  "query Coverage($year: Int!) { coverage(year: $year, groupBy: [DISTRICT]) { rows { keys { code } units workers } total { units workers members } } }";
const YEAR = 2024;

interface Answer {
  readonly status: number;
  readonly cache: string | null;
  readonly text: string;
  readonly body: { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[]; extensions?: Record<string, unknown> };
  /** Statements the warehouse received while answering. */
  readonly statements: number;
}

interface Server {
  readonly app: App;
  readonly url: string;
  key(role: Role, scope?: DataScope): { token: string; id: string };
  post(token: string | null, query: string, variables?: Record<string, unknown>): Promise<Answer>;
}

const PROVINCE: DataScope = { kind: "PROVINCE" };

describe("response cache", () => {
  const tmp = makeTempDir("uap-response-cache-");
  const versionsDir = join(tmp.dir, "versions");
  const statements: string[] = [];
  const logger: Logger = { info: () => {}, error: () => {} };
  let sample: SampleWarehouse;
  let holder: WarehouseHolder;
  const servers: Server[] = [];
  let main: Server;
  let district: string;

  async function start(env: Record<string, string> = {}): Promise<Server> {
    const security = readSecurityConfig({
      DASHBOARD_ALLOWLIST: "off",
      RATE_LIMIT_PER_MINUTE: "1000000",
      API_KEYS: join(tmp.dir, `keys-${servers.length}.json`),
      AUDIT_LOG: join(tmp.dir, `audit-${servers.length}.jsonl`),
      LINK_DECISIONS: join(tmp.dir, `decisions-${servers.length}.jsonl`),
      ...env,
    });
    const app = await createApp({ warehouse: holder, limits: readConfig({}), security, logger });
    const url = `${await app.listen(0, "127.0.0.1")}graphql`;
    const server: Server = {
      app,
      url,
      key: (role, scope = PROVINCE) => {
        const made = app.security.keys.create({ role, scope, name: `${role} test`, actor: "test" });
        return { token: made.token, id: made.key.id };
      },
      post: async (token, query, variables = {}) => {
        const before = statements.length;
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify({ query, variables }),
        });
        const text = await response.text();
        return { status: response.status, cache: response.headers.get(CACHE_HEADER), text, body: JSON.parse(text), statements: statements.length - before };
      },
    };
    servers.push(server);
    return server;
  }

  beforeAll(async () => {
    sample = await buildSampleWarehouse({ units: 400, seed: 11 });
    await publishOpenWarehouse(sample.warehouse.connection, sample.warehouse.path, { versionsDir });
    holder = await WarehouseHolder.open({ versionsDir, pollMs: 50, logger, open: { onQuery: (sql) => statements.push(sql) } });
    main = await start();
    const [[code]] = (await sample.rows(
      `select district_code from mart_unit_year where year = ${YEAR} and district_code is not null group by 1 order by count(*) desc limit 1`,
    )) as [[string]];
    district = code;
  }, 300_000);

  afterAll(async () => {
    for (const s of servers) await s.app.stop();
    await holder?.close();
    await sample?.close();
    tmp.remove();
  });

  test("a second identical request is answered from the cache: no SQL, the same bytes", async () => {
    const { token } = main.key("ANALYST");
    const first = await main.post(token, COVERAGE, { year: YEAR });
    expect(first.body.errors).toBeUndefined();
    expect(first.cache).toBe("miss");
    expect(first.statements).toBeGreaterThan(0);
    expect(first.body.extensions?.warehouseVersion).toBe(1);
    const second = await main.post(token, COVERAGE, { year: YEAR });
    expect(second.cache).toBe("hit");
    expect(second.statements).toBe(0);
    expect(second.text).toBe(first.text);
    // Another key with the same role and scope shares the answer; other variables are another question.
    const other = main.key("ANALYST");
    expect((await main.post(other.token, COVERAGE, { year: YEAR })).cache).toBe("hit");
    const lastYear = await main.post(token, COVERAGE, { year: YEAR - 1 });
    expect(lastYear.cache).toBe("miss");
    expect(lastYear.statements).toBeGreaterThan(0);
  });

  test("identical requests in flight are answered by one execution", async () => {
    const { token } = main.key("ANALYST");
    const answers = await Promise.all(Array.from({ length: 4 }, () => main.post(token, COVERAGE, { year: YEAR - 2 })));
    expect(answers.map((a) => a.cache).sort()).toEqual(["hit", "hit", "hit", "miss"]);
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
  });

  test("keys of another scope or role never get an answer cached for the province", async () => {
    const province = main.key("ANALYST");
    const scoped = main.key("ANALYST", { kind: "DISTRICTS", codes: [district] });
    const whole = await main.post(province.token, COVERAGE, { year: YEAR });
    expect((await main.post(province.token, COVERAGE, { year: YEAR })).cache).toBe("hit");
    const mine = await main.post(scoped.token, COVERAGE, { year: YEAR });
    expect(mine.body.errors).toBeUndefined();
    expect(mine.cache).toBe("miss");
    expect(mine.statements).toBeGreaterThan(0);
    expect(mine.body.data.coverage.total.units).toBeLessThan(whole.body.data.coverage.total.units);
    // The district key's own answer is cached for it, and the province key still gets the province's.
    const again = await main.post(scoped.token, COVERAGE, { year: YEAR });
    expect(again.cache).toBe("hit");
    expect(again.text).toBe(mine.text);
    expect((await main.post(province.token, COVERAGE, { year: YEAR })).text).toBe(whole.text);
    // Same scope, another role (suppressed cells): another answer.
    const dashboard = main.key("DASHBOARD");
    const suppressed = await main.post(dashboard.token, COVERAGE, { year: YEAR });
    expect(suppressed.cache).toBe("miss");
    expect(suppressed.statements).toBeGreaterThan(0);
  });

  test("the gate still answers first: no key, a revoked key, the rate limit", async () => {
    const { token, id } = main.key("ANALYST");
    await main.post(token, COVERAGE, { year: YEAR });
    expect((await main.post(token, COVERAGE, { year: YEAR })).cache).toBe("hit");
    const anonymous = await main.post(null, COVERAGE, { year: YEAR });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.data ?? null).toBeNull();
    main.app.security.keys.revoke(id, "test");
    const revoked = await main.post(token, COVERAGE, { year: YEAR });
    expect(revoked.status).toBe(401);
    expect(revoked.body.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");

    const limited = await start({ RATE_LIMIT_PER_MINUTE: "2" });
    const key = limited.key("ANALYST");
    expect((await limited.post(key.token, COVERAGE, { year: YEAR })).status).toBe(200);
    expect((await limited.post(key.token, COVERAGE, { year: YEAR })).cache).toBe("hit");
    const third = await limited.post(key.token, COVERAGE, { year: YEAR });
    expect(third.status).toBe(429);
    expect(third.body.errors?.[0].extensions?.code).toBe("RATE_LIMITED");
  });

  test("the DASHBOARD allow-list applies to an operation another role has cached", async () => {
    const guarded = await start({ DASHBOARD_ALLOWLIST: "examples" });
    const analyst = guarded.key("ANALYST");
    const dashboard = guarded.key("DASHBOARD");
    await guarded.post(analyst.token, COVERAGE, { year: YEAR });
    expect((await guarded.post(analyst.token, COVERAGE, { year: YEAR })).cache).toBe("hit");
    const refused = await guarded.post(dashboard.token, COVERAGE, { year: YEAR });
    expect(refused.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect(refused.body.data ?? null).toBeNull();
    expect(refused.cache).toBe("miss");
  });

  test("answers with errors, and answers naming the caller, are not kept", async () => {
    const dashboard = main.key("DASHBOARD");
    const forbidden = "{ enterprises(first: 5) { totalCount } coverage(year: 2024) { total { units } } }";
    const first = await main.post(dashboard.token, forbidden);
    expect(first.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await main.post(dashboard.token, forbidden)).cache).toBe("miss");
    const a = main.key("ANALYST");
    const b = main.key("ANALYST");
    const viewer = "{ viewer { keyId role } coverage(year: 2024) { total { units } } }";
    const va = await main.post(a.token, viewer);
    expect(va.body.data.viewer.keyId).toBe(a.id);
    const again = await main.post(a.token, viewer);
    expect(again.cache).toBe("miss");
    expect(again.statements).toBeGreaterThan(0);
    expect((await main.post(b.token, viewer)).body.data.viewer.keyId).toBe(b.id);
  });

  test("a new version is answered from its own data, never from the old version's cache", async () => {
    const { token } = main.key("ANALYST");
    const before = await main.post(token, COVERAGE, { year: YEAR });
    expect((await main.post(token, COVERAGE, { year: YEAR })).cache).toBe("hit");
    // The nightly build: the warehouse changes (one district's units leave the mart) and is published as version 2.
    await sample.warehouse.connection.run(`delete from mart_unit_year where district_code = '${district}'`);
    await publishOpenWarehouse(sample.warehouse.connection, sample.warehouse.path, { versionsDir });
    const deadline = Date.now() + 15_000;
    while (holder.version !== 2) {
      if (Date.now() > deadline) throw new Error("version 2 was not picked up");
      await new Promise((r) => setTimeout(r, 20));
    }
    const after = await main.post(token, COVERAGE, { year: YEAR });
    expect(after.body.errors).toBeUndefined();
    expect(after.cache).toBe("miss");
    expect(after.statements).toBeGreaterThan(0);
    expect(after.body.extensions?.warehouseVersion).toBe(2);
    expect(after.body.data.coverage.total.units).toBeLessThan(before.body.data.coverage.total.units);
    const cached = await main.post(token, COVERAGE, { year: YEAR });
    expect(cached.cache).toBe("hit");
    expect(cached.text).toBe(after.text);
    expect(main.app.responseCache.stats.generation).toMatch(/^v2:/);
  });
});
