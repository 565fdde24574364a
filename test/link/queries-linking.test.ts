import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWarehouse } from "../../etl/build/build-warehouse.js";
import { openWarehouse, type Warehouse } from "../../etl/warehouse/warehouse.js";
import type { Db } from "../../queries/database.js";
import { decisionsOf, recordDecision, reviewQueue, reviewQueueSize } from "../../queries/linking.js";
import { linkRates } from "../../queries/quality.js";
import { codeFrom, insertReviewScenario, REVIEW_UNIT_A, REVIEW_UNIT_B, rows } from "./scenario-helpers.js";

const A = REVIEW_UNIT_A;
const B = REVIEW_UNIT_B;

/** The API's linking queries (queries/linking.ts) over a small built warehouse. */
describe("linking queries", () => {
  let w: Warehouse;
  let db: Db;
  beforeAll(async () => {
    w = await openWarehouse(":memory:");
    db = w.db;
    await insertReviewScenario(w);
    await buildWarehouse(w.connection);
  });
  afterAll(async () => w?.close());

  it("lists the review queue with both sides' evidence, and its size", async () => {
    const queue = await reviewQueue(db, { limit: 10 });
    expect(queue.map((r) => [r.dataset, r.source_key, r.tax_code, r.candidate_rank, r.reason])).toEqual([
      ["union_grassroots_unions", "U-B", B, 1n, "NAME_DISAGREES"],
    ]);
    expect(queue[0]).toMatchObject({
      source_name: "Công ty Sao Mai",
      unit_name: "Hợp tác xã Vận tải Triệu Phong",
      tax_code_level: "ONE_EDIT",
      name_level: "DIFFERENT",
    });
    expect(await reviewQueueSize(db)).toEqual([{ dataset: "union_grassroots_unions", records: 1, pairs: 1 }]);
    expect(await reviewQueue(db, { dataset: "si_contributions", limit: 10 })).toEqual([]);
  });

  it("gives link rates per source and method", async () => {
    const rates = await linkRates(w.db);
    expect(rates.filter((r) => r.dataset === "union_grassroots_unions")).toEqual([
      { dataset: "union_grassroots_unions", method: "FUZZY_NAME", rows: 1, share: 0.5, mean_confidence: expect.any(Number) },
      { dataset: "union_grassroots_unions", method: "UNLINKED", rows: 1, share: 0.5, mean_confidence: 0 },
    ]);
    expect(rates.find((r) => r.method === "FUZZY_NAME")!.mean_confidence).toBeGreaterThan(0.99);
  });

  it("records a decision that the next build applies", async () => {
    const stored = await recordDecision(db, {
      dataset: "union_grassroots_unions",
      sourceKey: "U-B",
      taxCode: `${B.slice(0, 4)} ${B.slice(4)}`,
      decision: "ACCEPT",
      decidedBy: "analyst@ldld",
      note: "checked by phone",
      decidedAt: new Date("2025-05-02T10:30:00Z"),
    });
    const expected = {
      dataset: "union_grassroots_unions",
      source_key: "U-B",
      tax_code: B,
      decision: "ACCEPT",
      decided_by: "analyst@ldld",
      decided_at: new Date("2025-05-02T10:30:00Z"),
      note: "checked by phone",
    };
    expect(stored).toEqual(expected); // the code written with a space comes back compact
    expect(await decisionsOf(db, "union_grassroots_unions", "U-B")).toEqual([expected]);
    await buildWarehouse(w.connection);
    const link = await rows(w, `select tax_code, method, confidence from main.int_unit_links where source_key = 'U-B'`);
    expect(link).toEqual([{ tax_code: B, method: "ANALYST_ACCEPTED", confidence: 1 }]);
    expect(await reviewQueue(db, { limit: 10 })).toEqual([]);
  });

  it("refuses a decision on an unknown source or unit, or a bad value", async () => {
    const base = { dataset: "union_grassroots_unions", sourceKey: "U-A", taxCode: A, decision: "REJECT" as const, decidedBy: "analyst" };
    await expect(recordDecision(db, { ...base, sourceKey: "U-NONE" })).rejects.toThrow(/no union_grassroots_unions rows have the source key/);
    await expect(recordDecision(db, { ...base, taxCode: codeFrom(9000) })).rejects.toThrow(/no employer unit has the tax code/);
    await expect(recordDecision(db, { ...base, taxCode: "123" })).rejects.toThrow(/is not a tax code/);
    await expect(recordDecision(db, { ...base, decision: "MAYBE" as "ACCEPT" })).rejects.toThrow(/ACCEPT or REJECT/);
    await expect(recordDecision(db, { ...base, decidedBy: " " })).rejects.toThrow(/who decided/);
  });
});
