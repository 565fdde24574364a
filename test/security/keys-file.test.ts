/**
 * Secrets on disk (core/access/key-file-guard.ts): `npm start` and `etl keys` refuse a
 * keys.json its group or others may write, or another user owns, naming the file and
 * the `chmod`/`chown` that fixes it; a keys.json changed outside the CLI (its hash no
 * longer the one kept in keys.json.sha256) is used, said and audited.
 */
import { spawn } from "node:child_process";
import { chmodSync, chownSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { KeyStore } from "../../core/access/api-keys.js";
import { keyFileHashPath } from "../../core/access/key-file-guard.js";
import { AuditLog } from "../../core/records/audit-log.js";
import { readSecurityConfig } from "../../core/settings/security-config.js";
import { createSecurity } from "../../server/auth/security.js";
import { openTinyWarehouse } from "../api/fixtures/tiny-warehouse.js";
import { makeTempDir } from "../helpers/temp-dir.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `server/main.ts` or `etl/cli.ts` with tsx; a server that starts is stopped (SIGTERM) once it prints its URL. */
function run(entry: "server/main.ts" | "etl/cli.ts", args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", entry, ...args], {
      cwd: ROOT,
      env: { ...process.env, DEMO_MODE: "", FILE_MODE: "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (/GraphQL: http/.test(stdout)) child.kill("SIGTERM");
    });
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const temp = makeTempDir("uap-keysfile-");
const warehouse = join(temp.dir, "warehouse.duckdb");
beforeAll(async () => {
  await (await openTinyWarehouse(warehouse)).close();
});
afterAll(() => temp.remove());

/** A key store made by the CLI's code (so with its hash beside it), in its own folder. */
function keyStoreIn(name: string): { path: string; audit: string; store: KeyStore } {
  const path = join(temp.dir, `${name}.keys.json`);
  const store = new KeyStore(path);
  store.create({ role: "ADMIN", scope: { kind: "PROVINCE" }, name: name });
  return { path, audit: join(temp.dir, `${name}.audit.jsonl`), store };
}

describe("a key store others may write, or another user owns, is refused", () => {
  // Every mode with a group or other write bit among a generated spread, and the two that are fine.
  const unsafe = [0o620, 0o602, 0o666, 0o777];

  test.each(unsafe.map((m) => [`0${m.toString(8)}`, m]))(
    "mode %s: npm start and `etl keys list|create` exit non-zero with the file and `chmod 600 <file>`",
    async (label, mode) => {
      const { path, audit } = keyStoreIn(`mode-${label}`);
      chmodSync(path, mode as number);
      const env = { WAREHOUSE: warehouse, PORT: "0", API_KEYS: path, AUDIT_LOG: audit };
      const before = readFileSync(path, "utf8");
      const [server, list, create] = await Promise.all([
        run("server/main.ts", [], env),
        run("etl/cli.ts", ["keys", "list"], env),
        run("etl/cli.ts", ["keys", "create", "--role", "ANALYST"], env),
      ]);
      const who = mode & 0o020 && mode & 0o002 ? "its group and others" : mode & 0o020 ? "its group" : "others";
      for (const [what, result] of [
        ["npm start", server],
        ["keys list", list],
        ["keys create", create],
      ] as const) {
        expect(result.code, `${what}: ${result.stderr}`).toBe(3);
        expect(result.stderr, what).toContain(`the key store ${path} is writable by ${who} (mode ${label})`);
        expect(result.stderr, what).toContain(`Fix: \`chmod 600 ${path}\``);
        expect(result.stdout, what).not.toMatch(/GraphQL: http|Created/);
      }
      expect(readFileSync(path, "utf8")).toBe(before); // nothing was created
      expect(existsSync(audit)).toBe(false);
    },
  );

  test.each([
    ["0600", 0o600],
    ["0640", 0o640],
    ["0400", 0o400],
  ])("mode %s is accepted", async (label, mode) => {
    const { path, audit } = keyStoreIn(`ok-${label}`);
    chmodSync(path, mode as number);
    const list = await run("etl/cli.ts", ["keys", "list"], { WAREHOUSE: warehouse, API_KEYS: path, AUDIT_LOG: audit });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain(`ok-${label}`);
    expect(list.stderr).toBe("");
  });

  const root = process.getuid?.() === 0;
  test.skipIf(!root)("owned by another user (needs root to chown; skipped otherwise): refused with the `chown` that fixes it", async () => {
    const { path, audit } = keyStoreIn("owner");
    chownSync(path, 65534, 65534);
    const env = { WAREHOUSE: warehouse, PORT: "0", API_KEYS: path, AUDIT_LOG: audit };
    const [server, list] = await Promise.all([run("server/main.ts", [], env), run("etl/cli.ts", ["keys", "list"], env)]);
    for (const result of [server, list]) {
      expect(result.code, result.stderr).toBe(3);
      expect(result.stderr).toContain(`the key store ${path} is owned by user id 65534`);
      expect(result.stderr).toMatch(new RegExp(`Fix: \`chown \\S+ ${path.replaceAll(".", "\\.")}\``));
    }
  });
});

describe("a key store changed outside the CLI is noticed: used, said, audited", () => {
  const outsideEntries = (audit: string) => new AuditLog(audit).entries().filter((e) => e.action === "KEYS_FILE_CHANGED_OUTSIDE_CLI");

  test("the CLI writes keys.json 0600 and its hash beside it (sha256sum format); its own changes are never reported", async () => {
    const path = join(temp.dir, "cli.keys.json");
    const audit = join(temp.dir, "cli.audit.jsonl");
    const env = { WAREHOUSE: warehouse, API_KEYS: path, AUDIT_LOG: audit };
    const created = await run("etl/cli.ts", ["keys", "create", "--role", "ANALYST", "--name", "one"], env);
    expect(created.code, created.stderr).toBe(0);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(keyFileHashPath(path)).mode & 0o777).toBe(0o600);
    const { createHash } = await import("node:crypto");
    expect(readFileSync(keyFileHashPath(path), "utf8")).toBe(`${createHash("sha256").update(readFileSync(path)).digest("hex")}  cli.keys.json\n`);
    const id = /key ([0-9a-f]{12})/.exec(created.stdout)![1];
    const revoked = await run("etl/cli.ts", ["keys", "revoke", id], env);
    const listed = await run("etl/cli.ts", ["keys", "list"], env);
    expect([revoked.code, listed.code]).toEqual([0, 0]);
    expect(revoked.stderr + listed.stderr).toBe("");
    expect(new AuditLog(audit).entries().map((e) => e.action)).toEqual(["KEY_CREATED", "KEY_REVOKED"]);
  });

  test("edits by hand, a hash file removed, a file replaced whole: the CLI warns once per command, audits, still acts; `keys trust` records the reviewed file", async () => {
    const outside: [string, (path: string) => void][] = [
      ["a key's role edited", (p) => writeFileSync(p, readFileSync(p, "utf8").replace('"role": "ADMIN"', '"role": "ANALYST"'))],
      ["whitespace only", (p) => writeFileSync(p, `${readFileSync(p, "utf8")}\n`)],
      ["the hash file removed", (p) => rmSync(keyFileHashPath(p))],
      ["the hash file emptied", (p) => writeFileSync(keyFileHashPath(p), "")],
      ["a key store from elsewhere", (p) => writeFileSync(p, JSON.stringify({ version: 1, keys: [] }))],
    ];
    await Promise.all(
      outside.map(async ([what, change], i) => {
        const { path, audit } = keyStoreIn(`outside-${i}`);
        const recorded = readFileSync(keyFileHashPath(path), "utf8").slice(0, 64);
        change(path);
        const env = { WAREHOUSE: warehouse, API_KEYS: path, AUDIT_LOG: audit };
        const listed = await run("etl/cli.ts", ["keys", "list"], env);
        expect(listed.code, what).toBe(0);
        expect(listed.stderr.trim().split("\n"), what).toHaveLength(1);
        expect(listed.stderr, what).toContain(`warning: the key store ${path} was changed outside \`npm run etl -- keys\``);
        const entries = outsideEntries(audit);
        expect(entries, what).toHaveLength(1);
        expect(entries[0]).toMatchObject({
          target: path,
          details: { noticedBy: "keys list", expectedSha256: what.startsWith("the hash file") ? null : recorded },
        });

        // A change by the CLI on top of it reports it (once more: this command saw it too), then records its own hash.
        const created = await run("etl/cli.ts", ["keys", "create", "--role", "DASHBOARD"], env);
        expect(created.code, created.stderr).toBe(0);
        expect(outsideEntries(audit), what).toHaveLength(2);
        const again = await run("etl/cli.ts", ["keys", "list"], env);
        expect(again.stderr, what).toBe("");
        expect(outsideEntries(audit), what).toHaveLength(2);
      }),
    );
    // `keys trust`: after review, the file as it is becomes the recorded one.
    const { path, audit } = keyStoreIn("trusted");
    writeFileSync(path, `${readFileSync(path, "utf8")}\n`);
    const env = { WAREHOUSE: warehouse, API_KEYS: path, AUDIT_LOG: audit };
    const trusted = await run("etl/cli.ts", ["keys", "trust"], env);
    expect(trusted.code, trusted.stderr).toBe(0);
    expect(trusted.stdout).toContain(`Recorded the hash of ${path}`);
    expect(outsideEntries(audit)).toHaveLength(1);
    expect((await run("etl/cli.ts", ["keys", "list"], env)).stderr).toBe("");
    expect(outsideEntries(audit)).toHaveLength(1);
  });

  test("the server: one log line and one audit entry at start, and again for a later outside change; its keys still work", async () => {
    const { path, audit, store } = keyStoreIn("server");
    const lines: string[] = [];
    const logger = { info: (line: string) => lines.push(line), error: (line: string) => lines.push(`ERROR ${line}`) };
    const config = readSecurityConfig({ DASHBOARD_ALLOWLIST: "off", API_KEYS: path, AUDIT_LOG: audit, LINK_DECISIONS: join(temp.dir, "server.links.jsonl") });

    // Unchanged since the CLI wrote it: nothing said.
    const quiet = createSecurity(config, logger);
    expect(quiet.keys.keys()).toHaveLength(1);
    expect(lines).toEqual([]);
    expect(outsideEntries(audit)).toEqual([]);

    const { token } = store.create({ role: "ANALYST", scope: { kind: "PROVINCE" } }); // by the CLI's code: not outside
    writeFileSync(path, readFileSync(path, "utf8").replace('"name": "server"', '"name": "renamed by hand"'));
    const security = createSecurity(config, logger);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^warning: the key store .* was changed outside `npm run etl -- keys` \(its SHA-256 is [0-9a-f]{12}…, not [0-9a-f]{12}… as recorded in .*\.sha256\); its keys are used/,
    );
    expect(outsideEntries(audit)).toHaveLength(1);
    expect(outsideEntries(audit)[0].details).toMatchObject({ noticedBy: "server" });
    expect(security.keys.check(token)).toMatchObject({ ok: true }); // served: the change is reported, not refused
    expect(security.keys.check(token)).toMatchObject({ ok: true });
    expect(outsideEntries(audit)).toHaveLength(1); // once per content, not per request

    // A later outside change while serving: noticed at the next request.
    await new Promise((r) => setTimeout(r, 20));
    writeFileSync(path, readFileSync(path, "utf8").replace('"renamed by hand"', '"renamed again"'));
    expect(security.keys.check(token)).toMatchObject({ ok: true });
    expect(lines).toHaveLength(2);
    expect(outsideEntries(audit)).toHaveLength(2);
    // A change by the CLI's code while serving: not reported.
    store.create({ role: "DASHBOARD", scope: { kind: "PROVINCE" } });
    expect(security.keys.keys()).toHaveLength(3);
    expect(security.keys.keys()).toHaveLength(3);
    expect(lines).toHaveLength(2);
    expect(outsideEntries(audit)).toHaveLength(2);
  });
});
