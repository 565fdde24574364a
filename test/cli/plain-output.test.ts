/**
 * The CLI and the server speak plainly (README § Commands): `etl build` on a missing file
 * is an error naming it and what to run first, and creates nothing; `build` and `sample`
 * print a short summary (the JSON behind --json); times say their zone, the province's by
 * default (DISPLAY_TIME_ZONE); the start banner names the dashboard; a busy port is one
 * line naming PORT; the first start's build steps are a bar, or a few lines off a terminal.
 * Real processes (`node --import tsx`), a small generated sample.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { formatDisplayTime, readDisplayTimeZone } from "../../core/settings/display-time.js";
import { terminalProgress } from "../../etl/cli/progress-bar.js";
import { ensureSampleWarehouse } from "../../etl/pipeline/sample-warehouse.js";
import { makeTempDir } from "../helpers/temp-dir.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(script: string, args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

const etl = (args: readonly string[], env: Record<string, string> = {}) => run("etl/cli.ts", args, env);
const lines = (text: string) => text.split("\n").filter((l) => l.trim() !== "");

/** `2026-12-05 01:55:12 +07:00 (Asia/Ho_Chi_Minh)` */
const HO_CHI_MINH_TIME = /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+07:00 \(Asia\/Ho_Chi_Minh\)/;

describe("etl CLI", () => {
  const tmp = makeTempDir("uap-plain-");
  const sampleDir = join(tmp.dir, "sample");
  const db = join(tmp.dir, "w.duckdb");
  let sample: Run;
  beforeAll(async () => {
    sample = await etl(["sample", "--out", sampleDir, "--units", "200", "--seed", "7"]);
    expect(sample.code, sample.stderr).toBe(0);
    const ingest = await etl(["ingest", sampleDir, "--db", db]);
    expect(ingest.code, ingest.stderr).toBe(0);
  });
  afterAll(() => tmp.remove());

  test("build on a missing file: an error naming the file and `ingest`, exit 2, and no warehouse created", async () => {
    for (const missing of [join(tmp.dir, "nope.duckdb"), join(tmp.dir, "no-such-dir", "w.duckdb")]) {
      const result = await etl(["build", "--db", missing]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`no warehouse at ${missing}`);
      expect(result.stderr).toMatch(/etl -- ingest <dir> --db/);
      expect(existsSync(missing)).toBe(false);
      expect(existsSync(`${missing}.wal`)).toBe(false);
    }
    // --publish does not get past it either
    const missing = join(tmp.dir, "nope.duckdb");
    expect((await etl(["build", "--db", missing, "--publish"])).code).toBe(2);
    expect(existsSync(missing)).toBe(false);
  });

  test("sample: a short summary by default, the manifest with --json", async () => {
    const out = lines(sample.stdout);
    expect(out.length).toBeLessThanOrEqual(16);
    expect(() => JSON.parse(sample.stdout)).toThrow();
    expect(out[0]).toMatch(new RegExp(`^Sample province written to ${sampleDir} in [\\d.]+ s: 200 units, 2019–2025, seed 7\\.$`));
    expect(sample.stdout).toMatch(/^tax_enterprises +1 +\d/m);
    expect(sample.stdout).toContain(`npm run etl -- ingest ${sampleDir}`);
    const json = await etl(["sample", "--out", join(tmp.dir, "sample-json"), "--units", "50", "--json"]);
    expect(json.code).toBe(0);
    const manifest = JSON.parse(json.stdout);
    expect(manifest).toMatchObject({ units: 50, seed: expect.any(Number), years: [2019, 2025] });
    expect(manifest.files.length).toBeGreaterThan(8);
    expect(manifest.files[0]).toEqual({
      file: expect.any(String),
      dataset: expect.any(String),
      format: expect.any(String),
      encoding: expect.any(String),
      rows: expect.any(Number),
    });
  });

  test("build: a summary of a few lines (models, tests, seconds, path, the time in Asia/Ho_Chi_Minh); off a terminal, a few progress lines", async () => {
    const result = await etl(["build", "--db", db]);
    expect(result.code, result.stderr).toBe(0);
    const out = lines(result.stdout);
    expect(out.length).toBeLessThanOrEqual(6);
    expect(out[0]).toMatch(new RegExp(`^Built ${db} in [\\d.]+ s, finished ${HO_CHI_MINH_TIME.source}\\.$`));
    expect(result.stdout).toMatch(/models built: \d+ \(seed \d+, macros \d+, staging \d+, intermediate \d+, mart \d+\)/);
    expect(result.stdout).toMatch(/data tests: +\d+ passed, 0 failed/);
    expect(result.stdout).toContain("--json");
    // stderr is not a terminal here: the milestones, not one line per model and test
    expect(lines(result.stderr).length).toBeLessThanOrEqual(4);
  });

  test("build --json: the whole report", async () => {
    const result = await etl(["build", "--db", db, "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.models.length).toBeGreaterThan(20);
    expect(report.testsRun).toBe(report.tests.length);
    expect(report.models[0]).toMatchObject({ model: expect.any(String), layer: expect.any(String), seconds: expect.any(Number) });
  });

  test("a DISPLAY_TIME_ZONE ICU does not know: exit 2 naming the setting, before any work", async () => {
    const result = await etl(["build", "--db", db], { DISPLAY_TIME_ZONE: "Mars/Olympus_Mons" });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/DISPLAY_TIME_ZONE="Mars\/Olympus_Mons": expected a time zone name/);
    expect(result.stdout).toBe("");
  });

  describe("npm start (server/main.ts)", () => {
    let busy: Server;
    let busyPort: number;
    beforeAll(async () => {
      busy = createServer();
      busyPort = await new Promise<number>((resolve) => busy.listen(0, "127.0.0.1", () => resolve((busy.address() as { port: number }).port)));
    });
    afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

    test("a busy port: one line naming PORT, exit 1, no stack trace", async () => {
      const result = await run("server/main.ts", [], { WAREHOUSE: db, PORT: String(busyPort), HOST: "127.0.0.1", SQL_PORT: "off" });
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(`port ${busyPort} is in use; set PORT to another port`);
      expect(result.stderr + result.stdout).not.toMatch(/\n\s+at /);
    });

    test("the banner names the dashboard and says its time in DISPLAY_TIME_ZONE", async () => {
      const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
        cwd: ROOT,
        env: { ...process.env, WAREHOUSE: db, PORT: "0", SQL_PORT: "off", DISPLAY_TIME_ZONE: "UTC" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      let stdout = "";
      let stderr = "";
      child.stderr!.on("data", (chunk) => (stderr += chunk));
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on("data", (chunk) => {
          stdout += chunk;
          if (/health:/.test(stdout)) resolve();
        });
        exited.then(() => reject(new Error(`main exited before its banner: ${stderr}`)));
      });
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(stdout).toMatch(/started \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\n/);
      const dashboard = /dashboard: (http:\/\/localhost:\d+\/)\n/.exec(stdout);
      expect(dashboard).not.toBeNull();
      expect(stdout).toContain(`GraphQL: ${dashboard![1]}graphql`);
    });
  });
});

describe("progress off a terminal", () => {
  /** A stream that is not a TTY, keeping what was written. */
  function pipe(): { stream: NodeJS.WriteStream; lines: () => string[] } {
    let text = "";
    const stream = new Writable({
      write(chunk, _encoding, done) {
        text += chunk;
        done();
      },
    }) as unknown as NodeJS.WriteStream;
    return { stream, lines: () => lines(text) };
  }

  test.each([1, 7, 147, 10_000])("%i steps give at most 4 milestone lines, the last at 100 %", (steps) => {
    const out = pipe();
    const progress = terminalProgress({ stream: out.stream, milestones: 4 });
    for (let done = 1; done <= steps; done++) progress.update(`build ${done}/${steps}: step ${done}`, done / steps);
    progress.stop();
    expect(out.lines().length).toBeLessThanOrEqual(4);
    expect(out.lines().at(-1)).toBe(`… 100% build ${steps}/${steps}: step ${steps}`);
  });

  test("the first start's sample build reports its steps to onBuildProgress, not one line each", async () => {
    const tmp = makeTempDir("uap-first-start-");
    try {
      const said: string[] = [];
      const steps: number[] = [];
      await ensureSampleWarehouse(join(tmp.dir, "w.duckdb"), {
        units: 60,
        onProgress: (line) => said.push(line),
        onBuildProgress: (_step, done) => steps.push(done),
      });
      expect(steps.length).toBeGreaterThan(50);
      expect(said.filter((l) => /build \d+\//.test(l))).toEqual([]);
      expect(readdirSync(tmp.dir)).toContain("w.duckdb");
    } finally {
      tmp.remove();
    }
  });
});

describe("display time", () => {
  test("the province's zone by default, with its offset; UTC as UTC; an unknown zone refused", () => {
    const at = new Date("2026-12-04T18:55:12Z");
    expect(formatDisplayTime(at, readDisplayTimeZone({}))).toBe("2026-12-05 01:55:12 +07:00 (Asia/Ho_Chi_Minh)");
    expect(formatDisplayTime(at, readDisplayTimeZone({ DISPLAY_TIME_ZONE: "UTC" }))).toBe("2026-12-04 18:55:12 UTC");
    expect(formatDisplayTime(at, readDisplayTimeZone({ DISPLAY_TIME_ZONE: "Europe/Paris" }))).toBe("2026-12-04 19:55:12 +01:00 (Europe/Paris)");
    expect(() => readDisplayTimeZone({ DISPLAY_TIME_ZONE: "Asia/Hanoi_Typo" })).toThrow(/DISPLAY_TIME_ZONE="Asia\/Hanoi_Typo"/);
  });
});
