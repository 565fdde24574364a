import type { FittedModel, MethodSpec, Predictive } from "./model.js";

/**
 * Ordinary least squares on (x, y): slope = Sxy / Sxx, intercept = ȳ − slope·x̄,
 * s² = SSE / (n − 2). (DuckDB's regr_slope / regr_intercept / regr_sxx give the same
 * numbers; a test checks it. The fit runs here because the back-test refits it on
 * every training window of a series already in memory.)
 */
export interface OlsFit {
  readonly n: number;
  readonly xMean: number;
  readonly yMean: number;
  readonly sxx: number;
  readonly slope: number;
  readonly intercept: number;
  readonly sse: number;
  /** Residual degrees of freedom, n − 2. */
  readonly df: number;
  /** s = √(SSE / (n − 2)); NaN when n = 2. */
  readonly s: number;
}

export function ols(x: readonly number[], y: readonly number[]): OlsFit {
  const n = x.length;
  if (n !== y.length) throw new RangeError("x and y differ in length");
  if (n < 2) throw new RangeError(`a line needs at least 2 points, got ${n}`);
  const xMean = x.reduce((s, v) => s + v, 0) / n;
  const yMean = y.reduce((s, v) => s + v, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - xMean) ** 2;
    sxy += (x[i] - xMean) * (y[i] - yMean);
  }
  if (sxx === 0) throw new RangeError("all x are equal: no line");
  const slope = sxy / sxx;
  const intercept = yMean - slope * xMean;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (y[i] - intercept - slope * x[i]) ** 2;
  const df = n - 2;
  return { n, xMean, yMean, sxx, slope, intercept, sse, df, s: df > 0 ? Math.sqrt(sse / df) : Number.NaN };
}

/**
 * The predictive distribution of the sum of new observations at x₀ ∈ `at` (one x₀: the
 * classic prediction interval's ŷ₀ ± t·s·√(1 + 1/n + (x₀ − x̄)²/Sxx)). For m points the
 * sum's variance is σ²·(m + m²/n + (Σ(x₀ − x̄))²/Sxx): m new errors, plus the fitted
 * line's error at the points (ȳ and the slope are independent).
 */
export function olsPredictive(fit: OlsFit, at: readonly number[]): Predictive {
  const m = at.length;
  const mean = at.reduce((s, x0) => s + fit.intercept + fit.slope * x0, 0);
  const spread = at.reduce((s, x0) => s + (x0 - fit.xMean), 0);
  const scale = fit.s * Math.sqrt(m + (m * m) / fit.n + (spread * spread) / fit.sxx);
  return { mean, scale, df: fit.df };
}

/** The linear trend over the years: value = intercept + slope × year. */
export function fitLinearTrend(values: readonly number[], lastYear: number): FittedModel {
  const years = values.map((_, i) => lastYear - values.length + 1 + i);
  const fit = ols(years, values);
  return {
    method: "LINEAR_TREND",
    n: fit.n,
    parameters: { intercept: fit.intercept, slope: fit.slope, alpha: null, beta: null, phi: null, level: null, trend: null },
    sigma: fit.s,
    df: fit.df,
    sse: fit.sse,
    notes: [],
    point: (h) => fit.intercept + fit.slope * (lastYear + h),
    predictive: (horizons) =>
      olsPredictive(
        fit,
        horizons.map((h) => lastYear + h),
      ),
  };
}

export const LINEAR_TREND: MethodSpec = Object.freeze({
  method: "LINEAR_TREND",
  minPoints: 3,
  minPointsForIntervals: 3,
  // On 600 simulated series of 6–10 years (test/forecast/reference.test.ts) its 95 %
  // intervals held 83.7 % of the next 5 values (interval score 4,908), Holt's 97.0 % (4,312):
  // the line's interval assumes the trend never changes, and in Holt's model or a random
  // walk it does.
  givesWayTo: {
    method: "HOLT" as const,
    fromPoints: 5,
    why: "Holt's method, whose α, β* → 0 is this straight line, also allows for a trend that changes",
  },
  fit: fitLinearTrend,
});
