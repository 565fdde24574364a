import type { RequestAccess } from "./request-access.js";
import { applyMask, type Suppressible } from "./suppression.js";

/** A table of grouped cells as the aggregates return it: rows with dimension keys, and a total (coverage: one; series: one per period). */
interface KeyedRow {
  readonly keys: readonly { readonly code: string | null }[];
}

/**
 * Suppression of a coverage-like result (`rows` + `total`): the rows' lines along each
 * groupBy dimension, and the total on its own (a total below k units hides it, and
 * then every row under it is below k too).
 */
export function suppressTable<R extends KeyedRow, T extends object, M extends keyof R & keyof T>(
  access: RequestAccess,
  result: { readonly rows: readonly R[]; readonly total: T },
  unitsOf: (row: R | T) => number,
  measures: readonly M[],
): { rows: Suppressible<R, M>[]; total: Suppressible<T, M> } {
  const dims = result.rows[0]?.keys.length ?? 0;
  const mask = access.suppressionMask(
    result.rows.map((r) => ({ units: unitsOf(r), coords: r.keys.map((k) => k.code) })),
    Array.from({ length: dims }, (_, d) => d),
  );
  return { rows: applyMask(result.rows, mask, measures), total: access.suppressOne(result.total, unitsOf(result.total), measures) };
}

/**
 * Suppression of a series (`rows` per period and group + one total per period, and
 * optionally a range total): within each period, lines along each groupBy dimension;
 * when the measures add up over periods (`additiveOverPeriods`: money, counts of
 * flows), also the line of each group across the periods and the line of the period
 * totals (they add up to the range total).
 */
export function suppressSeries<R extends KeyedRow, P extends object, M extends keyof R & keyof P>(
  access: RequestAccess,
  series: { readonly rows: readonly R[]; readonly periodTotals: readonly P[] },
  periodOf: { row: (row: R) => string | number; total: (total: P) => string | number },
  unitsOf: (row: R | P) => number,
  measures: readonly M[],
  additiveOverPeriods: boolean,
): { rows: Suppressible<R, M>[]; periodTotals: Suppressible<P, M>[] } {
  const dims = series.rows[0]?.keys.length ?? 0;
  const lineDims = Array.from({ length: dims }, (_, d) => d + 1);
  if (additiveOverPeriods) lineDims.push(0);
  const mask = access.suppressionMask(
    series.rows.map((r) => ({ units: unitsOf(r), coords: [periodOf.row(r), ...r.keys.map((k) => k.code)] })),
    lineDims,
  );
  const totalsMask = access.suppressionMask(
    series.periodTotals.map((t) => ({ units: unitsOf(t), coords: [periodOf.total(t)] })),
    additiveOverPeriods ? [0] : [],
  );
  return { rows: applyMask(series.rows, mask, measures), periodTotals: applyMask(series.periodTotals, totalsMask, measures) };
}
