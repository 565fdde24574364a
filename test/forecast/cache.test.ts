/** The result cache on its own: keys, eviction, the version read. (Over HTTP: test/api/forecast-cache.test.ts.) */
import { afterAll, beforeAll, expect, test } from "vitest";
import { canonicalJson, ResultCache, warehouseVersion } from "../../queries/forecast-cache.js";
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
