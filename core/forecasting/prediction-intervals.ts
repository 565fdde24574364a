import type { Predictive } from "./model.js";
import { studentTCdf, studentTQuantile } from "./student-t.js";

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

/**
 * The central `level` prediction interval mean ± t(1 − (1 − level)/2, df)·scale,
 * clamped into the metric's range: a coverage rate cannot exceed 1 nor a member count
 * fall below 0, whatever a straight line says.
 */
export function predictionInterval(p: Predictive, level: number, bounds: ValueBounds): Interval {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  const half = studentTQuantile(1 - (1 - level) / 2, p.df) * p.scale;
  const lower = clampTo(bounds, p.mean - half);
  const upper = clampTo(bounds, p.mean + half);
  return { lower, upper, clamped: lower !== p.mean - half || upper !== p.mean + half };
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
  const below = studentTCdf((threshold - p.mean) / p.scale, p.df);
  return atMost ? below : 1 - below;
}
