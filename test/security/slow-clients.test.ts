/**
 * Slow and idle clients cannot exhaust the server (server/connection-guard.ts,
 * server/http-settings.ts): the key is checked from the headers before any body is read;
 * partial headers, bodies never sent or dripped, and idle keep-alive connections are closed
 * after their timeouts with one log line each; one address holds at most
 * MAX_CONNECTIONS_PER_CLIENT connections. Each class is generated here, many clients at
 * once from many loopback addresses, with small timeouts.
 */
import { connect, type Socket } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Logger } from "../../core/logger.js";
import { readSecurityConfig } from "../../core/settings/security-config.js";
import { readConfig } from "../../core/settings/server-config.js";
import { type App, createApp } from "../../server/app.js";
import type { HttpSettings } from "../../server/http-settings.js";
import { openTinyWarehouse, type TinyWarehouse } from "../api/fixtures/tiny-warehouse.js";
import { makeTempDir } from "../helpers/temp-dir.js";

const COVERAGE = JSON.stringify({ query: "{ coverage(year: 2024) { total { units } } }" });

interface Served {
  readonly app: App;
  readonly port: number;
  readonly token: string;
  readonly lines: string[];
  readonly errors: string[];
  close(): Promise<void>;
}

let tiny: TinyWarehouse;
const temp = makeTempDir("uap-slow-");
beforeAll(async () => {
  tiny = await openTinyWarehouse();
});
afterAll(async () => {
  await tiny.close();
  temp.remove();
});

async function serve(http: HttpSettings, name: string): Promise<Served> {
  const lines: string[] = [];
  const errors: string[] = [];
  const logger: Logger = {
    info: (line) => lines.push(line),
    error: (line, error) => errors.push(`${line} ${error instanceof Error ? error.stack : (error ?? "")}`),
  };
  const security = readSecurityConfig({
    DASHBOARD_ALLOWLIST: "off",
    RATE_LIMIT_PER_MINUTE: "1000000",
    API_KEYS: join(temp.dir, `${name}-keys.json`),
    AUDIT_LOG: join(temp.dir, `${name}-audit.jsonl`),
    LINK_DECISIONS: join(temp.dir, `${name}-links.jsonl`),
  });
  const app = await createApp({ warehouse: tiny.warehouse, limits: readConfig({}), security, http, logger });
  const url = await app.listen(0, "127.0.0.1");
  const { token } = app.security.keys.create({ role: "ANALYST", scope: { kind: "PROVINCE" } });
  return { app, port: Number(new URL(url).port), token, lines, errors, close: () => app.stop() };
}

interface RawClient {
  readonly socket: Socket;
  readonly address: string;
  /** Everything the server sent. */
  received(): string;
  /** Resolves with the ms from `opened` to the server's first byte. */
  readonly firstByte: Promise<number>;
  /** Resolves with the ms from `opened` to the connection's close. */
  readonly closed: Promise<number>;
  readonly opened: number;
}

/** A raw TCP client from `address` (any 127.x.y.z), sending `start` once connected. */
function rawClient(port: number, address: string, start = ""): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const opened = performance.now();
    const socket = connect({ port, host: "127.0.0.1", localAddress: address });
    let text = "";
    let gotFirst: (ms: number) => void = () => {};
    const firstByte = new Promise<number>((r) => (gotFirst = r));
    const closed = new Promise<number>((r) => socket.once("close", () => r(performance.now() - opened)));
    socket.on("data", (chunk) => {
      if (!text) gotFirst(performance.now() - opened);
      text += chunk.toString("latin1");
    });
    socket.on("error", () => {}); // a reset is a close here
    socket.once("connect", () => {
      if (start) socket.write(start);
      resolve({ socket, address, received: () => text, firstByte, closed, opened });
    });
    socket.once("error", reject);
  });
}

const head = (lines: string[]) => `${lines.join("\r\n")}\r\n\r\n`;
const loopback = (i: number) => `127.0.${1 + Math.floor(i / 250)}.${2 + (i % 250)}`;

describe("the key is checked from the headers: a body never sent is never waited for", () => {
  let s: Served;
  beforeAll(async () => {
    s = await serve({ headersTimeoutMs: 5_000, requestTimeoutMs: 10_000, keepAliveTimeoutMs: 5_000, maxConnectionsPerClient: 64 }, "early");
  });
  afterAll(() => s.close());

  test("every missing or failing key, every announced body (lengths, chunked): 401 in well under a second, then the connection closes", async () => {
    const revoked = s.app.security.keys.create({ role: "ANALYST", scope: { kind: "PROVINCE" } });
    s.app.security.keys.revoke(revoked.key.id);
    const keys: [string, string | null][] = [
      ["MISSING_KEY", null],
      ["INVALID_KEY", "letmein"],
      ["INVALID_KEY", `uap_000000000000_${"A".repeat(43)}`],
      ["INVALID_KEY", `${s.token.slice(0, -1)}${s.token.endsWith("A") ? "B" : "A"}`],
      ["REVOKED_KEY", revoked.token],
    ];
    const bodies = [["content-length: 1"], ["content-length: 1000"], ["content-length: 999999"], ["transfer-encoding: chunked"]];
    const cases = keys.flatMap(([reason, key]) => bodies.map((body) => ({ reason, key, body })));
    const results = await Promise.all(
      cases.map(async ({ reason, key, body }, i) => {
        const request = [
          "POST /graphql HTTP/1.1",
          "Host: localhost",
          "content-type: application/json",
          ...body,
          ...(key ? [`authorization: Bearer ${key}`] : []),
        ];
        const client = await rawClient(s.port, loopback(i), head(request)); // the body never follows
        const [firstByte, closed] = await Promise.all([client.firstByte, client.closed]);
        return { reason, body: body[0], firstByte, closed, response: client.received() };
      }),
    );
    for (const r of results) {
      const where = `${r.reason} with ${r.body}`;
      expect(r.response, where).toMatch(/^HTTP\/1\.1 401 /);
      expect(r.response.toLowerCase(), where).toContain("www-authenticate: bearer");
      expect(r.response.toLowerCase(), where).toContain("connection: close");
      const json = JSON.parse(r.response.slice(r.response.indexOf("\r\n\r\n") + 4)) as { errors: { extensions: { code: string; reason: string } }[] };
      expect(json.errors[0].extensions, where).toEqual({ code: "UNAUTHENTICATED", reason: r.reason });
      expect(r.firstByte, where).toBeLessThan(1_000);
      expect(r.closed, where).toBeLessThan(1_000); // closed by the server, not by the 10 s request timeout
    }
    expect(s.errors).toEqual([]);
  });
});

describe("slow and idle clients of every class, many at once", () => {
  const timeouts: HttpSettings = { headersTimeoutMs: 2_000, requestTimeoutMs: 3_000, keepAliveTimeoutMs: 300, maxConnectionsPerClient: 4 };
  /** node checks the two request timeouts every headersTimeout/4 (server/connection-guard.ts); a loaded machine adds its share. */
  const SLACK_MS = 1_500;
  const PER_CLASS = 20;
  let s: Served;
  beforeAll(async () => {
    s = await serve(timeouts, "slow");
  });
  afterAll(() => s.close());

  test("the server keeps answering while they hold on; each slow connection is closed after its timeout, with one log line (no stack)", async () => {
    const ask = () =>
      fetch(`http://127.0.0.1:${s.port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${s.token}` },
        body: COVERAGE,
      });
    expect((await ask()).status).toBe(200); // warm: the first request of an app compiles its paths
    const post = (key: string, extra: string[]) => [
      "POST /graphql HTTP/1.1",
      "Host: localhost",
      "content-type: application/json",
      `authorization: Bearer ${key}`,
      ...extra,
    ];
    const classes: { name: string; start: (i: number) => string; limitMs: number; answered?: RegExp; logged: boolean; drip?: boolean }[] = [
      { name: "connects and says nothing", start: () => "", limitMs: timeouts.headersTimeoutMs, logged: true },
      {
        name: "partial headers",
        start: (i) => `POST /graphql HTTP/1.1\r\nHost: localhost\r\nx-filler-${i}: ${"a".repeat(i * 10)}\r\n`,
        limitMs: timeouts.headersTimeoutMs,
        logged: true,
      },
      {
        name: "valid key, body never sent",
        start: () => head(post(s.token, [`content-length: ${COVERAGE.length}`])),
        limitMs: timeouts.requestTimeoutMs,
        logged: true,
      },
      {
        name: "valid key, body dripped a byte at a time",
        start: () => head(post(s.token, [`content-length: ${COVERAGE.length}`])),
        limitMs: timeouts.requestTimeoutMs,
        logged: true,
        drip: true,
      },
      // node keeps an idle keep-alive socket its timeout plus 1 s; that close is normal, not logged
      {
        name: "idle keep-alive after an answer",
        start: () => head(["GET /health HTTP/1.1", "Host: localhost"]),
        limitMs: timeouts.keepAliveTimeoutMs + 1_000,
        answered: /^HTTP\/1\.1 200 /,
        logged: false,
      },
    ];
    const clients = await Promise.all(
      classes.flatMap((kind, k) =>
        Array.from({ length: PER_CLASS }, async (_, j) => {
          const i = k * PER_CLASS + j;
          const client = await rawClient(s.port, loopback(i), kind.start(i));
          if (kind.drip) {
            const timer = setInterval(() => (client.socket.writable ? client.socket.write("{") : clearInterval(timer)), 200);
            void client.closed.then(() => clearInterval(timer));
          }
          return { kind, client };
        }),
      ),
    );
    // Meanwhile a well-behaved client (its own address) is answered, promptly, while every slow one still holds on.
    const started = performance.now();
    const answer = await ask();
    expect(await answer.json()).toEqual({ data: { coverage: { total: { units: 24 } } } });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(clients.filter(({ kind, client }) => kind.logged && client.socket.destroyed).map(({ kind }) => kind.name)).toEqual([]);

    const closedAfter = await Promise.all(clients.map(({ client }) => client.closed));
    clients.forEach(({ kind, client }, i) => {
      const where = `${kind.name} (${client.address})`;
      expect(closedAfter[i], where).toBeLessThan(kind.limitMs + SLACK_MS);
      expect(closedAfter[i], where).toBeGreaterThanOrEqual(kind.limitMs - 50); // by its timeout, not before
      if (kind.answered) expect(client.received(), where).toMatch(kind.answered);
      else expect(client.received(), where).toMatch(/^(HTTP\/1\.1 408 |$)/);
    });
    // One line per closed connection of the logged classes, naming its address; none for idle keep-alive ones.
    for (const { kind, client } of clients) {
      const mine = s.lines.filter((line) => line.startsWith(`connection from ${client.address} `));
      expect(mine, `${kind.name} (${client.address})`).toHaveLength(kind.logged ? 1 : 0);
      if (kind.logged) expect(mine[0]).toMatch(/closed: the request was not received in time \(HEADERS_TIMEOUT_MS=2000, REQUEST_TIMEOUT_MS=3000\)$/);
    }
    expect(s.lines.every((line) => !line.includes("\n"))).toBe(true);
    expect(s.errors).toEqual([]);
  });
});

describe("MAX_CONNECTIONS_PER_CLIENT", () => {
  const MAX = 5;
  let s: Served;
  beforeAll(async () => {
    s = await serve({ headersTimeoutMs: 10_000, requestTimeoutMs: 20_000, keepAliveTimeoutMs: 5_000, maxConnectionsPerClient: MAX }, "cap");
  });
  afterAll(() => s.close());

  test("connections beyond the cap from one address are closed at once, with one log line; other addresses are served", async () => {
    for (const extra of [1, 3, 12]) {
      const address = `127.0.9.${extra}`;
      const held = await Promise.all(Array.from({ length: MAX }, () => rawClient(s.port, address, "GET /health HTTP/1.1\r\n")));
      const before = s.lines.length;
      const refused = await Promise.all(Array.from({ length: extra }, () => rawClient(s.port, address)));
      const closedIn = await Promise.all(refused.map((c) => c.closed));
      for (const ms of closedIn) expect(ms).toBeLessThan(1_000);
      expect(refused.every((c) => c.received() === "")).toBe(true);
      // Refusals from one address within 10 s share one line.
      const logged = s.lines.slice(before);
      expect(logged).toEqual([`connection from ${address} closed: it holds ${MAX} connections already (MAX_CONNECTIONS_PER_CLIENT); 1 refused`]);
      expect(held.every((c) => !c.socket.destroyed)).toBe(true);

      // Another address is served meanwhile; and once this one's connections close, it may connect again.
      const other = await rawClient(s.port, `127.0.10.${extra}`, head(["GET /health HTTP/1.1", "Host: localhost", "connection: close"]));
      await other.closed;
      expect(other.received()).toMatch(/^HTTP\/1\.1 200 /);
      for (const c of held) c.socket.destroy();
      await Promise.all(held.map((c) => c.closed));
      await new Promise((r) => setTimeout(r, 50));
      const again = await rawClient(s.port, address, head(["GET /health HTTP/1.1", "Host: localhost", "connection: close"]));
      await again.closed;
      expect(again.received()).toMatch(/^HTTP\/1\.1 200 /);
    }
  });
});
