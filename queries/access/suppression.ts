/** Small-cell suppression of aggregate tables (DASHBOARD keys): which cells to withhold. */

/** One cell of an aggregate table: how many units it is built from, and its coordinates (dimension codes, period). */
export interface SuppressionCell {
  readonly units: number;
  readonly coords: readonly (string | number | null)[];
}

/**
 * Which cells to withhold, for a table whose cells add up along lines (sums of cells
 * that the API gives, or could give, as a total: the rows of a one-dimensional table
 * add up to its total; in a two-dimensional one each row and each column adds up to
 * a one-dimensional table's cell):
 *
 * 1. primary: every cell built from 1 to k − 1 units (a cell of 0 units reveals no
 *    unit's figures and stays);
 * 2. complementary: in every line along `lineDims` (cells equal in every coordinate
 *    but that one) with a withheld cell, the next smallest non-zero cell is withheld
 *    too, until the line's withheld cells together hold at least k units and are at
 *    least two, so neither a withheld value nor a sum of withheld values smaller than
 *    k units can be recomputed from the total and the other cells. Repeated until no
 *    line changes (a complement in one line may open another).
 *
 * Deterministic: ties go to the earlier cell.
 */
export function suppressCells(cells: readonly SuppressionCell[], lineDims: readonly number[], k: number): boolean[] {
  const hidden = cells.map((c) => c.units > 0 && c.units < k);
  if (!hidden.some(Boolean)) return hidden;
  const lines: number[][] = [];
  for (const dim of lineDims) {
    const byRest = new Map<string, number[]>();
    cells.forEach((cell, i) => {
      const rest = JSON.stringify(cell.coords.filter((_, d) => d !== dim));
      const line = byRest.get(rest);
      if (line) line.push(i);
      else byRest.set(rest, [i]);
    });
    lines.push(...byRest.values());
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      for (;;) {
        const withheld = line.filter((i) => hidden[i]);
        if (withheld.length === 0) break;
        const units = withheld.reduce((sum, i) => sum + cells[i].units, 0);
        if (withheld.length >= 2 && units >= k) break;
        let next = -1;
        for (const i of line) if (!hidden[i] && cells[i].units > 0 && (next < 0 || cells[i].units < cells[next].units)) next = i;
        if (next < 0) break; // the line's total is then itself below k units, and suppressed wherever it is given
        hidden[next] = true;
        changed = true;
      }
    }
  }
  return hidden;
}

/** A row with its measures withheld: every measure null, `suppressed: true`. */
export type Suppressible<T, M extends keyof T> = Omit<T, M> & { [K in M]: T[K] | null } & { readonly suppressed: boolean };

/** Applies a mask: withheld rows get their measures nulled and `suppressed: true`; the others `suppressed: false`. */
export function applyMask<T extends object, M extends keyof T>(rows: readonly T[], mask: readonly boolean[], measures: readonly M[]): Suppressible<T, M>[] {
  return rows.map((row, i) => withheld(row, mask[i], measures));
}

export function withheld<T extends object, M extends keyof T>(row: T, suppressed: boolean, measures: readonly M[]): Suppressible<T, M> {
  if (!suppressed) return { ...row, suppressed: false } as Suppressible<T, M>;
  const copy: Record<string, unknown> = { ...row, suppressed: true };
  for (const m of measures) copy[m as string] = null;
  return copy as Suppressible<T, M>;
}
