import { expect } from "vitest";
import type { SuppressionCell } from "../../queries/access/suppression.js";

/** Every line along `dims` (cells equal in every other coordinate) with a withheld non-zero cell withholds ≥ 2 of them holding ≥ k units, unless no visible non-zero cell is left in it. */
export function expectProtectedLines(cells: readonly (SuppressionCell & { hidden: boolean })[], dims: readonly number[], k: number): void {
  for (const dim of dims) {
    const lines = new Map<string, (SuppressionCell & { hidden: boolean })[]>();
    for (const c of cells) {
      const key = JSON.stringify(c.coords.filter((_, d) => d !== dim));
      lines.set(key, [...(lines.get(key) ?? []), c]);
    }
    for (const line of lines.values()) {
      const hidden = line.filter((c) => c.hidden && c.units > 0);
      if (!hidden.length) continue;
      const visibleNonZero = line.filter((c) => !c.hidden && c.units > 0);
      const units = hidden.reduce((sum, c) => sum + c.units, 0);
      if (visibleNonZero.length) expect(hidden.length >= 2 && units >= k, JSON.stringify(line)).toBe(true);
    }
  }
}
