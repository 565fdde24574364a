/**
 * Nelder–Mead simplex minimisation inside a box (Nelder & Mead 1965, with the usual
 * coefficients: reflection 1, expansion 2, contraction ½, shrink ½; every trial point
 * is clamped into the box). Used to refine the smoothing parameters of Holt's method
 * after a grid search; a few dozen lines, so written here rather than added as a
 * dependency.
 */

export interface NelderMeadOptions {
  readonly lower: readonly number[];
  readonly upper: readonly number[];
  /** The initial simplex's step along each axis (default: a tenth of the box). */
  readonly step?: readonly number[];
  readonly maxIterations?: number;
  /** Stop when the simplex's values differ by less than this share of the best (or than this, near 0)… */
  readonly tolerance?: number;
  /** …or when its points differ by less than this in every coordinate. */
  readonly xTolerance?: number;
}

export interface Minimum {
  readonly x: readonly number[];
  readonly value: number;
  readonly iterations: number;
}

export function nelderMead(f: (x: readonly number[]) => number, start: readonly number[], options: NelderMeadOptions): Minimum {
  const { lower, upper } = options;
  const n = start.length;
  const maxIterations = options.maxIterations ?? 200 * n;
  const tolerance = options.tolerance ?? 1e-10;
  const xTolerance = options.xTolerance ?? 1e-9;
  const clamp = (x: readonly number[]) => x.map((v, i) => Math.min(upper[i], Math.max(lower[i], v)));
  const value = (x: readonly number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };

  const first = clamp(start);
  const simplex: { x: number[]; v: number }[] = [{ x: first, v: value(first) }];
  for (let i = 0; i < n; i++) {
    const step = options.step?.[i] ?? (upper[i] - lower[i]) / 10;
    const x = [...first];
    // Step inwards when the start sits on the upper bound.
    x[i] = x[i] + step <= upper[i] ? x[i] + step : x[i] - step;
    const clamped = clamp(x);
    simplex.push({ x: clamped, v: value(clamped) });
  }

  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    simplex.sort((a, b) => a.v - b.v);
    const best = simplex[0];
    const worst = simplex[n];
    if (Math.abs(worst.v - best.v) <= tolerance * Math.max(Math.abs(best.v), 1e-300) || Math.abs(worst.v - best.v) <= 1e-300) break;
    if (simplex.every((p) => p.x.every((v, j) => Math.abs(v - best.x[j]) <= xTolerance))) break;
    const centroid = Array.from({ length: n }, (_, j) => simplex.slice(0, n).reduce((s, p) => s + p.x[j], 0) / n);
    const along = (t: number) => clamp(centroid.map((c, j) => c + t * (worst.x[j] - c)));

    const reflected = along(-1);
    const vr = value(reflected);
    if (vr < best.v) {
      const expanded = along(-2);
      const ve = value(expanded);
      simplex[n] = ve < vr ? { x: expanded, v: ve } : { x: reflected, v: vr };
      continue;
    }
    if (vr < simplex[n - 1].v) {
      simplex[n] = { x: reflected, v: vr };
      continue;
    }
    const contracted = vr < worst.v ? along(-0.5) : along(0.5);
    const vc = value(contracted);
    if (vc < Math.min(vr, worst.v)) {
      simplex[n] = { x: contracted, v: vc };
      continue;
    }
    for (let i = 1; i <= n; i++) {
      const x = clamp(simplex[i].x.map((v, j) => best.x[j] + 0.5 * (v - best.x[j])));
      simplex[i] = { x, v: value(x) };
    }
  }
  simplex.sort((a, b) => a.v - b.v);
  return { x: simplex[0].x, value: simplex[0].v, iterations };
}
