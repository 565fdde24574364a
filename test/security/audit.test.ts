/**
 * The audit log of admin actions: keys created and revoked (the `keys` command), loads
 * and builds (the ETL commands), read by ADMIN keys through `auditLog(first, after)`.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AuditLog, recordCommand } from "../../core/records/audit-log.js";
import { keysCommand } from "../../etl/cli/keys-command.js";
import { codesOf, dataOf, districts, type SecureApi, startSecureApi } from "./fixtures.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

let s: SecureApi;
let keyStorePath: string;
let auditLogPath: string;
beforeAll(async () => {
  s = await startSecureApi();
  keyStorePath = s.api.app.security.keys.path;
  auditLogPath = s.api.app.security.auditLog.path;
});
afterAll(() => s.close());

/** Runs the `keys` command against the server's key store and audit log; returns what it printed. */
async function keys(options: Omit<Parameters<typeof keysCommand>[0], "out" | "keyStorePath" | "auditLogPath">): Promise<{ code: number; printed: string }> {
  const lines: string[] = [];
  const code = await keysCommand({ ...options, keyStorePath, auditLogPath, out: (line) => lines.push(line) });
  return { code, printed: lines.join("\n") };
}

describe("keys command", () => {
  test("create prints the key once; list shows it without the secret; revoke ends it; each change is audited", async () => {
    process.env.AUDIT_ACTOR = "an admin";
    try {
      const created = await keys({ action: "create", args: [], role: "analyst", districts: "464,465", name: "Vĩnh Linh & Hướng Hóa" });
      expect(created.code).toBe(0);
      const token = /uap_[0-9a-f]{12}_[A-Za-z0-9_-]{43}/.exec(created.printed)![0];
      const id = token.slice(4, 16);
      expect(dataOf(await s.post(token, `{ viewer { keyId role scope { kind codes } } }`)).viewer).toEqual({
        keyId: id,
        role: "ANALYST",
        scope: { kind: "DISTRICTS", codes: ["464", "465"] },
      });

      const listed = await keys({ action: "list", args: [] });
      expect(listed.printed).toContain(id);
      expect(listed.printed).not.toContain(token.slice(17));
      expect(readFileSync(keyStorePath, "utf8")).not.toContain(token.slice(17));

      expect((await keys({ action: "revoke", args: [id] })).code).toBe(0);
      expect((await s.post(token, `{ viewer { role } }`)).status).toBe(401);

      const log = new AuditLog(auditLogPath).entries();
      expect(log.slice(-2).map((e) => [e.action, e.target, e.actor, e.outcome])).toEqual([
        ["KEY_CREATED", id, "an admin", "OK"],
        ["KEY_REVOKED", id, "an admin", "OK"],
      ]);
      expect(log.at(-2)!.details).toMatchObject({ role: "ANALYST", scope: { kind: "DISTRICTS", codes: ["464", "465"] }, name: "Vĩnh Linh & Hướng Hóa" });
      expect(readFileSync(auditLogPath, "utf8")).not.toContain(token.slice(17));
    } finally {
      delete process.env.AUDIT_ACTOR;
    }
  });

  test("bad requests are refused with a message and exit code 2, and change nothing", async () => {
    const before = readFileSync(keyStorePath, "utf8");
    for (const options of [
      { action: "create", args: [], role: "ROOT" },
      { action: "create", args: [], role: "ANALYST", districts: "999" },
      { action: "create", args: [], role: "ANALYST", districts: "464", communes: "19333" },
      { action: "create", args: [], role: "ADMIN", communes: "19333" },
      { action: "revoke", args: ["000000000000"] },
      { action: "rotate", args: [] },
    ]) {
      expect((await keys(options)).code, JSON.stringify(options)).toBe(2);
    }
    expect(readFileSync(keyStorePath, "utf8")).toBe(before);
  });
});

describe("auditLog(first, after)", () => {
  test("ADMIN keys read it newest first, page by page; other roles get FORBIDDEN", async () => {
    const log = new AuditLog(auditLogPath);
    recordCommand({ command: "ingest", db: "/srv/warehouse.duckdb" }, ["ingest", "incoming/"], 0, Date.now() - 1500, undefined, {
      AUDIT_LOG: auditLogPath,
      AUDIT_ACTOR: "etl",
    });
    recordCommand({ command: "build", db: "/srv/warehouse.duckdb" }, ["build"], 1, Date.now() - 500, undefined, {
      AUDIT_LOG: auditLogPath,
      AUDIT_ACTOR: "etl",
    });
    recordCommand({ command: "status", db: "/srv/warehouse.duckdb" }, ["status"], 0, Date.now(), undefined, { AUDIT_LOG: auditLogPath }); // read-only: not recorded
    log.append({ action: "LINK_DECISION", actor: "analyst@ldld", target: "si_contributions/TS0003 → 3200000303", details: { decision: "ACCEPT" } });
    const total = log.entries().length;

    const admin = s.key("ADMIN", undefined, "ops");
    const query = `query($first: Int!, $after: String) { auditLog(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { seq action actor target outcome details } } }`;
    const first = dataOf(await s.post(admin, query, { first: 2 })).auditLog;
    expect(first.totalCount).toBe(total);
    expect(first.nodes.map((n: any) => [n.action, n.actor, n.outcome])).toEqual([
      ["LINK_DECISION", "analyst@ldld", "OK"],
      ["BUILD", "etl", "FAILED"],
    ]);
    expect(JSON.parse(first.nodes[1].details)).toMatchObject({ argv: ["build"], exitCode: 1 });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = dataOf(await s.post(admin, query, { first: 1, after: first.pageInfo.endCursor })).auditLog;
    expect(second.nodes).toEqual([expect.objectContaining({ action: "LOAD", target: "/srv/warehouse.duckdb", outcome: "OK" })]);
    expect(second.nodes[0].seq).toBeLessThan(first.nodes[1].seq);
    expect(codesOf(await s.post(admin, query, { first: 1, after: "bm90LWEtY3Vyc29y" }))).toEqual(["BAD_USER_INPUT"]);

    for (const token of [s.key("ANALYST"), s.key("DASHBOARD"), s.key("ANALYST", districts("464"))]) {
      const answer = await s.post(token, query, { first: 5 });
      expect(codesOf(answer)).toEqual(["FORBIDDEN"]);
      expect(answer.body.data).toBeNull();
    }
  });

  test("the ETL command line records loads it runs, failed ones too (a real `etl ingest` and `etl keys create`)", () => {
    const env = { ...process.env, AUDIT_LOG: auditLogPath, API_KEYS: keyStorePath, AUDIT_ACTOR: "cli-test" };
    const cli = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "etl/cli.ts", ...args], { cwd: ROOT, env, encoding: "utf8" });
    const before = new AuditLog(auditLogPath).entries().length;
    const ingest = cli("ingest", join(s.dir, "no-such-folder"), "--db", join(s.dir, "w.duckdb"));
    expect(ingest.status).not.toBe(0);
    const created = cli("keys", "create", "--role", "DASHBOARD", "--communes", "19333", "--name", "public board");
    expect(created.status).toBe(0);
    expect(created.stdout).toMatch(/uap_[0-9a-f]{12}_/);
    const entries = new AuditLog(auditLogPath).entries().slice(before);
    expect(entries.map((e) => [e.action, e.outcome, e.actor])).toEqual([
      ["LOAD", "FAILED", "cli-test"],
      ["KEY_CREATED", "OK", "cli-test"],
    ]);
    expect(entries[0].details).toMatchObject({ argv: ["ingest", join(s.dir, "no-such-folder"), "--db", join(s.dir, "w.duckdb")] });
    expect(entries[1].details).toMatchObject({ role: "DASHBOARD", scope: { kind: "NEW_COMMUNES", codes: ["19333"] }, name: "public board" });
  });
});
