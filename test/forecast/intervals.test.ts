/**
 * Prediction intervals on synthetic series with known noise: over many seeds, the
 * 95 % (80 %) intervals must hold about 95 % (80 %) of the held-out values. The
 * tolerances are a few standard errors of the simulated share, and a naïve interval
 * (±z·s, no parameter uncertainty) is shown to fail the same check, so the test can
 * tell a right interval from a wrong one.
 */
import { describe, expect, test } from "vitest";
import { forecastSeries } from "../../core/forecasting/forecast-series.js";
import { fitHolt } from "../../core/forecasting/holt.js";
import { fitLinearTrend } from "../../core/forecasting/linear-trend.js";
import type { FittedModel } from "../../core/forecasting/model.js";
import {
  clampTo,
  NON_NEGATIVE,
  predictionInterval,
  predictiveCdf,
  predictiveQuantile,
  probabilityBeyond,
  RATE,
} from "../../core/forecasting/prediction-intervals.js";
import { normalQuantile, studentTCdf, studentTQuantile } from "../../core/forecasting/student-t.js";
import { etsSeries, FAR_APART_MIXTURE, linearSeries, random } from "./synthetic.js";

const UNBOUNDED = { min: null, max: null };

/** Share of held-out values inside the 80 % and 95 % intervals of `fit` on the first n values. */
function coverage(seeds: number, n: number, horizons: number, make: (seed: number) => number[], fitModel: (values: number[]) => FittedModel) {
  let in80 = 0;
  let in95 = 0;
  let total = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const y = make(seed);
    const model = fitModel(y.slice(0, n));
    for (let h = 1; h <= horizons; h++) {
      const actual = y[n - 1 + h];
      const predictive = model.predictive([h]);
      const i80 = predictionInterval(predictive, 0.8, UNBOUNDED);
      const i95 = predictionInterval(predictive, 0.95, UNBOUNDED);
      if (actual >= i80.lower && actual <= i80.upper) in80++;
      if (actual >= i95.lower && actual <= i95.upper) in95++;
      total++;
    }
  }
  return { p80: in80 / total, p95: in95 / total };
}

describe("linear trend on a line plus normal noise (σ = 40), 5 years ahead, 2,000 seeds", () => {
  test.each([3, 5, 7])("%d known years", (n) => {
    const result = coverage(
      2000,
      n,
      5,
      (seed) => linearSeries(seed * 31 + n, n + 5),
      (values) => fitLinearTrend(values, 2025),
    );
    expect(Math.abs(result.p95 - 0.95)).toBeLessThan(0.015);
    expect(Math.abs(result.p80 - 0.8)).toBeLessThan(0.03);
  });

  test("a naïve ±1.96·s interval fails the same check on 3 years (the test has teeth)", () => {
    let inside = 0;
    let total = 0;
    for (let seed = 1; seed <= 2000; seed++) {
      const y = linearSeries(seed * 31 + 3, 8);
      const model = fitLinearTrend(y.slice(0, 3), 2025);
      for (let h = 1; h <= 5; h++) {
        const half = normalQuantile(0.975) * model.sigma;
        if (Math.abs(y[2 + h] - model.point(h)) <= half) inside++;
        total++;
      }
    }
    expect(inside / total).toBeLessThan(0.8);
  });
});

describe("Holt's method on its own model, 30 known years, 3 years ahead", () => {
  test("ETS(A,A,N), α = 0.5, β* = 0.3, σ = 10: 500 seeds", () => {
    const result = coverage(
      500,
      30,
      3,
      (seed) => etsSeries(seed * 7919, 33),
      (values) => fitHolt(values, false),
    );
    expect(result.p95).toBeGreaterThan(0.93);
    expect(result.p95).toBeLessThan(0.99);
    expect(result.p80).toBeGreaterThan(0.76);
    expect(result.p80).toBeLessThan(0.88);
  });

  test("ETS(A,Ad,N), φ = 0.9: 300 seeds", () => {
    const result = coverage(
      300,
      30,
      3,
      (seed) => etsSeries(seed * 104729, 33, { phi: 0.9 }),
      (values) => fitHolt(values, true),
    );
    expect(result.p95).toBeGreaterThan(0.92);
    expect(result.p95).toBeLessThan(0.99);
    expect(result.p80).toBeGreaterThan(0.74);
    expect(result.p80).toBeLessThan(0.88);
  });
});

describe("the whole forecast (method chosen by back-test) on 7 known years, as in the warehouse", () => {
  test("line plus noise, 5 years ahead, 400 seeds: the 95 % intervals hold 93–99 % of held-out values", () => {
    let in95 = 0;
    let total = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const y = linearSeries(seed * 7 + 3, 12);
      const result = forecastSeries(
        y.slice(0, 7).map((value, i) => ({ year: 2019 + i, value })),
        2030,
        UNBOUNDED,
      );
      result.points
        .filter((p) => p.isForecast)
        .forEach((p, i) => {
          const actual = y[7 + i];
          if (actual >= p.lower95! && actual <= p.upper95!) in95++;
          total++;
        });
    }
    expect(in95 / total).toBeGreaterThan(0.93);
    expect(in95 / total).toBeLessThan(0.99);
  });
});

describe("rates stay in [0, 1]", () => {
  test("a coverage rate climbing towards 1: points and bounds clamped, and the warning says so", () => {
    const r = random(5);
    const history = [0.82, 0.86, 0.9, 0.93, 0.95, 0.97, 0.985].map((v, i) => ({ year: 2019 + i, value: Math.min(1, v + 0.003 * (r() - 0.5)) }));
    const result = forecastSeries(history, 2030, RATE);
    for (const p of result.points.filter((q) => q.isForecast)) {
      for (const v of [p.value!, p.lower80!, p.upper80!, p.lower95!, p.upper95!]) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
      expect(p.lower95!).toBeLessThanOrEqual(p.lower80!);
      expect(p.lower80!).toBeLessThanOrEqual(p.value!);
      expect(p.value!).toBeLessThanOrEqual(p.upper80!);
      expect(p.upper80!).toBeLessThanOrEqual(p.upper95!);
    }
    expect(result.points.at(-1)!.upper95).toBe(1);
    expect(result.warnings.join(" ")).toMatch(/clamped into \[0, 1\]/);
  });
});

describe("a mixture of Student t's (Holt's predictive distribution)", () => {
  const one = { mean: 100, scale: 10, df: 5 };

  test("of identical components: the one t's quantiles and probabilities", () => {
    const mixture = { ...one, components: [0.2, 0.3, 0.5].map((weight) => ({ weight, mean: 100, scale: 10 })) };
    for (const q of [0.025, 0.1, 0.5, 0.9, 0.975]) expect(predictiveQuantile(mixture, q)).toBeCloseTo(100 + 10 * studentTQuantile(q, 5), 7);
    expect(predictionInterval(mixture, 0.95, UNBOUNDED)).toEqual(expect.objectContaining({ clamped: false }));
    expect(probabilityBeyond(mixture, 120)).toBeCloseTo(probabilityBeyond(one, 120), 12);
  });

  test("two components far apart, hand-worked: the median between them, each tail carried by its own", () => {
    // ½·t₅(−100, 1) + ½·t₅(100, 1): P(Y ≤ 0) = ½; the 2.5 % quantile is the first's 5 % quantile (the second puts ~0 there).
    const mixture = FAR_APART_MIXTURE;
    expect(predictiveCdf(mixture, 0)).toBeCloseTo(0.5, 10);
    expect(predictiveQuantile(mixture, 0.025)).toBeCloseTo(-100 + studentTQuantile(0.05, 5), 6);
    expect(predictiveQuantile(mixture, 0.975)).toBeCloseTo(100 + studentTQuantile(0.95, 5), 6);
    expect(probabilityBeyond(mixture, 100)).toBeCloseTo(0.25, 10);
    expect(probabilityBeyond(mixture, -100, true)).toBeCloseTo(0.25, 10);
  });

  test("unequal weights and scales: the quantile is where the mixture's CDF reaches it", () => {
    const mixture = {
      mean: 0,
      scale: 1,
      df: 3,
      components: [
        { weight: 0.7, mean: 0, scale: 1 },
        { weight: 0.2, mean: 3, scale: 0.5 },
        { weight: 0.1, mean: -2, scale: 4 },
      ],
    };
    for (const q of [0.01, 0.025, 0.1, 0.5, 0.8, 0.975, 0.99]) {
      const x = predictiveQuantile(mixture, q);
      const cdf = 0.7 * studentTCdf(x, 3) + 0.2 * studentTCdf((x - 3) / 0.5, 3) + 0.1 * studentTCdf((x + 2) / 4, 3);
      expect(cdf).toBeCloseTo(q, 9);
    }
  });

  test("components without spread: a point mass", () => {
    const mixture = { mean: 7, scale: 0, df: 4, components: [{ weight: 1, mean: 7, scale: 0 }] };
    expect(predictionInterval(mixture, 0.95, UNBOUNDED)).toEqual({ lower: 7, upper: 7, clamped: false });
    expect(probabilityBeyond(mixture, 7)).toBe(1);
  });
});

describe("one Student t: intervals, probabilities and the metric's range, by hand", () => {
  // mean 0.9, scale 0.05, 4 df: t(0.975; 4) = 2.7764451, so the 95 % interval is 0.9 ± 0.13882.
  const t4 = { mean: 0.9, scale: 0.05, df: 4 };

  test("an interval that crosses 1 is clamped at the top only, and says so; one inside the range is not", () => {
    const half = 0.05 * studentTQuantile(0.975, 4);
    expect(half).toBeCloseTo(0.138822256, 8);
    expect(predictionInterval(t4, 0.95, RATE)).toEqual({ lower: expect.closeTo(0.9 - half, 12), upper: 1, clamped: true });
    expect(predictionInterval(t4, 0.95, UNBOUNDED)).toEqual({ lower: expect.closeTo(0.9 - half, 12), upper: expect.closeTo(0.9 + half, 12), clamped: false });
    const low = { mean: 0.05, scale: 0.05, df: 4 };
    expect(predictionInterval(low, 0.95, RATE)).toEqual({ lower: 0, upper: expect.closeTo(0.05 + half, 12), clamped: true });
    expect(predictionInterval({ mean: 0.5, scale: 0.05, df: 4 }, 0.95, RATE).clamped).toBe(false);
  });

  test("the level must lie strictly between 0 and 1", () => {
    for (const level of [0, 1, -0.5, 95, Number.NaN]) expect(() => predictionInterval(t4, level, RATE)).toThrow(/level must be in \(0, 1\)/);
  });

  test("clamping: counts at 0 from below, rates into [0, 1]", () => {
    expect(NON_NEGATIVE).toEqual({ min: 0, max: null });
    expect(RATE).toEqual({ min: 0, max: 1 });
    expect(clampTo(NON_NEGATIVE, -3)).toBe(0);
    expect(clampTo(NON_NEGATIVE, 1e9)).toBe(1e9);
    expect(clampTo(RATE, 1.2)).toBe(1);
    expect(clampTo(RATE, -0.1)).toBe(0);
    expect(clampTo(RATE, 0.3)).toBe(0.3);
    expect(clampTo(UNBOUNDED, -7)).toBe(-7);
  });

  test("P(Y ≥ 1) and P(Y ≤ 1) by the closed form of 4 df: P(T ≤ 2) = 0.9419417", () => {
    // t = (1 − 0.9) / 0.05 = 2. A&S 26.7.3 for 4 df: P(|T| ≤ t) = sin θ·(1 + ½cos²θ), sin θ = t/√(4 + t²) = 2/√8, cos²θ = 4/8.
    const below = 0.5 + 0.5 * (2 / Math.sqrt(8)) * (1 + 0.5 * 0.5);
    expect(below).toBeCloseTo(0.9419417382, 9);
    expect(predictiveCdf(t4, 1)).toBeCloseTo(below, 12);
    expect(probabilityBeyond(t4, 1)).toBeCloseTo(1 - below, 12);
    expect(probabilityBeyond(t4, 1, true)).toBeCloseTo(below, 12);
  });

  test("no spread: the distribution is a point, for one t and inside a mixture", () => {
    const point = { mean: 7, scale: 0, df: 4 };
    expect(predictiveCdf(point, 7)).toBe(1);
    expect(predictiveCdf(point, 6.999)).toBe(0);
    expect(probabilityBeyond(point, 7)).toBe(1);
    expect(probabilityBeyond(point, 7.001)).toBe(0);
    expect(probabilityBeyond(point, 7, true)).toBe(1);
    expect(probabilityBeyond(point, 6.999, true)).toBe(0);
    // ¼ a point at 0, ¾ a t₄ around 10 with scale 1: at x = 5 the point is below, the t nearly all above.
    const mixed = {
      mean: 7.5,
      scale: 5,
      df: 4,
      components: [
        { weight: 0.25, mean: 0, scale: 0 },
        { weight: 0.75, mean: 10, scale: 1 },
      ],
    };
    expect(predictiveCdf(mixed, -0.001)).toBeCloseTo(0.75 * studentTCdf(-10.001, 4), 14);
    expect(predictiveCdf(mixed, 0)).toBeCloseTo(0.25 + 0.75 * studentTCdf(-10, 4), 14);
    expect(predictiveCdf(mixed, 5)).toBeCloseTo(0.25 + 0.75 * studentTCdf(-5, 4), 14);
    expect(probabilityBeyond(mixed, 5)).toBeCloseTo(0.75 * (1 - studentTCdf(-5, 4)), 14);
  });
});
