/**
 * The typed client of examples/client/ run as an analyst runs it (`npx tsx
 * examples/client/main.ts <year>` with UAP_API_URL and UAP_API_KEY) against a running
 * server that needs keys; its table is checked against the tiny warehouse's hand-known
 * 2024 coverage (test/api/coverage.test.ts: district 464 has 11 units in scope, 6 with a
 * union; 461 has 13 and 7; the province 24 and 13).
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { districts, type SecureApi, startSecureApi } from "../security/fixtures.js";

const REPO = join(import.meta.dirname, "../..");

/** Runs the client in a child process, asynchronously: the server answers from this process. */
function runClient(env: Record<string, string>, ...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const options = { cwd: REPO, env: { ...process.env, ...env }, encoding: "utf8" as const, timeout: 60_000 };
    execFile(join(REPO, "node_modules/.bin/tsx"), [join(REPO, "examples/client/main.ts"), ...args], options, (error, stdout, stderr) => {
      resolve({ status: error ? Number(error.code ?? -1) : 0, stdout, stderr });
    });
  });
}

let s: SecureApi;
beforeAll(async () => {
  s = await startSecureApi();
});
afterAll(() => s.close());

describe("examples/client: a typed program over the committed codegen documents", () => {
  test("prints coverage by district for the year asked, with the key sent as a bearer token", async () => {
    const out = await runClient({ UAP_API_URL: s.api.graphqlUrl, UAP_API_KEY: s.key("ANALYST") }, "2024");
    expect(out.stderr).toBe("");
    expect(out.status).toBe(0);
    const lines = out.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("Union coverage in 2024: units with 20 or more workers, by district (before 2025)");
    expect(lines).toContainEqual(expect.stringMatching(/^464\s+Huyện Vĩnh Linh\s+11\s+6\s+54\.5 %$/));
    expect(lines).toContainEqual(expect.stringMatching(/^461\s+Thành phố Đông Hà\s+13\s+7\s+53\.8 %$/));
    expect(lines.at(-1)).toMatch(/^\s+Province\s+24\s+13\s+54\.2 %$/);
  });

  test("a district key sees its district only, the rest of the province as zeros", async () => {
    const out = await runClient({ UAP_API_URL: s.api.graphqlUrl, UAP_API_KEY: s.key("ANALYST", districts("464")) }, "2024");
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/^464\s+Huyện Vĩnh Linh\s+11\s+6\s+54\.5 %$/m);
    expect(out.stdout).toMatch(/^\s+Province\s+11\s+6\s+54\.5 %$/m);
  });

  test("a missing key, a bad year and an unreachable server: one plain line each, exit 1", async () => {
    const noKey = await runClient({ UAP_API_URL: s.api.graphqlUrl, UAP_API_KEY: "" }, "2024");
    expect(noKey.status).toBe(1);
    expect(noKey.stderr).toMatch(/^the API refused the question \(HTTP 401\): UNAUTHENTICATED: /);
    expect(noKey.stderr.trim().split("\n")).toHaveLength(1);

    const badYear = await runClient({ UAP_API_URL: s.api.graphqlUrl }, "24");
    expect(badYear.status).toBe(1);
    expect(badYear.stderr.trim()).toBe('the year must be four digits, e.g. 2024 (got "24")');

    const down = await runClient({ UAP_API_URL: "http://127.0.0.1:9/graphql" }, "2024");
    expect(down.status).toBe(1);
    expect(down.stderr).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:9\/graphql \(.+\): is the server running \(npm start\)\?\n$/);
  });
});
