import type { Predictive } from "./model.js";
import { studentTCdf, studentTPdf, studentTQuantile } from "./student-t.js";

/** The range a metric's values can take: counts and money ≥ 0, rates in [0, 1]. */
export interface ValueBounds {
  readonly min: number | null;
  readonly max: number | null;
}

export const NON_NEGATIVE: ValueBounds = Object.freeze({ min: 0, max: null });
export const RATE: ValueBounds = Object.freeze({ min: 0, max: 1 });

export function clampTo(bounds: ValueBounds, value: number): number {
  let v = value;
  if (bounds.min !== null && v < bounds.min) v = bounds.min;
  if (bounds.max !== null && v > bounds.max) v = bounds.max;
  return v;
}

export interface Interval {
  readonly lower: number;
  readonly upper: number;
  /** True when a bound was moved into the metric's range (a rate above 1, a count below 0). */
  readonly clamped: boolean;
}

/** P(Y ≤ x) under the predictive distribution (one t, or the mixture of its components). */
export function predictiveCdf(p: Predictive, x: number): number {
  if (!p.components) return p.scale > 0 ? studentTCdf((x - p.mean) / p.scale, p.df) : x >= p.mean ? 1 : 0;
  let cdf = 0;
  for (const c of p.components) cdf += c.weight * (c.scale > 0 ? studentTCdf((x - c.mean) / c.scale, p.df) : x >= c.mean ? 1 : 0);
  return cdf;
}

/**
 * The q-quantile of the predictive distribution: mean + t(q, df)·scale for one t; for a
 * mixture, the root of its CDF, by Newton's method kept inside a bracket (bisection when
 * a step would leave it), to 1e-10 of the spread.
 */
export function predictiveQuantile(p: Predictive, q: number): number {
  if (!p.components) return p.mean + studentTQuantile(q, p.df) * p.scale;
  const comps = p.components;
  if (!comps.some((c) => c.scale > 0)) return p.mean;
  // Every component's own q-quantile brackets the mixture's.
  const t = studentTQuantile(q, p.df);
  let lo = Math.min(...comps.map((c) => c.mean + t * c.scale));
  let hi = Math.max(...comps.map((c) => c.mean + t * c.scale));
  const tolerance = 1e-10 * Math.max(p.scale, Number.MIN_VALUE);
  // The t density is f(0)·(1 + z²/df)^(−(df + 1)/2).
  const pdfAtZero = studentTPdf(0, p.df);
  const exponent = -(p.df + 1) / 2;
  let x = p.mean + t * p.scale;
  if (!(x > lo && x < hi)) x = (lo + hi) / 2;
  for (let i = 0; i < 200 && hi - lo > tolerance; i++) {
    const f = predictiveCdf(p, x) - q;
    if (f === 0) return x;
    if (f < 0) lo = x;
    else hi = x;
    let density = 0;
    for (const c of comps) if (c.scale > 0) density += (c.weight * pdfAtZero * (1 + ((x - c.mean) / c.scale) ** 2 / p.df) ** exponent) / c.scale;
    const next = x - f / density;
    if (next >= lo && next <= hi) {
      if (Math.abs(next - x) <= tolerance) return next;
      x = next;
    } else x = (lo + hi) / 2;
  }
  return x;
}

/**
 * The central `level` prediction interval (the predictive distribution's (1 − level)/2
 * and (1 + level)/2 quantiles; one t: mean ± t(1 − (1 − level)/2, df)·scale), clamped
 * into the metric's range: a coverage rate cannot exceed 1 nor a member count fall below
 * 0, whatever a straight line says.
 */
export function predictionInterval(p: Predictive, level: number, bounds: ValueBounds): Interval {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  const rawLower = predictiveQuantile(p, (1 - level) / 2);
  const rawUpper = predictiveQuantile(p, (1 + level) / 2);
  const lower = clampTo(bounds, rawLower);
  const upper = clampTo(bounds, rawUpper);
  return { lower, upper, clamped: lower !== rawLower || upper !== rawUpper };
}

/**
 * P(Y ≥ threshold) (or ≤, `atMost`) under the predictive distribution. A scale of 0
 * (a series that never varied) gives 1 or 0. Probabilities are not clamped: the mass
 * a rate's distribution puts above 1 is what the interval's clamp hides.
 */
export function probabilityBeyond(p: Predictive, threshold: number, atMost = false): number {
  if (!(p.scale > 0)) {
    const meets = atMost ? p.mean <= threshold : p.mean >= threshold;
    return meets ? 1 : 0;
  }
  const below = predictiveCdf(p, threshold);
  return atMost ? below : 1 - below;
}
