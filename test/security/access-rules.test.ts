/**
 * The query layer's access rules on their own (queries/access/): the role and scope
 * checks of RequestAccess with the exact errors a caller gets, the scope ANDed into a
 * filter, and suppression of coverage-like tables and of series, every figure worked out
 * by hand. Written to kill the mutants `npm run mutate` found alive in these files
 * (scope.test.ts and dashboard.test.ts check the same rules end to end over HTTP).
 */
import { describe, expect, test } from "vitest";
import type { DataScope, Principal, Role } from "../../core/access/principal.js";
import { forbidden, RequestAccess } from "../../queries/access/request-access.js";
import { scopeFilter, withScope } from "../../queries/access/scope-filter.js";
import { suppressSeries, suppressTable } from "../../queries/access/suppress-results.js";
import { suppressCells } from "../../queries/access/suppression.js";
import type { EnterpriseFilter } from "../../queries/filters.js";
import { errorOf } from "../helpers/thrown-error.js";

const PROVINCE: DataScope = { kind: "PROVINCE" };
const DISTRICTS: DataScope = { kind: "DISTRICTS", codes: ["464", "461"] };
const COMMUNES: DataScope = { kind: "NEW_COMMUNES", codes: ["26734"] };

const access = (role: Role, scope: DataScope = PROVINCE, k = 3) => {
  const principal: Principal = { keyId: "k1", name: "test key", role, scope, demo: false };
  return new RequestAccess(principal, k);
};

describe("RequestAccess: who the caller is", () => {
  test("role, scope and the scope's text for cache keys (codes sorted)", () => {
    const a = access("ANALYST", DISTRICTS);
    expect(a.role).toBe("ANALYST");
    expect(a.scope).toEqual({ kind: "DISTRICTS", codes: ["464", "461"] });
    expect(a.scopeKey).toBe("DISTRICTS:461,464");
    expect(access("ADMIN").scopeKey).toBe("PROVINCE");
    expect(access("DASHBOARD", COMMUNES).scopeKey).toBe("NEW_COMMUNES:26734");
    expect(a.suppressionK).toBe(3);
  });

  test("only a province scope is the province; only DASHBOARD keys are suppressed", () => {
    expect(access("ANALYST", PROVINCE).isProvince).toBe(true);
    expect(access("ANALYST", DISTRICTS).isProvince).toBe(false);
    expect(access("ANALYST", COMMUNES).isProvince).toBe(false);
    expect(access("DASHBOARD").suppresses).toBe(true);
    expect(access("ANALYST").suppresses).toBe(false);
    expect(access("ADMIN").suppresses).toBe(false);
  });

  test("forbidden(): FORBIDDEN with the details given, nothing else", () => {
    expect(
      errorOf(() => {
        throw forbidden("no");
      }),
    ).toEqual({ message: "no", extensions: { code: "FORBIDDEN" } });
    expect(
      errorOf(() => {
        throw forbidden("no", { field: "x" });
      }),
    ).toEqual({ message: "no", extensions: { field: "x", code: "FORBIDDEN" } });
  });
});

describe("RequestAccess.scopedFilter: identifying filters and the scope", () => {
  const identifying: [string, EnterpriseFilter, string][] = [
    ["taxCodeIn at the top", { taxCodeIn: ["3200123456"] }, "taxCodeIn"],
    ["nameSearch at the top", { nameSearch: "may" }, "nameSearch"],
    ["an empty taxCodeIn (still a tax-code filter)", { taxCodeIn: [] }, "taxCodeIn"],
    ["in the second of two ANDs", { AND: [{ sectorIn: ["C"] }, { nameSearch: "may" }] }, "nameSearch"],
    ["in an OR", { OR: [{ active: true }, { taxCodeIn: ["3200123456"] }] }, "taxCodeIn"],
    ["under NOT", { NOT: { nameSearch: "may" } }, "nameSearch"],
    ["deep: AND → OR → NOT", { hasUnion: true, AND: [{ OR: [{ minWorkers: 5 }, { NOT: { taxCodeIn: ["3200123456-001"] } }] }] }, "taxCodeIn"],
  ];
  for (const [name, filter, field] of identifying)
    test(`DASHBOARD: ${name} is FORBIDDEN, naming the field`, () => {
      expect(errorOf(() => access("DASHBOARD").scopedFilter(filter))).toEqual({
        message: `DASHBOARD keys may not filter by ${field}: it singles out units`,
        extensions: { reason: "IDENTIFYING_FILTER", field, code: "FORBIDDEN" },
      });
    });

  test("DASHBOARD: fields set to null single out nobody; other filters get the scope ANDed in", () => {
    const dashboard = access("DASHBOARD", DISTRICTS);
    expect(dashboard.scopedFilter({ taxCodeIn: null, nameSearch: null, sectorIn: ["C"] })).toEqual({
      taxCodeIn: null,
      nameSearch: null,
      sectorIn: ["C"],
      AND: [{ districtCodeIn: ["464", "461"] }],
    });
    expect(dashboard.scopedFilter({ AND: [{ sectorIn: ["C"] }], OR: [{ active: true }], NOT: { hasUnion: true } })).toEqual({
      AND: [{ sectorIn: ["C"] }, { districtCodeIn: ["464", "461"] }],
      OR: [{ active: true }],
      NOT: { hasUnion: true },
    });
    expect(dashboard.scopedFilter(null)).toEqual({ districtCodeIn: ["464", "461"] });
    expect(access("DASHBOARD").scopedFilter(undefined)).toBeNull();
  });

  test("ANALYST and ADMIN keys may filter by tax code and name", () => {
    expect(access("ANALYST", DISTRICTS).scopedFilter({ taxCodeIn: ["3200123456"] })).toEqual({
      taxCodeIn: ["3200123456"],
      AND: [{ districtCodeIn: ["464", "461"] }],
    });
    expect(access("ADMIN").scopedFilter({ nameSearch: "may" })).toEqual({ nameSearch: "may" });
  });
});

describe("RequestAccess: field checks", () => {
  test("requireUnitLevel: FORBIDDEN to DASHBOARD keys, naming the field and the role; nothing for the others", () => {
    expect(errorOf(() => access("DASHBOARD").requireUnitLevel("enterprises"))).toEqual({
      message: "enterprises lists single units; DASHBOARD keys see aggregates only",
      extensions: { reason: "UNIT_LEVEL_FIELD", field: "enterprises", role: "DASHBOARD", code: "FORBIDDEN" },
    });
    expect(access("ANALYST").requireUnitLevel("enterprises")).toBeUndefined();
    expect(access("ADMIN", DISTRICTS).requireUnitLevel("enterprises")).toBeUndefined();
  });

  test("requireProvinceScope: FORBIDDEN to district and commune keys, naming the key's scope; nothing for a province key", () => {
    expect(errorOf(() => access("ANALYST", DISTRICTS).requireProvinceScope("dataQuality.unlinkedRows"))).toEqual({
      message: "dataQuality.unlinkedRows is province-wide and cannot be narrowed to this key's scope (DISTRICTS:461,464); it needs a province-scoped key",
      extensions: { reason: "PROVINCE_SCOPE_REQUIRED", field: "dataQuality.unlinkedRows", code: "FORBIDDEN" },
    });
    expect(errorOf(() => access("ADMIN", COMMUNES).requireProvinceScope("f")).message).toBe(
      "f is province-wide and cannot be narrowed to this key's scope (NEW_COMMUNES:26734); it needs a province-scoped key",
    );
    expect(access("DASHBOARD", PROVINCE).requireProvinceScope("f")).toBeUndefined();
  });

  test("requireRole: FORBIDDEN unless the key's role is one of those named", () => {
    expect(errorOf(() => access("ANALYST").requireRole("auditLog", "ADMIN"))).toEqual({
      message: "auditLog needs a key with role ADMIN",
      extensions: { reason: "ROLE_REQUIRED", field: "auditLog", role: "ANALYST", code: "FORBIDDEN" },
    });
    expect(errorOf(() => access("DASHBOARD").requireRole("decideLink", "ADMIN", "ANALYST")).message).toBe("decideLink needs a key with role ADMIN or ANALYST");
    expect(access("ADMIN").requireRole("auditLog", "ADMIN")).toBeUndefined();
    expect(access("ANALYST").requireRole("decideLink", "ADMIN", "ANALYST")).toBeUndefined();
  });

  test("suppressOne follows k: with k = 5 a total of 4 units is withheld, of 5 shown", () => {
    const dashboard = access("DASHBOARD", PROVINCE, 5);
    expect(dashboard.suppressOne({ units: 4, v: 7 }, 4, ["v"])).toEqual({ units: 4, v: null, suppressed: true });
    expect(dashboard.suppressOne({ units: 5, v: 7 }, 5, ["v"])).toEqual({ units: 5, v: 7, suppressed: false });
  });
});

describe("scope-filter", () => {
  test("scopeFilter: none for the province, the districts' or the communes' codes otherwise (a copy of the list)", () => {
    expect(scopeFilter(PROVINCE)).toBeNull();
    expect(scopeFilter(DISTRICTS)).toEqual({ districtCodeIn: ["464", "461"] });
    expect(scopeFilter(COMMUNES)).toEqual({ newCommuneCodeIn: ["26734"] });
    const codes = ["461"];
    const filter = scopeFilter({ kind: "DISTRICTS", codes });
    expect(filter?.districtCodeIn).not.toBe(codes);
  });

  test("withScope: the province leaves the filter (null stays null); a scope joins the filter's own AND list", () => {
    const filter: EnterpriseFilter = { sectorIn: ["C"] };
    expect(withScope(filter, PROVINCE)).toBe(filter);
    expect(withScope(null, PROVINCE)).toBeNull();
    expect(withScope(undefined, PROVINCE)).toBeNull();
    expect(withScope(undefined, COMMUNES)).toEqual({ newCommuneCodeIn: ["26734"] });
    expect(withScope({ sectorIn: ["C"], AND: [{ active: true }] }, DISTRICTS)).toEqual({
      sectorIn: ["C"],
      AND: [{ active: true }, { districtCodeIn: ["464", "461"] }],
    });
    // a district condition of the caller's own can only narrow: both must hold
    expect(withScope({ districtCodeIn: ["999"] }, DISTRICTS)).toEqual({ districtCodeIn: ["999"], AND: [{ districtCodeIn: ["464", "461"] }] });
  });
});

describe("suppressCells: cases the random tables rarely reach (k = 3)", () => {
  const line = (...units: number[]) => units.map((u, i) => ({ units: u, coords: [String(i)] }));
  test("a complement that is the line's first cell", () => {
    expect(suppressCells(line(3, 1, 9), [0], 3)).toEqual([true, true, false]);
  });

  test("a complement in a row opens a column, which opens another row: repeated until no line changes", () => {
    // r0 = [1, 4, 9], r1 = [5, 8, 7]. Columns first: c0 withholds r0c0 (1) and r1c0 (5). Rows: r0
    // adds r0c1 (4); r1 adds r1c2 (7). Second pass: column c1 holds r0c1 alone, adds r1c1 (8);
    // column c2 holds r1c2 alone, adds r0c2 (9). Every cell is withheld.
    const grid = [
      [1, 4, 9],
      [5, 8, 7],
    ].flatMap((row, r) => row.map((u, c) => ({ units: u, coords: [`r${r}`, `c${c}`] })));
    expect(suppressCells(grid, [0, 1], 3)).toEqual([true, true, true, true, true, true]);
    // lines along rows only (columns are not lines): r0 withholds 1 and 4, r1 nothing
    expect(suppressCells(grid, [1], 3)).toEqual([true, true, false, false, false, false]);
    // lines along columns only: c0 withholds 1 and 5
    expect(suppressCells(grid, [0], 3)).toEqual([true, false, false, true, false, false]);
  });
});

describe("suppressTable (coverage-like results)", () => {
  type Row = { keys: { code: string | null }[]; units: number; covered: number };
  const row = (codes: (string | null)[], units: number): Row => ({ keys: codes.map((code) => ({ code })), units, covered: units * 10 });
  // r0 = [1, 4, 9], r1 = [5, 6, 7] by district × sector, 32 units in all
  const grid = [
    [1, 4, 9],
    [5, 6, 7],
  ].flatMap((units, r) => units.map((u, c) => row([`d${r}`, `s${c}`], u)));
  const total = { units: 32, covered: 320 };

  test("a DASHBOARD key: lines along each groupBy dimension (not the table as one line); the total shown", () => {
    const result = suppressTable(access("DASHBOARD"), { rows: grid, total }, (r) => r.units, ["covered"]);
    expect(result.rows.map((r) => r.suppressed)).toEqual([true, true, false, true, true, false]);
    expect(result.rows.map((r) => r.covered)).toEqual([null, null, 90, null, null, 70]);
    expect(result.rows[2]).toEqual({ keys: [{ code: "d0" }, { code: "s2" }], units: 9, covered: 90, suppressed: false });
    expect(result.total).toEqual({ units: 32, covered: 320, suppressed: false });
  });

  test("one dimension: the line is the whole list; a total below k is withheld", () => {
    const rows = [row(["a"], 2), row(["b"], 8), row([null], 5)];
    const result = suppressTable(access("DASHBOARD"), { rows, total: { units: 15, covered: 150 } }, (r) => r.units, ["covered"]);
    expect(result.rows.map((r) => r.covered)).toEqual([null, 80, null]);
    const small = suppressTable(access("DASHBOARD"), { rows: [row(["a"], 2)], total: { units: 2, covered: 20 } }, (r) => r.units, ["covered"]);
    expect(small).toEqual({
      rows: [{ keys: [{ code: "a" }], units: 2, covered: null, suppressed: true }],
      total: { units: 2, covered: null, suppressed: true },
    });
  });

  test("no rows: only the total, withheld below k", () => {
    expect(suppressTable(access("DASHBOARD"), { rows: [] as Row[], total: { units: 1, covered: 10 } }, (r) => r.units, ["covered"])).toEqual({
      rows: [],
      total: { units: 1, covered: null, suppressed: true },
    });
  });

  test("an ANALYST key: nothing withheld", () => {
    const result = suppressTable(access("ANALYST"), { rows: grid, total: { units: 1, covered: 10 } }, (r) => r.units, ["covered"]);
    expect(result.rows.every((r) => !r.suppressed && r.covered === r.units * 10)).toBe(true);
    expect(result.total).toEqual({ units: 1, covered: 10, suppressed: false });
  });
});

describe("suppressSeries (k = 3)", () => {
  type Row = { year: number; keys: { code: string }[]; units: number; v: number };
  type Total = { year: number; units: number; v: number };
  // 2023: A 1, B 5, C 8; 2024: A 4, B 6, C 9 (rows in that order)
  const rows: Row[] = [
    [2023, "A", 1],
    [2023, "B", 5],
    [2023, "C", 8],
    [2024, "A", 4],
    [2024, "B", 6],
    [2024, "C", 9],
  ].map(([year, code, units]) => ({ year: year as number, keys: [{ code: code as string }], units: units as number, v: (units as number) * 100 }));
  const totals: Total[] = [
    { year: 2022, units: 2, v: 200 },
    { year: 2023, units: 14, v: 1400 },
    { year: 2024, units: 19, v: 1900 },
  ];
  const run = (role: Role, additive: boolean, r: Row[] = rows, t: Total[] = totals) =>
    suppressSeries(access(role), { rows: r, periodTotals: t }, { row: (x) => x.year, total: (x) => x.year }, (x) => x.units, ["v"], additive);

  test("not additive over periods (stocks, e.g. members): lines within each period only; period totals on their own", () => {
    const result = run("DASHBOARD", false);
    // 2023: A (1) primary, B (5) its complement; 2024 has no cell below k
    expect(result.rows.map((r) => r.v)).toEqual([null, null, 800, 400, 600, 900]);
    expect(result.rows.map((r) => r.suppressed)).toEqual([true, true, false, false, false, false]);
    // 2022's total of 2 units is withheld; nothing complements it
    expect(result.periodTotals).toEqual([
      { year: 2022, units: 2, v: null, suppressed: true },
      { year: 2023, units: 14, v: 1400, suppressed: false },
      { year: 2024, units: 19, v: 1900, suppressed: false },
    ]);
  });

  test("additive over periods (flows, e.g. money): each group's line across periods too, and the line of period totals", () => {
    const result = run("DASHBOARD", true);
    // A across periods takes A 2024 (4); B across periods takes B 2024 (6); 2024 then holds two
    expect(result.rows.map((r) => r.v)).toEqual([null, null, 800, null, null, 900]);
    // the period totals add up to the range total: 2022 (2) takes the next smallest, 2023 (14)
    expect(result.periodTotals.map((t) => t.v)).toEqual([null, null, 1900]);
  });

  test("no groupBy (rows without keys): the periods are the only coordinate", () => {
    const flat: Row[] = [
      { year: 2023, keys: [], units: 2, v: 1 },
      { year: 2024, keys: [], units: 7, v: 2 },
      { year: 2025, keys: [], units: 5, v: 3 },
    ];
    expect(run("DASHBOARD", false, flat, []).rows.map((r) => r.suppressed)).toEqual([true, false, false]);
    expect(run("DASHBOARD", true, flat, []).rows.map((r) => r.suppressed)).toEqual([true, false, true]);
    expect(run("DASHBOARD", true, [], []).rows).toEqual([]);
  });

  test("an ANALYST key: nothing withheld", () => {
    const result = run("ANALYST", true);
    expect(result.rows.map((r) => r.v)).toEqual([100, 500, 800, 400, 600, 900]);
    expect(result.periodTotals.map((t) => t.suppressed)).toEqual([false, false, false]);
  });
});
