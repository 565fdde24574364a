/**
 * CI runs the browser tests or fails: with CI=true and no Chromium, test/dashboard
 * fails (naming what is missing and how to install it); elsewhere it skips, saying why.
 * The dashboard tests run here in a child vitest with Chromium made unfindable.
 */
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { browserTestsRequired } from "./browser.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function dashboardTests(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // Its own reporter and no JSON file: the parent run's .vitest-results.json is left alone.
    const child = spawn(
      process.execPath,
      [
        join(ROOT, "node_modules/vitest/vitest.mjs"),
        "run",
        "test/dashboard/dashboard.test.ts",
        "--reporter=verbose",
        `--outputFile.json=${join(tmpdir(), `uap-ci-mode-${process.pid}.json`)}`,
        "--no-color",
      ],
      {
        cwd: ROOT,
        env: { ...process.env, CHROMIUM_PATH: "/nonexistent/chromium", ...env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    child.on("close", (code) => resolve({ code, output }));
  });
}

describe("the dashboard's browser tests without Chromium", () => {
  test("CI=true (and CI=1) counts as CI; unset, empty or false does not", () => {
    expect(["true", "TRUE", "1", " yes "].map((CI) => browserTestsRequired({ CI }))).toEqual([true, true, true, true]);
    expect([undefined, "", "false", "0", "no"].map((CI) => browserTestsRequired(CI === undefined ? {} : { CI }))).toEqual([false, false, false, false, false]);
  });

  test("with CI=true they fail, saying Chromium is missing and how to install it; without CI they skip, saying why", async () => {
    const [ci, local] = await Promise.all([dashboardTests({ CI: "true" }), dashboardTests({ CI: "" })]);
    expect(ci.code, ci.output).toBe(1);
    expect(ci.output).toContain("CI=true and the dashboard's browser tests cannot run: Chromium not found");
    expect(ci.output).toContain("apt-get install -y chromium");
    expect(local.code, local.output).toBe(0);
    expect(local.output).toMatch(/skipped: Chromium not found/);
    expect(local.output).not.toMatch(/CI=true and the dashboard/);
  });
});
