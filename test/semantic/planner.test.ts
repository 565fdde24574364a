/**
 * The planner (queries/semantic/planner.ts) on its own, with no warehouse: which relation
 * each grain of a question is read from, worked out by hand from the two rollups of
 * rollups.catalog.ts (rollup_unit_year: unit-year counts and sums by size band and the
 * unit filters; rollup_finance_month: fee sums at any grain, per-unit measures for one
 * month only).
 */
import { sql } from "kysely";
import { describe, expect, test } from "vitest";
import { openWarehouse } from "../../etl/warehouse/warehouse.js";
import { baseMeasuresOf } from "../../queries/semantic/measures.catalog.js";
import type { PlannedQuestion } from "../../queries/semantic/planner.js";
import { availableRollups, covers, filterFields, planQuestion } from "../../queries/semantic/planner.js";
import { ROLLUP_FINANCE_MONTH, ROLLUP_UNIT_YEAR } from "../../queries/semantic/rollups.catalog.js";

const BOTH = new Set([ROLLUP_UNIT_YEAR.name, ROLLUP_FINANCE_MONTH.name]);
const COVERAGE: PlannedQuestion = { measures: ["coverageRate"], groupBy: ["DISTRICT"], filter: null, timeGrain: "YEAR", periodCount: 1, minWorkers: 20 };
const FINANCE_UNITS: PlannedQuestion = { measures: ["financeUnits"], groupBy: [], filter: null, timeGrain: "MONTH", periodCount: 1, minWorkers: 0 };
const sourceOf = (q: Partial<PlannedQuestion>, available: ReadonlySet<string> = BOTH, base = COVERAGE) => planQuestion({ ...base, ...q }, available).source;

describe("filterFields", () => {
  test("the fields set, through AND, OR and NOT; a null field is not set, a false or 0 one is", () => {
    const fields = filterFields({
      hasUnion: false,
      minWorkers: 0,
      sectorIn: null,
      AND: [{ districtCodeIn: ["464"] }, { OR: [{ ownershipIn: ["FDI"] }, { NOT: { nameSearch: "điện" } }] }],
    });
    expect([...fields].sort()).toEqual(["districtCodeIn", "hasUnion", "minWorkers", "nameSearch", "ownershipIn"]);
    expect([...filterFields(null)]).toEqual([]);
    expect([...filterFields({ NOT: null, AND: null })]).toEqual([]);
  });
});

describe("planQuestion", () => {
  test("a rollup answers when it is available and rollups are used; else the grain's mart", () => {
    const plan = planQuestion(COVERAGE, BOTH);
    expect(plan.source).toBe("rollup_unit_year");
    expect([...plan.sources]).toEqual([["UNIT_YEAR", ROLLUP_UNIT_YEAR]]);
    expect(planQuestion(COVERAGE, BOTH, false)).toEqual({ sources: new Map([["UNIT_YEAR", null]]), source: "mart_unit_year" });
    expect(sourceOf({}, new Set())).toBe("mart_unit_year");
    expect(sourceOf({}, new Set([ROLLUP_FINANCE_MONTH.name]))).toBe("mart_unit_year");
  });

  test("a rollup of another grain never answers, even one that could compute the aggregate (count(*) of unit-months)", () => {
    // rollup_unit_year's count(*) with no condition is sum(units): a number, but of unit-years, not unit-months
    expect(sourceOf({}, new Set([ROLLUP_UNIT_YEAR.name]), FINANCE_UNITS)).toBe("mart_unit_month_finance");
    expect(sourceOf({}, BOTH, FINANCE_UNITS)).toBe("rollup_finance_month");
  });

  test("per-unit measures come from the month rollup for one month only", () => {
    expect(sourceOf({ periodCount: 2 }, BOTH, FINANCE_UNITS)).toBe("mart_unit_month_finance");
    expect(sourceOf({ timeGrain: "QUARTER" }, BOTH, FINANCE_UNITS)).toBe("mart_unit_month_finance");
    expect(sourceOf({ measures: ["feeDue"], timeGrain: "YEAR", periodCount: 3 }, BOTH, FINANCE_UNITS)).toBe("rollup_finance_month");
  });

  test("dimensions, filter fields and a minWorkers the rollup does not keep send the question to the mart", () => {
    expect(sourceOf({ groupBy: ["UPPER_UNION"] })).toBe("mart_unit_year");
    expect(sourceOf({ groupBy: ["DISTRICT", "SIZE_BAND"] })).toBe("rollup_unit_year");
    expect(sourceOf({ filter: { nameSearch: "điện" } })).toBe("mart_unit_year");
    expect(sourceOf({ filter: { NOT: { districtCodeIn: ["464"] }, hasUnion: true } })).toBe("rollup_unit_year");
    expect(sourceOf({ filter: { OR: [{ sectorIn: ["C"] }, { minWorkers: 50 }] } })).toBe("mart_unit_year");
    expect(sourceOf({ minWorkers: 10 })).toBe("mart_unit_year");
    expect(sourceOf({ minWorkers: 50 })).toBe("rollup_unit_year");
  });

  test("each grain planned on its own, named in the order the measures first need it", () => {
    const plan = planQuestion({ ...COVERAGE, measures: ["feeDue", "coverageRate", "newMembers", "feePaid"], groupBy: ["SECTOR"] }, BOTH);
    expect(plan.source).toBe("rollup_finance_month, rollup_unit_year, fct_membership_yearly");
    expect([...plan.sources.keys()]).toEqual(["UNIT_MONTH", "UNIT_YEAR", "UNION_YEAR"]);
    expect(planQuestion({ ...COVERAGE, measures: ["arrears", "units"], periodCount: 2 }, BOTH).source).toBe("mart_unit_month_finance, rollup_unit_year");
  });
});

describe("covers", () => {
  test("every measure of the grain must be computable: one the rollup cannot give rules it out", () => {
    expect(covers(ROLLUP_UNIT_YEAR, COVERAGE, baseMeasuresOf(["units", "workers"]))).toBe(true);
    expect(covers(ROLLUP_UNIT_YEAR, COVERAGE, baseMeasuresOf(["units", "uncoveredUnits"]))).toBe(true);
    expect(covers(ROLLUP_FINANCE_MONTH, FINANCE_UNITS, baseMeasuresOf(["feeDue", "arrears"]))).toBe(true);
    expect(covers(ROLLUP_FINANCE_MONTH, { ...FINANCE_UNITS, periodCount: 2 }, baseMeasuresOf(["feeDue", "arrears"]))).toBe(false);
  });
});

describe("availableRollups", () => {
  test("the warehouse's tables named rollup_… (an underscore, not any character), read once per connection", async () => {
    const warehouse = await openWarehouse<any>(":memory:");
    try {
      for (const table of ["rollup_a", "rollupxb", "mart_b"]) await sql.raw(`create table ${table} (x integer)`).execute(warehouse.db);
      const first = availableRollups(warehouse.db as never);
      expect([...(await first)]).toEqual(["rollup_a"]);
      await sql.raw("create table rollup_c (x integer)").execute(warehouse.db);
      expect(availableRollups(warehouse.db as never)).toBe(first);
    } finally {
      await warehouse.close();
    }
  });

  test("a failed look-up is not kept: the next call asks again", async () => {
    const warehouse = await openWarehouse<any>(":memory:");
    await warehouse.close();
    const first = availableRollups(warehouse.db as never);
    await expect(first).rejects.toThrow();
    const second = availableRollups(warehouse.db as never);
    expect(second).not.toBe(first);
    await expect(second).rejects.toThrow();
  });
});
