/**
 * Prediction intervals' quantiles of a mixture of Student t's (Holt's predictive
 * distribution) against an independent reference, at the scales real metrics have: the
 * Newton steps, the bracket and the stopping tolerance must not depend on the units.
 */
import { describe, expect, test } from "vitest";
import { predictionInterval, predictiveQuantile } from "../../core/forecasting/prediction-intervals.js";
import { FAR_APART_MIXTURE } from "./synthetic.js";

const UNBOUNDED = { min: null, max: null };

/**
 * The mixture of test/forecast/intervals.test.ts (weights 0.7, 0.2, 0.1; means 0, 3, −2;
 * scales 1, 0.5, 4; 3 df): its quantiles by mpmath 1.3 at 40 digits (the root of
 * Σ w·F₃((x − m)/s) − q, F₃ through betainc), rounded to 12 digits.
 */
const MIXTURE_QUANTILES: [number, number][] = [
  [0.01, -8.98094771847],
  [0.025, -5.69308655312],
  [0.1, -1.98206989524],
  [0.5, 0.313372611],
  [0.8, 2.5730405391],
  [0.975, 4.38918975683],
  [0.99, 6.30495572602],
];

/** That mixture stretched by `stretch` and moved to `shift`, with its mean and spread as holt.ts gives them. */
function stretchedMixture(stretch: number, shift: number) {
  const components = [
    { weight: 0.7, mean: 0, scale: 1 },
    { weight: 0.2, mean: 3, scale: 0.5 },
    { weight: 0.1, mean: -2, scale: 4 },
  ].map((c) => ({ weight: c.weight, mean: shift + stretch * c.mean, scale: stretch * c.scale }));
  const mean = components.reduce((s, c) => s + c.weight * c.mean, 0);
  const spread = components.reduce((s, c) => s + c.weight * (c.scale ** 2 + (c.mean - mean) ** 2), 0);
  return { mean, scale: Math.sqrt(spread), df: 3, components };
}

describe("a mixture's quantiles against mpmath, at any scale (a rate's spread of 1e-6, a sum of money's of 1e6)", () => {
  test.each([
    [1, 0],
    [1e-6, 0.5],
    [1e-9, 0],
    [1e6, 5e7],
    [1e9, 0],
  ])("stretched by %d, moved to %d", (stretch, shift) => {
    const mixture = stretchedMixture(stretch, shift);
    for (const [q, x] of MIXTURE_QUANTILES) expect((predictiveQuantile(mixture, q) - shift) / stretch).toBeCloseTo(x, 9);
    const interval = predictionInterval(mixture, 0.95, UNBOUNDED);
    expect((interval.lower - shift) / stretch).toBeCloseTo(-5.69308655312, 9);
    expect((interval.upper - shift) / stretch).toBeCloseTo(4.38918975683, 9);
    expect(interval.clamped).toBe(false);
  });
});

/** ¼ a point at 0 and ¾ a t₄ around 10 with scale 1 (test/forecast/intervals.test.ts's "no spread" mixture). */
const POINT_AND_T = {
  mean: 7.5,
  scale: Math.sqrt(19.5),
  df: 4,
  components: [
    { weight: 0.25, mean: 0, scale: 0 },
    { weight: 0.75, mean: 10, scale: 1 },
  ],
};

describe("a mixture with a point mass: its quantiles", () => {
  test("where the CDF jumps (0.02 % below 0, 25.02 % at 0), the point; above, 10 + t₄'s quantile of (q − ¼)/¾ (mpmath)", () => {
    expect(Math.abs(predictiveQuantile(POINT_AND_T, 0.1))).toBeLessThan(1e-9);
    expect(Math.abs(predictiveQuantile(POINT_AND_T, 0.2))).toBeLessThan(1e-9);
    expect(predictiveQuantile(POINT_AND_T, 0.5)).toBeCloseTo(9.53583544350242, 9);
    expect(predictiveQuantile(POINT_AND_T, 0.9)).toBeCloseTo(11.2897148927724, 9);
    expect(predictiveQuantile(POINT_AND_T, 0.975)).toBeCloseTo(12.5014010054617, 9);
  });
});

/**
 * The quantile's cost: each step reads every component's weight twice (its CDF and its
 * density; a component without spread only once). Newton's steps converge quadratically,
 * a few steps from the start; bisection alone needs about 35 (the bracket halved down to
 * 1e-10 of the spread), and a wrong density or a step kept outside the bracket shows as
 * many more.
 */
function weightReads(p: { mean: number; scale: number; df: number; components: { weight: number; mean: number; scale: number }[] }, q: number): number {
  let reads = 0;
  const components = p.components.map((c) => ({
    get weight() {
      reads++;
      return c.weight;
    },
    mean: c.mean,
    scale: c.scale,
  }));
  predictiveQuantile({ ...p, components }, q);
  return reads;
}

describe("Newton's method converges in a few steps", () => {
  test.each([
    [1, 0],
    [1e-6, 0.5],
    [1e6, 5e7],
  ])("the three-component mixture stretched by %d, moved to %d: at most 9 steps per quantile", (stretch, shift) => {
    for (const [q] of MIXTURE_QUANTILES) expect(weightReads(stretchedMixture(stretch, shift), q)).toBeLessThanOrEqual(9 * 6);
  });

  test("two components far apart: at most 15 steps in either tail", () => {
    const farApart = FAR_APART_MIXTURE;
    for (const q of [0.025, 0.1, 0.9, 0.975]) expect(weightReads(farApart, q)).toBeLessThanOrEqual(15 * 4);
  });

  test("a point mass and a t: at most 10 steps in the t, at most 40 (bisection) onto the point", () => {
    for (const q of [0.5, 0.9, 0.975]) expect(weightReads(POINT_AND_T, q)).toBeLessThanOrEqual(10 * 3);
    for (const q of [0.1, 0.2]) expect(weightReads(POINT_AND_T, q)).toBeLessThanOrEqual(40 * 3);
  });
});
