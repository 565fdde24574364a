/**
 * Small-cell suppression (queries/access/), the one function all DASHBOARD
 * suppression goes through, in both directions: cells of 1 to k − 1 units are withheld;
 * a cell of k or more units stays visible unless it is needed as a complement.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { Principal, Role } from "../../core/access/principal.js";
import { RequestAccess } from "../../queries/access/request-access.js";
import { type SuppressionCell, suppressCells } from "../../queries/access/suppression.js";
import { expectProtectedLines } from "./protected-lines.js";

const line = (...units: number[]): SuppressionCell[] => units.map((u, i) => ({ units: u, coords: [String(i)] }));
const access = (role: Role, k: number) => {
  const principal: Principal = { keyId: "k1", name: null, role, scope: { kind: "PROVINCE" }, demo: false };
  return new RequestAccess(principal, k);
};

describe("suppressCells", () => {
  test("hand-made lines (k = 3): the primary cells, their complement, and cells of exactly k units", () => {
    expect(suppressCells(line(5, 2, 9, 3, 0), [0], 3)).toEqual([false, true, false, true, false]); // 2 primary, 3 the next smallest
    expect(suppressCells(line(5, 2, 9, 3, 0), [0], 6)).toEqual([true, true, false, true, false]); // 5, 2, 3 primary
    expect(suppressCells(line(3, 4, 9, 7), [0], 3)).toEqual([false, false, false, false]); // a cell of exactly k units is no secret
    expect(suppressCells(line(3, 3, 3), [0], 3)).toEqual([false, false, false]);
    expect(suppressCells(line(1, 9, 3, 4), [0], 3)).toEqual([true, false, true, false]); // 1 primary; 3 is its complement (1 + 3 ≥ k)
    expect(suppressCells(line(2, 1, 8), [0], 3)).toEqual([true, true, false]); // two primaries holding 3 units: no complement needed
    expect(suppressCells(line(1, 1, 8, 6), [0], 3)).toEqual([true, true, false, true]); // two primaries holding 2 < k units: the next smallest too
    expect(suppressCells(line(0, 0, 2), [0], 3)).toEqual([false, false, true]); // no complement to take: the line's total is itself below k
    expect(suppressCells(line(4, 2, 4), [0], 3)).toEqual([true, true, false]); // ties go to the earlier cell
  });

  test("a two-dimensional grid (k = 3): a complement in a row opens its column", () => {
    // rows r0, r1; columns c0, c1, c2. r0c0 = 1 is primary; its column takes r1c0 (5) and its
    // row r0c1 (4); row r1 then needs r1c1 (6): every line with a withheld cell withholds ≥ 2 holding ≥ 3 units.
    const units = [
      [1, 4, 9],
      [5, 6, 7],
    ];
    const cells = units.flatMap((row, r) => row.map((u, c) => ({ units: u, coords: [`r${r}`, `c${c}`] })));
    expect(suppressCells(cells, [0, 1], 3)).toEqual([true, true, false, true, true, false]);
    // the same grid with no cell below k: nothing withheld, whatever the cells of exactly k
    const noneSmall = [3, 4, 9, 5, 3, 7].map((u, i) => ({ units: u, coords: [`r${Math.floor(i / 3)}`, `c${i % 3}`] }));
    expect(suppressCells(noneSmall, [0, 1], 3)).toEqual([false, false, false, false, false, false]);
  });

  test("properties over random two-dimensional tables: primary cells withheld, zero cells kept, cells of ≥ k units only as complements, every line protected", () => {
    const table = fc.record({
      rows: fc.integer({ min: 1, max: 6 }),
      cols: fc.integer({ min: 1, max: 6 }),
      k: fc.integer({ min: 2, max: 6 }),
      units: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 40 })), { minLength: 36, maxLength: 36 }),
    });
    fc.assert(
      fc.property(table, ({ rows, cols, k, units }) => {
        const cells: SuppressionCell[] = [];
        for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) cells.push({ units: units[r * cols + c], coords: [`r${r}`, `c${c}`] });
        const hidden = suppressCells(cells, [0, 1], k);
        cells.forEach((cell, i) => {
          if (cell.units > 0 && cell.units < k) expect(hidden[i]).toBe(true);
          if (cell.units === 0) expect(hidden[i]).toBe(false);
        });
        if (!cells.some((c) => c.units > 0 && c.units < k)) expect(hidden.some(Boolean)).toBe(false);
        expectProtectedLines(
          cells.map((c, i) => ({ ...c, hidden: hidden[i] })),
          [0, 1],
          k,
        );
        // One line (all cells, the grand total given): the primaries plus at most one complement,
        // so at most one withheld cell of k or more units; together they hold ≥ k units, or nothing is withheld.
        const flat = cells.map((c, i) => ({ units: c.units, coords: [String(i)] }));
        const flatHidden = suppressCells(flat, [0], k);
        expect(flat.filter((c, i) => flatHidden[i] && c.units >= k).length).toBeLessThanOrEqual(1);
        const withheld = flat.filter((_, i) => flatHidden[i]).reduce((sum, c) => sum + c.units, 0);
        const total = flat.reduce((sum, c) => sum + c.units, 0);
        expect(withheld === 0 || withheld >= k || total < k).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("RequestAccess: suppression by role", () => {
  test("a total on its own: withheld from 1 to k − 1 units, shown from k up and at 0", () => {
    const dashboard = access("DASHBOARD", 3);
    const shown = (units: number) => dashboard.suppressOne({ units, workers: 120 }, units, ["workers"]);
    expect(shown(2)).toEqual({ units: 2, workers: null, suppressed: true });
    expect(shown(1)).toEqual({ units: 1, workers: null, suppressed: true });
    expect(shown(3)).toEqual({ units: 3, workers: 120, suppressed: false });
    expect(shown(0)).toEqual({ units: 0, workers: 120, suppressed: false });
  });

  test("ANALYST and ADMIN keys are never suppressed; DASHBOARD masks go through suppressCells", () => {
    const cells = line(1, 9, 3, 4);
    for (const role of ["ANALYST", "ADMIN"] as const) {
      expect(access(role, 3).suppressionMask(cells, [0])).toEqual([false, false, false, false]);
      expect(access(role, 3).suppressOne({ v: 1 }, 1, ["v"])).toEqual({ v: 1, suppressed: false });
    }
    expect(access("DASHBOARD", 3).suppressionMask(cells, [0])).toEqual([true, false, true, false]);
  });
});
