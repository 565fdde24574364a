/**
 * The catalog's conditions (queries/semantic/conditions.catalog.ts) evaluated by DuckDB on
 * hand-made rows: which rows each selects, on the mart's columns and on a rollup's, worked
 * out by hand below, with the boundaries (workers exactly minWorkers, a fee of exactly 0)
 * and NULL flags, which never match.
 */
import { expressionBuilder, type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openWarehouse, type Warehouse } from "../../etl/warehouse/warehouse.js";
import type { AnyEb, ConditionName } from "../../queries/semantic/catalog.types.js";
import { bandsFrom, CONDITIONS, checkMinWorkers } from "../../queries/semantic/conditions.catalog.js";
import { errorOf } from "../helpers/thrown-error.js";

/** Unit-years: no, active, workers, size band, has a union, agreement in force. */
const UNIT_YEARS = `(select * from (values
  (1, true, 20, '20-49', true, true),
  (2, true, 19, '5-19', true, false),
  (3, false, 300, '200-999', false, false),
  (4, true, null, null, false, false),
  (5, true, 50, '50-199', false, false),
  (6, null, 25, '20-49', null, null)
) t(no, active, workers, size_band, has_union, agreement_in_force))`;

/** Unit-periods: no, fee due, paid, SI arrears, paid late. */
const UNIT_PERIODS = `(select * from (values (1, 100, 0, 0, 0), (2, 0, 0, 5, 0), (3, 100, 50, 0, 10), (4, 0, 30, 0, 0)) t(no, due, paid, si_arrears, paid_late))`;

const anyEb = expressionBuilder<any, any>();
let warehouse: Warehouse<any>;
beforeAll(async () => {
  warehouse = await openWarehouse<any>(":memory:");
});
afterAll(() => warehouse.close());

async function selected(rows: string, where: (eb: AnyEb) => unknown): Promise<number[]> {
  const db = warehouse.db as Kysely<any>;
  const found = await db
    .selectFrom(sql.raw(rows).as("u"))
    .select("u.no")
    .where((eb) => where(eb) as never)
    .orderBy("u.no")
    .execute();
  return found.map((r) => Number(r.no));
}

const onMart = (name: ConditionName, minWorkers = 20) => selected(UNIT_YEARS, (eb) => CONDITIONS[name].sql(eb, { minWorkers }));
const onRollup = (name: ConditionName, minWorkers = 20) => selected(UNIT_YEARS, (eb) => CONDITIONS[name].rollupSql!(eb, { minWorkers }));

describe("unit-year conditions", () => {
  test("IN_SCOPE: active and workers ≥ minWorkers (exactly 20 is in); on a rollup, the size bands from minWorkers", async () => {
    expect(await onMart("IN_SCOPE")).toEqual([1, 5]);
    expect(await onMart("IN_SCOPE", 19)).toEqual([1, 2, 5]);
    expect(await onRollup("IN_SCOPE")).toEqual([1, 5]);
    expect(await onRollup("IN_SCOPE", 50)).toEqual([5]);
    expect(CONDITIONS.IN_SCOPE.rollupSql!(anyEb, { minWorkers: 19 })).toBeNull();
  });

  test("ACTIVE, HAS_UNION, NO_UNION, AGREEMENT_IN_FORCE, WORKERS_KNOWN, the same on the mart and on a rollup", async () => {
    const expected: [ConditionName, number[]][] = [
      ["ACTIVE", [1, 2, 4, 5]],
      ["HAS_UNION", [1, 2]],
      ["NO_UNION", [3, 4, 5]],
      ["AGREEMENT_IN_FORCE", [1]],
      ["WORKERS_KNOWN", [1, 2, 3, 5, 6]],
    ];
    for (const [name, rows] of expected) {
      expect(await onMart(name), name).toEqual(rows);
      expect(await onRollup(name), `${name} on a rollup`).toEqual(rows);
    }
  });

  test("a minWorkers that is not a whole number ≥ 0 is BAD_USER_INPUT naming minWorkers, on the mart and on a rollup", () => {
    const expected = { message: "minWorkers must be a whole number ≥ 0, got -1", extensions: { argument: "minWorkers", code: "BAD_USER_INPUT" } };
    expect(errorOf(() => checkMinWorkers(-1))).toEqual(expected);
    expect(errorOf(() => CONDITIONS.IN_SCOPE.sql(anyEb, { minWorkers: -1 }))).toEqual(expected);
    expect(errorOf(() => CONDITIONS.IN_SCOPE.rollupSql!(anyEb, { minWorkers: -1 }))).toEqual(expected);
    expect(errorOf(() => checkMinWorkers(2.5)).message).toBe("minWorkers must be a whole number ≥ 0, got 2.5");
    expect(checkMinWorkers(0)).toBe(0);
  });

  test("bandsFrom: the bands at or above a band's lower bound, null between bounds", () => {
    expect(bandsFrom(0)).toEqual(["<5", "5-19", "20-49", "50-199", "200-999", "1000+"]);
    expect(bandsFrom(20)).toEqual(["20-49", "50-199", "200-999", "1000+"]);
    expect(bandsFrom(1000)).toEqual(["1000+"]);
    expect(bandsFrom(10)).toBeNull();
    expect(bandsFrom(1001)).toBeNull();
  });
});

describe("unit-period conditions (no rollup form)", () => {
  test("OWES_FEE, PAID_NOTHING, PAID_SOMETHING, HAS_SI_ARREARS, PAID_LATE: a value of exactly 0 is not above 0", async () => {
    const expected: [ConditionName, number[]][] = [
      ["OWES_FEE", [1, 3]],
      ["PAID_NOTHING", [1, 2]],
      ["PAID_SOMETHING", [3, 4]],
      ["HAS_SI_ARREARS", [2]],
      ["PAID_LATE", [3]],
    ];
    for (const [name, rows] of expected) {
      expect(await selected(UNIT_PERIODS, (eb) => CONDITIONS[name].sql(eb, { minWorkers: 20 })), name).toEqual(rows);
      expect(CONDITIONS[name].rollupSql, name).toBeUndefined();
      expect(CONDITIONS[name].grain, name).toBe("UNIT_MONTH");
    }
  });
});
