/**
 * The enterprise filter (queries/filters.ts) on its own, run on the tiny warehouse's 2024
 * rows: which units each field, combination and nesting selects, worked out by hand from
 * the UNITS table (test/api/fixtures/tiny-warehouse.ts), and the errors a caller gets.
 * Written to kill the mutants `npm run mutate` found alive in filters.ts (boundaries of
 * minWorkers/maxWorkers, NULL columns under NOT, empty lists, the nesting limit).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { compileEnterpriseFilter, type EnterpriseFilter, MAX_FILTER_NESTING } from "../../queries/filters.js";
import { errorOf } from "../helpers/thrown-error.js";
import { openTinyWarehouse, type TinyWarehouse, UNITS, unitNo } from "./fixtures/tiny-warehouse.js";

let tiny: TinyWarehouse;
beforeAll(async () => {
  tiny = await openTinyWarehouse();
});
afterAll(() => tiny.close());

const ALL = UNITS.map((u) => u.no);
const except = (...no: number[]) => ALL.filter((n) => !no.includes(n));
const range = (from: number, to: number) => ALL.filter((n) => n >= from && n <= to);

/** The numbers of the units whose 2024 row the filter selects, in order. */
async function matching(filter: EnterpriseFilter | null | undefined): Promise<number[]> {
  const numberOf = new Map(UNITS.map((u) => [unitNo(u.no).taxCode, u.no]));
  const rows = await tiny.warehouse.db
    .selectFrom("mart_unit_year as u")
    .select("u.tax_code")
    .where("u.year", "=", 2024)
    .where(compileEnterpriseFilter(filter))
    .execute();
  return rows.map((r) => numberOf.get(r.tax_code) ?? -1).sort((a, b) => a - b);
}

describe("one field at a time (2024)", () => {
  test("no filter, and an empty one, select all 30 units", async () => {
    expect(await matching(null)).toEqual(ALL);
    expect(await matching(undefined)).toEqual(ALL);
    expect(await matching({})).toEqual(ALL);
  });

  test("flags, true and false: active (unit 9 closed in 2023), hasUnion, agreementInForce", async () => {
    expect(await matching({ active: true })).toEqual(except(9));
    expect(await matching({ active: false })).toEqual([9]);
    const unionised = [1, 2, 7, 10, 12, 14, 16, 17, 19, 21, 23, 26, 29];
    expect(await matching({ hasUnion: true })).toEqual(unionised);
    expect(await matching({ hasUnion: false })).toEqual(except(...unionised));
    expect(await matching({ agreementInForce: true })).toEqual([1, 7, 10, 14, 16, 17, 21, 26]);
    expect(await matching({ hasUnion: null, active: null })).toEqual(ALL);
  });

  test("minWorkers and maxWorkers include their bound; a unit with no workers figure (9, 13) matches neither", async () => {
    expect(await matching({ minWorkers: 250 })).toEqual([1, 3, 12, 16, 18]); // unit 1 has exactly 250
    expect(await matching({ minWorkers: 251 })).toEqual([3, 12, 16, 18]);
    expect(await matching({ maxWorkers: 20 })).toEqual([5, 6, 11, 20, 27, 29]); // 6 and 29 have exactly 20
    expect(await matching({ maxWorkers: 19 })).toEqual([5, 11, 20, 27]);
    expect(await matching({ minWorkers: 20, maxWorkers: 22 })).toEqual([6, 15, 29]);
    expect(await matching({ minWorkers: 0 })).toEqual(except(9, 13));
  });

  test("a workers bound that is not a whole number ≥ 0 is BAD_USER_INPUT naming the field", () => {
    expect(errorOf(() => compileEnterpriseFilter({ minWorkers: -1 }))).toEqual({
      message: "minWorkers must be a whole number ≥ 0, got -1",
      extensions: { field: "minWorkers", code: "BAD_USER_INPUT" },
    });
    expect(errorOf(() => compileEnterpriseFilter({ maxWorkers: 2.5 }))).toEqual({
      message: "maxWorkers must be a whole number ≥ 0, got 2.5",
      extensions: { field: "maxWorkers", code: "BAD_USER_INPUT" },
    });
  });

  test("code lists: each selects its column's values; an empty list selects nothing", async () => {
    expect(await matching({ districtCodeIn: ["464"] })).toEqual(range(1, 15));
    expect(await matching({ communeCodeIn: ["19363"] })).toEqual([1, 3, 4, 8, 9, 10, 11, 14]);
    expect(await matching({ newCommuneCodeIn: ["19333"] })).toEqual(range(16, 30)); // 19339 merged into 19333
    expect(await matching({ provinceCodeIn: ["44"] })).toEqual(ALL);
    expect(await matching({ provinceCodeIn: ["45"] })).toEqual([]);
    expect(await matching({ sectorIn: ["D"] })).toEqual([1, 10, 16]);
    expect(await matching({ ownershipIn: ["FDI"] })).toEqual([3, 14, 18, 23]);
    expect(await matching({ legalFormIn: ["DNTN", "HTX"] })).toEqual([5, 6, 27]);
    expect(await matching({ statusIn: ["SUSPENDED"] })).toEqual([28]);
    expect(await matching({ statusIn: ["CLOSED"] })).toEqual([9]);
    expect(await matching({ sizeBandIn: ["20-49"] })).toEqual([4, 6, 8, 10, 15, 25, 28, 29]);
    expect(await matching({ workersSourceIn: ["LABOUR_H1"] })).toEqual([6, 24]);
    expect(await matching({ workersSourceIn: ["NONE"] })).toEqual([9, 13]);
    expect(await matching({ industrialZoneIn: ["KCN Nam Đông Hà"] })).toEqual([18, 25]);
    expect(await matching({ upperUnionIn: ["LĐLĐ huyện Vĩnh Linh"] })).toEqual([1, 2, 7, 10, 12]);
    expect(await matching({ upperUnionIn: ["Công đoàn các Khu kinh tế tỉnh"] })).toEqual([14]);
    expect(await matching({ sectorIn: [] })).toEqual([]);
    expect(await matching({ sectorIn: null })).toEqual(ALL);
  });

  test("taxCodeIn reads any written form of a code (the branch as 13 digits or with its dash); an unreadable code is BAD_USER_INPUT", async () => {
    const branch = unitNo(10);
    expect(await matching({ taxCodeIn: [branch.shownTaxCode] })).toEqual([10]);
    expect(await matching({ taxCodeIn: [branch.taxCode, unitNo(16).taxCode] })).toEqual([10, 16]);
    expect(await matching({ taxCodeIn: [] })).toEqual([]);
    expect(errorOf(() => compileEnterpriseFilter({ taxCodeIn: ["12345"] })).extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      argument: "filter.taxCodeIn",
    });
  });

  test("inIndustrialZone: in any zone, or in none", async () => {
    expect(await matching({ inIndustrialZone: true })).toEqual([3, 14, 18, 25]);
    expect(await matching({ inIndustrialZone: false })).toEqual(except(3, 14, 18, 25));
  });

  test("nameSearch: a diacritic-free substring of the name; text with no letter or digit is BAD_USER_INPUT", async () => {
    expect(await matching({ nameSearch: "dien luc" })).toEqual([1, 10, 16]);
    expect(await matching({ nameSearch: "ĐIỆN LỰC Quảng" })).toEqual([10, 16]);
    expect(await matching({ nameSearch: "100%" })).toEqual([5]);
    expect(errorOf(() => compileEnterpriseFilter({ nameSearch: "%_" }))).toEqual({
      message: "nameSearch needs at least one letter or digit",
      extensions: { field: "nameSearch", code: "BAD_USER_INPUT" },
    });
  });
});

describe("combinations", () => {
  test("fields together must all hold", async () => {
    expect(await matching({ hasUnion: true, ownershipIn: ["STATE"] })).toEqual([1, 10, 12, 16, 26]);
    expect(await matching({ hasUnion: true, agreementInForce: false })).toEqual([2, 12, 19, 23, 29]);
    expect(await matching({ sectorIn: ["C"], minWorkers: 200, maxWorkers: 500 })).toEqual([17, 18]);
  });

  test("AND, OR and NOT", async () => {
    expect(await matching({ AND: [{ sectorIn: ["C"] }, { districtCodeIn: ["461"] }] })).toEqual([17, 18, 25]);
    expect(await matching({ OR: [{ sectorIn: ["D"] }, { legalFormIn: ["DNTN"] }] })).toEqual([1, 5, 10, 16, 27]);
    expect(await matching({ NOT: { districtCodeIn: ["464"] } })).toEqual(range(16, 30));
    expect(await matching({ sectorIn: ["D"], OR: [{ districtCodeIn: ["461"] }, { hasUnion: false }] })).toEqual([16]);
    expect(await matching({ AND: [] })).toEqual(ALL);
  });

  test("NOT of a condition on a NULL column selects the units it does not match (two-valued leaves)", async () => {
    // workers NULL (9, 13): not "at most 20", so NOT selects them
    expect(await matching({ NOT: { maxWorkers: 20 } })).toEqual(except(5, 6, 11, 20, 27, 29));
    // industrial zone NULL: not in the list, so NOT selects them
    expect(await matching({ NOT: { industrialZoneIn: ["KCN Quán Ngang"] } })).toEqual(except(3, 14));
    // upper union NULL for units without a union
    expect(await matching({ NOT: { upperUnionIn: ["LĐLĐ thành phố Đông Hà"] } })).toEqual(except(16, 17, 19, 21, 23, 26, 29));
    expect(await matching({ NOT: { nameSearch: "dien" } })).toEqual(except(1, 10, 16, 28));
  });

  test(`nesting: ${MAX_FILTER_NESTING} levels answer, one more is BAD_USER_INPUT`, async () => {
    const nest = (levels: number): EnterpriseFilter => (levels === 1 ? { active: true } : { NOT: nest(levels - 1) });
    expect(MAX_FILTER_NESTING).toBe(8);
    expect(await matching(nest(8))).toEqual([9]); // seven NOTs
    expect(await matching({ AND: [nest(7)] })).toEqual(except(9)); // six NOTs under AND: 8 levels
    expect(await matching({ AND: [{ OR: [nest(6)] }] })).toEqual([9]); // five NOTs under AND and OR: 8 levels
    expect(errorOf(() => compileEnterpriseFilter(nest(9)))).toEqual({
      message: "filter nests AND/OR/NOT deeper than 8 levels",
      extensions: { limit: 8, code: "BAD_USER_INPUT" },
    });
    expect(errorOf(() => compileEnterpriseFilter({ OR: [{ AND: [nest(7)] }] })).extensions).toEqual({ limit: 8, code: "BAD_USER_INPUT" });
  });
});
