/**
 * Reload while serving (issue 7, item 5): the ETL writes its own warehouse and publishes
 * versions; the server switches to each new version atomically, requests in flight
 * finish on the version they started with, and old versions are closed and deleted once
 * nothing holds them.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { heldVersions, PublishFailedError, publishWarehouse, readCurrentVersion } from "../../core/warehouse/versions.js";
import { openWarehouse } from "../../etl/warehouse/warehouse.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { etl, killAtFailpoint } from "./helpers/etl-process.js";
import { type Fingerprint, fingerprint } from "./helpers/fingerprint.js";
import { type BaseWarehouse, makeBaseWarehouse, writeChangedTaxFile } from "./helpers/sample-base.js";
import { COUNTS_QUERY, countsOf, type GraphQLAnswer, startVersionedApi, type VersionedApi } from "./helpers/versioned-api.js";

const CLIENTS = 16;
const NEW_UNITS = 25;

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface Answer {
  readonly client: number;
  readonly started: number;
  readonly finished: number;
  readonly answer?: GraphQLAnswer;
  readonly failure?: string;
}

describe("reload while serving", () => {
  const tmp = makeTempDir("uap-reload-");
  const versionsDir = join(tmp.dir, "versions");
  let base: BaseWarehouse;
  let api: VersionedApi;

  beforeAll(async () => {
    base = await makeBaseWarehouse(tmp.dir);
    const first = await publishWarehouse(base.db, { versionsDir });
    expect(first.published.version).toBe(1);
    api = await startVersionedApi(versionsDir);
  });
  afterAll(async () => {
    await api?.close();
    tmp.remove();
  });

  it(`${CLIENTS} clients query during a full reload (ingest a changed file, build, publish): no request fails, every answer is exactly one version's`, async () => {
    const delivery = join(tmp.dir, "delivery");
    mkdirSync(delivery);
    writeChangedTaxFile(base.sampleDir, join(delivery, "tax_enterprises.csv"), NEW_UNITS);

    const answers: Answer[] = [];
    let stop = false;
    const client = async (id: number) => {
      while (!stop) {
        const started = performance.now();
        try {
          const answer = await api.query(COUNTS_QUERY);
          answers.push({ client: id, started, finished: performance.now(), answer });
        } catch (error) {
          answers.push({ client: id, started, finished: performance.now(), failure: String(error) });
        }
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, id) => client(id));
    let reloadStarted = 0;
    let published = 0;
    try {
      // The nightly job, as separate processes: DuckDB's one writer never meets the server's readers.
      reloadStarted = performance.now();
      const ingest = await etl(["ingest", join(delivery, "tax_enterprises.csv"), "--db", base.db]);
      expect(ingest.code, ingest.stdout + ingest.stderr).toBe(0);
      const build = await etl(["build", "--publish", "--db", base.db, "--versions", versionsDir]);
      expect(build.code, build.stderr).toBe(0);
      expect(build.stdout).toMatch(/PUBLISHED version 2: .*warehouse-2\.duckdb/);
      published = performance.now();

      // Every client reads the new version twice, then they stop.
      await api.waitForVersion(2);
      const afterSwitch = (id: number) => answers.filter((a) => a.client === id && a.answer?.extensions?.warehouseVersion === 2).length;
      await until(() => Array.from({ length: CLIENTS }, (_, id) => afterSwitch(id)).every((n) => n >= 2), "every client to read version 2 twice", 120_000);
    } finally {
      stop = true;
      await Promise.all(clients);
    }

    const truth: Record<number, Fingerprint> = {
      1: await fingerprint(join(versionsDir, "warehouse-1.duckdb")),
      2: await fingerprint(join(versionsDir, "warehouse-2.duckdb")),
    };
    expect(truth[2].latestYearUnits).toBe(truth[1].latestYearUnits + NEW_UNITS);

    const failures = answers.filter((a) => a.failure || a.answer?.status !== 200 || a.answer?.errors?.length || !a.answer?.data);
    expect(failures.map((a) => a.failure ?? JSON.stringify(a.answer))).toEqual([]);
    const inconsistent = answers.filter((a) => {
      const { version, totalCount, units } = countsOf(a.answer!);
      const t = truth[version as number];
      return !t || totalCount !== t.latestYearUnits || units !== t.inScope2024;
    });
    expect(inconsistent.map((a) => countsOf(a.answer!))).toEqual([]);
    expect(new Set(answers.map((a) => a.answer!.extensions!.warehouseVersion))).toEqual(new Set([1, 2]));
    // Each client's requests run one after the other: once one read version 2, none after it read version 1.
    for (let id = 0; id < CLIENTS; id++) {
      const versions = answers.filter((a) => a.client === id).map((a) => a.answer!.extensions!.warehouseVersion as number);
      expect(versions, `client ${id}`).toEqual([...versions].sort());
    }
    // The API answered all along the reload, not only before and after it.
    expect(answers.filter((a) => a.started > reloadStarted && a.finished < published).length).toBeGreaterThan(CLIENTS * 5);

    // Version 1 is closed once its last request ended; /health names the version served.
    await until(() => api.holder.openVersions().length === 1, "version 1 to close");
    expect(api.holder.openVersions()).toEqual([{ version: 2, inFlight: 0, current: true }]);
    expect(await api.health()).toMatchObject({ status: "ok", warehouseVersion: 2, versionFile: "warehouse-2.duckdb" });
    expect(api.log.errors).toEqual([]);
    expect(api.log.info.some((m) => m.startsWith("serving warehouse version 2"))).toBe(true);
  }, 600_000);

  it("a request in flight keeps reading its version after a switch; the old version closes when it ends, and publish keeps it while held", async () => {
    const lease = api.holder.acquire(); // a long request that started on version 2
    expect(lease.version).toBe(2);
    await publishWarehouse(base.db, { versionsDir });
    await api.waitForVersion(3);
    expect(api.holder.openVersions()).toEqual([
      { version: 2, inFlight: 1, current: false },
      { version: 3, inFlight: 0, current: true },
    ]);
    const [{ n }] = await lease.db
      .selectFrom("mart_unit_year")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .execute();
    expect(Number(n)).toBeGreaterThan(0);
    expect(countsOf(await api.query(COUNTS_QUERY)).version).toBe(3);

    // Newest two are 3 and 4; 2 is older but still held by the request above: kept.
    const fourth = await publishWarehouse(base.db, { versionsDir });
    expect(fourth.held).toEqual([2]);
    expect(existsSync(join(versionsDir, "warehouse-2.duckdb"))).toBe(true);
    await api.waitForVersion(4);

    lease.release();
    await until(() => api.holder.openVersions().length === 1 && [...heldVersions(versionsDir)].join() === "4", "versions 2 and 3 to close");
    const fifth = await publishWarehouse(base.db, { versionsDir });
    expect(fifth.deleted).toEqual(["warehouse-2.duckdb", "warehouse-3.duckdb"]);
    await api.waitForVersion(5);
    expect(
      readdirSync(versionsDir)
        .filter((f) => f.endsWith(".duckdb"))
        .sort(),
    ).toEqual(["warehouse-4.duckdb", "warehouse-5.duckdb"]);
  });

  it("a published version that cannot be opened is never served: the last good one keeps serving, the log says why", async () => {
    writeFileSync(join(versionsDir, "warehouse-9.duckdb"), "not a DuckDB file, e.g. a damaged copy".repeat(100));
    writeFileSync(
      join(versionsDir, "CURRENT"),
      JSON.stringify({ version: 9, file: "warehouse-9.duckdb", publishedAt: new Date().toISOString(), source: "test", bytes: 0, martRows: 0 }),
    );
    expect(await api.holder.check()).toBe(false);
    expect(await api.holder.check()).toBe(false);
    expect(api.holder.version).toBe(5);
    expect(api.log.errors.filter((m) => m.includes("cannot open warehouse version 9"))).toHaveLength(1);
    const answer = await api.query(COUNTS_QUERY);
    expect(answer.errors).toBeUndefined();
    expect(countsOf(answer).version).toBe(5);

    // The next good publish wins.
    const next = await publishWarehouse(base.db, { versionsDir });
    expect(next.published.version).toBe(10);
    await api.waitForVersion(10);
  });

  it("a publish killed before it switched leaves CURRENT and the server as they were; the next publish cleans up", async () => {
    const killed = await killAtFailpoint(["publish", "--db", base.db, "--versions", versionsDir], "publish-before-switch");
    expect(killed.signal).toBe("SIGKILL");
    expect(readCurrentVersion(versionsDir)?.version).toBe(10);
    expect(readdirSync(versionsDir).some((f) => f.startsWith(".warehouse-11.duckdb.tmp-"))).toBe(true);
    expect(countsOf(await api.query(COUNTS_QUERY)).version).toBe(10);

    const next = await publishWarehouse(base.db, { versionsDir });
    expect(next.published.version).toBe(11);
    expect(next.deleted.some((f) => f.startsWith(".warehouse-11.duckdb.tmp-"))).toBe(true);
    expect(readdirSync(versionsDir).filter((f) => f.includes(".tmp-"))).toEqual([]);
    await api.waitForVersion(11);
  });

  it("refuses to publish a warehouse that was never built, with a clear message", async () => {
    const empty = join(tmp.dir, "empty.duckdb");
    await (await openWarehouse(empty)).close();
    await expect(publishWarehouse(empty, { versionsDir })).rejects.toThrow(PublishFailedError);
    await expect(publishWarehouse(empty, { versionsDir })).rejects.toThrow(/has no main\.mart_unit_year .*run `etl build` before publishing/);
    expect(readCurrentVersion(versionsDir)?.version).toBe(11);
  });
});
