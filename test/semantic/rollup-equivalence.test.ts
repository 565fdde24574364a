import fc from "fast-check";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Dimension } from "../../queries/dimensions.js";
import type { EnterpriseFilter } from "../../queries/filters.js";
import { analytics } from "../../queries/semantic/analytics.js";
import type { AnalyticsRequest } from "../../queries/semantic/analytics-question.js";
import { measureAggregate } from "../../queries/semantic/analytics-sql.js";
import type { BaseMeasureSpec } from "../../queries/semantic/catalog.types.js";
import { MEASURES } from "../../queries/semantic/measures.catalog.js";
import { ROLLUPS } from "../../queries/semantic/rollups.catalog.js";
import { UNIT_PERIOD_COLUMN_NAMES, unitPeriodOfMonth } from "../../queries/semantic/unit-period.catalog.js";
import { buildSampleWarehouse, type SampleWarehouse } from "../helpers/sample-warehouse.js";

/**
 * The planner's rollups give exactly the marts' answers: hundreds of random questions
 * (measures × groupBy × filters × having × orderBy × minWorkers × time grain), each answered
 * twice on the same sample warehouse, from the marts only and with the rollups, must agree
 * row for row, value for value (integers and money equal, rates the same doubles). The
 * questions are drawn mostly from what a rollup can serve, so about a third are answered (in
 * part) from one.
 */
const ROLLUP_DIMENSIONS = [...new Set(ROLLUPS.flatMap((r) => r.dimensions))] as Dimension[];
const OTHER_DIMENSIONS: Dimension[] = ["INDUSTRIAL_ZONE", "UPPER_UNION"];
const YEARLY = MEASURES.filter((m) => m.grain !== "UNIT_MONTH").map((m) => m.name);
const MONTHLY = MEASURES.filter((m) => m.grain === "UNIT_MONTH").map((m) => m.name);

let sample: SampleWarehouse;
let districts: string[];

beforeAll(async () => {
  sample = await buildSampleWarehouse({ units: 400, seed: 11 });
  districts = (await sample.rows("select distinct district_code from mart_unit_year where district_code is not null order by 1")).map(([d]) => d as string);
}, 120_000);
afterAll(async () => {
  await sample?.close();
});

const leaf = (): fc.Arbitrary<EnterpriseFilter> =>
  fc.oneof(
    fc.record({ hasUnion: fc.boolean() }),
    fc.record({ active: fc.boolean() }),
    fc.record({ agreementInForce: fc.boolean() }),
    fc.record({ districtCodeIn: fc.subarray(districts, { minLength: 1, maxLength: 3 }) }),
    fc.record({ sectorIn: fc.subarray(["A", "C", "F", "G", "H", "I"], { minLength: 1, maxLength: 3 }) }),
    fc.record({ ownershipIn: fc.subarray(["STATE", "NON_STATE", "FDI"], { minLength: 1 }) }),
    fc.record({ sizeBandIn: fc.subarray(["<5", "5-19", "20-49", "50-199"], { minLength: 1 }) }),
  );

const filter = (): fc.Arbitrary<EnterpriseFilter | null> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant(null) },
    { weight: 3, arbitrary: leaf() },
    { weight: 1, arbitrary: fc.record({ NOT: leaf() }) },
    { weight: 1, arbitrary: fc.record({ AND: fc.array(leaf(), { minLength: 1, maxLength: 2 }) }) },
    { weight: 1, arbitrary: fc.record({ OR: fc.array(leaf(), { minLength: 1, maxLength: 2 }) }) },
    { weight: 1, arbitrary: fc.record({ minWorkers: fc.constantFrom(10, 50) }) }, // no rollup keeps workers: the marts answer
  );

const time = fc.oneof(
  fc.record({ year: fc.integer({ min: 2020, max: 2025 }) }),
  fc.constantFrom({ from: "2022-01-01", to: "2024-12-31", grain: "YEAR" as const }, { from: "2024-01-01", to: "2024-12-31", grain: "QUARTER" as const }),
  fc.constantFrom(
    { from: "2024-03-01", to: "2024-03-31", grain: "MONTH" as const },
    { from: "2023-11-01", to: "2024-02-29", grain: "MONTH" as const },
    { from: "2025-01-01", to: "2025-06-30", grain: "QUARTER" as const },
  ),
);

const question = time.chain((t) => {
  const pool = "year" in t || t.grain === "YEAR" ? [...YEARLY, ...MONTHLY] : MONTHLY;
  return fc.record({
    time: fc.constant(t),
    selected: fc.subarray(pool, { minLength: 1, maxLength: 5 }),
    groupBy: fc.oneof(
      { weight: 4, arbitrary: fc.subarray(ROLLUP_DIMENSIONS, { maxLength: 2 }) },
      { weight: 1, arbitrary: fc.subarray(OTHER_DIMENSIONS, { maxLength: 1 }) },
    ),
    filter: filter(),
    minWorkers: fc.constantFrom(20, 20, 0, 5, 50, 10),
    having: fc.option(fc.record({ index: fc.nat(), op: fc.constantFrom("gt", "lte"), value: fc.constantFrom(0, 0.5, 3, 1000) }), { nil: null }),
    order: fc.option(fc.record({ index: fc.nat(), direction: fc.constantFrom("ASC" as const, "DESC" as const) }), { nil: null }),
  });
});

type Question = typeof question extends fc.Arbitrary<infer Q> ? Q : never;

function request(q: Question): AnalyticsRequest {
  const pick = (i: number) => q.selected[i % q.selected.length];
  return {
    ...q.time,
    selected: q.selected,
    groupBy: q.groupBy,
    filter: q.filter,
    minWorkers: q.minWorkers,
    having: q.having ? [{ measure: pick(q.having.index), [q.having.op]: q.having.value }] : null,
    orderBy: q.order ? [{ measure: pick(q.order.index), direction: q.order.direction }] : null,
    first: 500,
  };
}

describe("rollup answers equal mart answers", () => {
  test("300 random questions: the same rows, values, total and count with and without the rollups", async () => {
    const sources = { rollup: 0, mart: 0 };
    await fc.assert(
      fc.asyncProperty(question, async (q) => {
        const r = request(q);
        const fromMarts = await analytics(sample.warehouse.db, r, { useRollups: false });
        const planned = await analytics(sample.warehouse.db, r);
        expect(fromMarts.source).not.toContain("rollup_");
        if (planned.source.includes("rollup_")) sources.rollup++;
        else sources.mart++;
        expect({ ...planned, source: null }).toEqual({ ...fromMarts, source: null });
      }),
      { numRuns: 300, seed: 20240611 },
    );
    // Many questions are (partly) answered from a rollup, so they really compared two sources; membership
    // returns, per-unit fee measures over several periods and the dimensions no rollup keeps read the marts.
    expect(sources.rollup).toBeGreaterThan(80);
    expect(sources.mart).toBeGreaterThan(20);
  }, 600_000);

  test("a question no rollup covers is read from the marts, and `source` says so", async () => {
    const base = { year: 2024, groupBy: ["DISTRICT"] as Dimension[], minWorkers: 20, selected: ["coverageRate"] };
    expect((await analytics(sample.warehouse.db, base)).source).toBe("rollup_unit_year");
    expect((await analytics(sample.warehouse.db, { ...base, minWorkers: 10 })).source).toBe("mart_unit_year"); // not a size-band boundary
    expect((await analytics(sample.warehouse.db, { ...base, groupBy: ["UPPER_UNION"] })).source).toBe("mart_unit_year");
    expect((await analytics(sample.warehouse.db, { ...base, filter: { nameSearch: "xây dựng" } })).source).toBe("mart_unit_year");
    const fee = { from: "2024-01-01", to: "2024-03-31", grain: "MONTH" as const, groupBy: [] as Dimension[], minWorkers: 20 };
    expect((await analytics(sample.warehouse.db, { ...fee, selected: ["feeDue", "collectionRate"] })).source).toBe("rollup_finance_month");
    // arrears per unit over a three-month range (the total) cannot come from month sums
    expect((await analytics(sample.warehouse.db, { ...fee, selected: ["arrears"] })).source).toBe("mart_unit_month_finance");
    expect((await analytics(sample.warehouse.db, { ...fee, to: "2024-01-31", selected: ["arrears"] })).source).toBe("rollup_finance_month");
  });
});

/**
 * The mart_unit_year columns the catalog names as a measure held per unit-year
 * (`unitYearColumn`: what forecasts and the recruitment plan read) hold that measure: for
 * every year, Σ over the unit-years equals the measure over its own grain's rows (the
 * returns, or the unit-months) of the units the mart has that year.
 */
describe("measures held per unit-year equal the measure at its grain", () => {
  const held = MEASURES.filter((m): m is BaseMeasureSpec => m.kind !== "RATIO" && m.unitYearColumn !== undefined);

  test.each(held.map((m) => [m.name, m.grain, m.unitYearColumn!]))("%s (%s) in mart_unit_year.%s", async (name, grain) => {
    const db = sample.warehouse.db as unknown as Kysely<any>;
    const params = { minWorkers: 20 };
    const byYear = (rows: Record<string, unknown>[]) => new Map(rows.map((r) => [Number(r.year), BigInt(String(r.v ?? 0))]));
    const perUnitYear = byYear(
      await db
        .selectFrom("mart_unit_year as u")
        .groupBy("u.year")
        .select((eb) => ["u.year", measureAggregate(eb, name, params, { unitYear: true }).as("v")])
        .execute(),
    );
    const rows =
      grain === "UNION_YEAR"
        ? db
            .selectFrom("fct_membership_yearly as m")
            .innerJoin("mart_unit_year as u", (j) => j.onRef("u.tax_code", "=", "m.tax_code").onRef("u.year", "=", "m.year"))
        : db.selectFrom(
            db
              .selectFrom("mart_unit_month_finance as f")
              .innerJoin("mart_unit_year as u", (j) => j.onRef("u.tax_code", "=", "f.tax_code").onRef("u.year", "=", "f.year"))
              .select(["f.year", ...unitPeriodOfMonth(UNIT_PERIOD_COLUMN_NAMES, "f")])
              .as("m"),
          );
    const atGrain = byYear(
      await rows
        .groupBy("m.year")
        .select((eb: any) => ["m.year", measureAggregate(eb, name, params).as("v")])
        .execute(),
    );
    expect(atGrain).toEqual(perUnitYear);
    expect(
      [...perUnitYear.values()].some((v) => v > 0n),
      `${name} is 0 in every year of the sample`,
    ).toBe(true);
  });
});
