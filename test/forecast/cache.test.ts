/** The result cache on its own: keys, eviction, the version read. (Over HTTP: test/api/forecast-cache.test.ts.) */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { canonicalJson, configureResultCache, DEFAULT_VERSION_CHECK_MS, ResultCache, resultCacheFor, warehouseVersion } from "../../queries/forecast-cache.js";
import type { TinyWarehouse } from "../api/fixtures/tiny-warehouse.js";
import { addBatch, openPlanningWarehouse } from "./fixtures/planning-warehouse.js";

let tiny: TinyWarehouse;
beforeAll(async () => {
  tiny = await openPlanningWarehouse();
});
afterAll(() => tiny.close());

test("equal arguments give equal keys, whatever the key order; arrays keep theirs", () => {
  expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null }, e: undefined })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
  expect(canonicalJson({ a: { c: null, d: [2, 1] }, b: 1 })).toBe(canonicalJson({ b: 1, a: { d: [2, 1], c: null } }));
  expect(canonicalJson({ groupBy: ["A", "B"] })).not.toBe(canonicalJson({ groupBy: ["B", "A"] }));
});

test("the version is one statement and changes with a new batch", async () => {
  tiny.resetStatements();
  const before = await warehouseVersion(tiny.warehouse.db);
  expect(tiny.statements).toHaveLength(1);
  await addBatch(tiny.warehouse, 7n, "2026-03-01 10:00:00");
  expect(await warehouseVersion(tiny.warehouse.db)).not.toBe(before);
});

test("least recently used results go first", async () => {
  const cache = new ResultCache(tiny.warehouse.db, { maxEntries: 2, versionCheckMs: 60_000 });
  let computed = 0;
  const get = (key: string) => cache.get("k", key, async () => ++computed);
  await get("a");
  await get("b");
  await get("a"); // a is now the most recent
  await get("c"); // evicts b
  expect(cache.size).toBe(2);
  expect(computed).toBe(3);
  await get("a");
  expect(computed).toBe(3);
  await get("b");
  expect(computed).toBe(4);
});

/** A computation the test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("the version's parts", () => {
  test("batches (count, last id, last finish), then count and fingerprint of the mart, the unlinked returns and the targets", async () => {
    const fresh = await openPlanningWarehouse();
    try {
      const parts = (await warehouseVersion(fresh.warehouse.db)).split("|");
      expect(parts).toHaveLength(4);
      // One batch (id 1, finished 2026-01-15 08:00); 67 unit-years; the 7 yearly returns of the union linked to no unit; 7 targets.
      expect(parts[0]).toBe("1/1/2026-01-15 08:00:00");
      expect(parts.slice(1).map((p) => p.split("/")[0])).toEqual(["67", "7", "7"]);
      for (const p of parts.slice(1)) expect(p).toMatch(/^\d+\/\d+$/);
    } finally {
      await fresh.close();
    }
  });

  test("an unlinked return or a target changed is a new version; a linked return is not read", async () => {
    const fresh = await openPlanningWarehouse();
    const { db } = fresh.warehouse;
    try {
      const v0 = await warehouseVersion(db);
      await sql`update fct_membership_yearly set new_members = new_members + 1 where tax_code is not null and year = 2025`.execute(db);
      expect(await warehouseVersion(db)).toBe(v0);
      await sql`update fct_membership_yearly set new_members = new_members + 1 where tax_code is null and year = 2025`.execute(db);
      const v1 = await warehouseVersion(db);
      expect(v1.split("|")[2]).not.toBe(v0.split("|")[2]);
      expect(v1.split("|")[1]).toBe(v0.split("|")[1]);
      await sql`update ref.targets set value = value + 1 where target_id = (select min(target_id) from ref.targets)`.execute(db);
      const v2 = await warehouseVersion(db);
      expect(v2.split("|")[3]).not.toBe(v1.split("|")[3]);
      expect(v2.split("|").slice(0, 3)).toEqual(v1.split("|").slice(0, 3));
    } finally {
      await fresh.close();
    }
  });
});

describe("the result cache", () => {
  let clock = 0;
  const now = () => clock;
  const versionReads = () => tiny.statements.filter((s) => /lineage/.test(s)).length;
  let batch = 100n;
  /** A new warehouse version: a new batch. */
  const newVersion = () => addBatch(tiny.warehouse, ++batch, "2026-04-01 10:00:00");

  test("the version is read again only once the interval has passed (at exactly the interval, it is)", async () => {
    clock = 5_000;
    const cache = new ResultCache(tiny.warehouse.db, { versionCheckMs: 1_000, now });
    tiny.resetStatements();
    await cache.get("k", 1, async () => 1);
    expect(versionReads()).toBe(1);
    clock += 999;
    await cache.get("k", 2, async () => 2);
    expect(versionReads()).toBe(1);
    clock += 1; // 1,000 after the read
    await cache.get("k", 3, async () => 3);
    expect(versionReads()).toBe(2);
    // The interval runs from the last read, not the first.
    clock += 999;
    await cache.get("k", 4, async () => 4);
    expect(versionReads()).toBe(2);
    clock += 1;
    await cache.get("k", 5, async () => 5);
    expect(versionReads()).toBe(3);
  });

  test("by default the version is read every 30 s, on the wall clock", async () => {
    expect(DEFAULT_VERSION_CHECK_MS).toBe(30_000);
    clock = 0;
    const cache = new ResultCache(tiny.warehouse.db, { now });
    tiny.resetStatements();
    await cache.get("k", 1, async () => 1);
    clock += 29_999;
    await cache.get("k", 2, async () => 2);
    expect(versionReads()).toBe(1);
    clock += 1;
    await cache.get("k", 3, async () => 3);
    expect(versionReads()).toBe(2);
    const wall = new ResultCache(tiny.warehouse.db);
    tiny.resetStatements();
    await wall.get("k", 1, async () => 1);
    await wall.get("k", 2, async () => 2);
    expect(versionReads()).toBe(1);
  });

  test("by default 500 results are kept, the least recently used dropped", async () => {
    const cache = new ResultCache(tiny.warehouse.db, { versionCheckMs: 60_000, now: () => 0 });
    let computed = 0;
    for (let i = 0; i < 501; i++) await cache.get("k", i, async () => ++computed);
    expect(cache.size).toBe(500);
    await cache.get("k", 500, async () => ++computed);
    expect(computed).toBe(501);
    await cache.get("k", 0, async () => ++computed);
    expect(computed).toBe(502);
  });

  test("the same version read again keeps the results; a new version drops them", async () => {
    clock = 0;
    const cache = new ResultCache(tiny.warehouse.db, { versionCheckMs: 1_000, now });
    let computed = 0;
    const get = (key: string) => cache.get("k", key, async () => ++computed);
    await get("a");
    await get("b");
    clock += 1_000;
    expect(await get("a")).toBe(1);
    expect(cache.size).toBe(2);
    await newVersion();
    clock += 1_000;
    expect(await get("a")).toBe(3);
    expect(cache.size).toBe(1);
  });

  test("callers arriving while the version is being read share that one read", async () => {
    const cache = new ResultCache(tiny.warehouse.db, { versionCheckMs: 1_000, now: () => 0 });
    tiny.resetStatements();
    expect(await Promise.all([cache.get("k", 1, async () => "one"), cache.get("k", 2, async () => "two")])).toEqual(["one", "two"]);
    expect(versionReads()).toBe(1);
  });

  test("identical calls in flight share one computation", async () => {
    const cache = new ResultCache(tiny.warehouse.db, { versionCheckMs: 60_000, now: () => 0 });
    let computed = 0;
    const pending = deferred<string>();
    const compute = () => {
      computed++;
      return pending.promise;
    };
    const first = cache.get("k", { x: 1 }, compute);
    await new Promise((r) => setTimeout(r, 0));
    const second = cache.get("k", { x: 1 }, compute);
    pending.resolve("done");
    expect(await Promise.all([first, second])).toEqual(["done", "done"]);
    expect(computed).toBe(1);
  });

  test("a failed computation is not kept: the next call computes again", async () => {
    const cache = new ResultCache(tiny.warehouse.db, { versionCheckMs: 60_000, now: () => 0 });
    await expect(cache.get("k", 1, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(cache.size).toBe(0);
    expect(await cache.get("k", 1, async () => "ok")).toBe("ok");
    expect(await cache.get("k", 1, async () => "again")).toBe("ok");
  });

  test("a computation of an old version that settles late leaves the new version's result alone", async () => {
    clock = 0;
    const cache = new ResultCache(tiny.warehouse.db, { versionCheckMs: 1_000, now });
    const old = deferred<string>();
    const oldFailing = deferred<string>();
    let started = 0;
    const begin = (promise: Promise<string>) => () => {
      started++;
      return promise;
    };
    const first = cache.get("k", "a", begin(old.promise));
    const firstFailing = cache.get("k", "b", begin(oldFailing.promise));
    // Both computations under the old version have begun (the version read comes first).
    while (started < 2) await new Promise((r) => setTimeout(r, 5));
    await newVersion();
    clock += 1_000;
    expect(await cache.get("k", "a", async () => "new a")).toBe("new a");
    expect(await cache.get("k", "b", async () => "new b")).toBe("new b");
    old.resolve("old a");
    oldFailing.reject(new Error("old b failed"));
    expect(await first).toBe("old a");
    await expect(firstFailing).rejects.toThrow("old b failed");
    expect(await cache.get("k", "a", async () => "recomputed")).toBe("new a");
    expect(await cache.get("k", "b", async () => "recomputed")).toBe("new b");
  });

  test("one cache per warehouse, until it is replaced", () => {
    const db = tiny.warehouse.db;
    const cache = resultCacheFor(db);
    expect(resultCacheFor(db)).toBe(cache);
    const replaced = configureResultCache(db, { versionCheckMs: 0 });
    expect(replaced).not.toBe(cache);
    expect(resultCacheFor(db)).toBe(replaced);
  });
});
