/**
 * Holt's linear trend method against a published worked example and the published
 * forecast-variance formulas.
 *
 * Worked example: R. J. Hyndman & G. Athanasopoulos, "Forecasting: Principles and
 * Practice" (1st ed., OTexts 2013), §7/2 "Holt's linear trend method", Example 7.2
 * "Air passengers", Table 7.3: Holt's method with α = 0.8 and β* = 0.2 on the annual
 * passengers (millions) of Australian air carriers 1990–2004 (the `ausair` series of the
 * book's `fpp` R package), started from ℓ₀ = y₁ and b₀ = y₂ − y₁. The table gives the
 * levels, slopes and one-step forecasts to 2 decimals, and the forecasts for 2005–2009
 * (h = 1…5): 43.76, 45.59, 47.43, 49.27, 51.10. (The 3rd edition's §8.2 shows the same
 * recursions on Australia's population, with fitted rather than stated parameters.)
 *
 * Variance: FPP 3rd ed. §8.7, Table 8.8 (after Hyndman, Koehler, Ord & Snyder,
 * "Forecasting with Exponential Smoothing", Springer 2008, Table 6.1): the h-step
 * forecast variance of ETS(A,A,N) and ETS(A,Ad,N).
 */
import { describe, expect, test } from "vitest";
import {
  bestStart,
  componentScaleFactor,
  DAMPING_GRID,
  dampedSum,
  fitHolt,
  fitHoltParameters,
  HOLT,
  HOLT_BOUNDS,
  HOLT_DAMPED,
  holtFilter,
  holtForecast,
  holtPosterior,
  holtScaleFactor,
  pseudoInverse,
  SMOOTHING_GRID,
} from "../../core/forecasting/holt.js";
import { predictionInterval } from "../../core/forecasting/prediction-intervals.js";
import { etsSeries } from "./synthetic.js";

const AIR_1990_2004 = [17.5534, 21.86, 23.8866, 26.9293, 26.8885, 28.8314, 30.0751, 30.9535, 30.1857, 31.5797, 32.5776, 33.4774, 39.0216, 41.3864, 41.5966];

// FPP 1st ed., Table 7.3 (2 decimals).
const TABLE_LEVEL = [18.41, 21.89, 24.21, 27.05, 27.57, 29.12, 30.38, 31.28, 30.8, 31.72, 32.68, 33.57, 38.17, 41.12, 41.92];
const TABLE_SLOPE = [3.62, 3.59, 3.33, 3.24, 2.69, 2.46, 2.22, 1.96, 1.47, 1.36, 1.28, 1.2, 1.88, 2.1, 1.84];
const TABLE_ONE_STEP = [21.86, 22.03, 25.48, 27.54, 30.29, 30.26, 31.58, 32.6, 33.24, 32.27, 33.08, 33.96, 34.78, 40.06, 43.22];
const TABLE_FORECASTS = [43.76, 45.59, 47.43, 49.27, 51.1];

/** Within rounding of a value printed to 2 decimals. */
const toTwoDecimals = (actual: number, printed: number) => expect(Math.abs(actual - printed)).toBeLessThanOrEqual(0.005 + 1e-9);

/** α, β* and φ within their bounds: on them allowed, or strictly inside. */
function expectWithinBounds(p: { alpha: number; beta: number; phi: number }, where: "ON_OR_INSIDE" | "STRICTLY_INSIDE") {
  for (const [v, lower, upper] of [
    [p.alpha, HOLT_BOUNDS.min, HOLT_BOUNDS.max],
    [p.beta, HOLT_BOUNDS.min, HOLT_BOUNDS.max],
    [p.phi, HOLT_BOUNDS.phiMin, HOLT_BOUNDS.phiMax],
  ]) {
    if (where === "STRICTLY_INSIDE") {
      expect(v).toBeGreaterThan(lower);
      expect(v).toBeLessThan(upper);
    } else {
      expect(v).toBeGreaterThanOrEqual(lower);
      expect(v).toBeLessThanOrEqual(upper);
    }
  }
}

describe("Holt's method reproduces FPP's Table 7.3 (air passengers, α = 0.8, β* = 0.2)", () => {
  const run = () => holtFilter(AIR_1990_2004, { alpha: 0.8, beta: 0.2, phi: 1 }, { level: AIR_1990_2004[0], trend: AIR_1990_2004[1] - AIR_1990_2004[0] });

  test("levels, slopes and one-step forecasts of 1990–2004", () => {
    for (const [i, v] of run().levels.entries()) toTwoDecimals(v, TABLE_LEVEL[i]);
    for (const [i, v] of run().trends.entries()) toTwoDecimals(v, TABLE_SLOPE[i]);
    for (const [i, v] of run().fitted.entries()) toTwoDecimals(v, TABLE_ONE_STEP[i]);
  });

  test("forecasts for 2005–2009", () => {
    for (const [i, v] of TABLE_FORECASTS.entries()) toTwoDecimals(holtForecast(run().final, 1, i + 1), v);
  });
});

describe("forecast variance (FPP 3rd ed. Table 8.8)", () => {
  test("ETS(A,A,N): σₕ² = σ²[1 + (h − 1){α² + αβh + β²h(2h − 1)/6}], β = αβ*", () => {
    const alpha = 0.7;
    const betaStar = 0.25;
    const beta = alpha * betaStar;
    for (const h of [1, 2, 3, 6, 10]) {
      const published = 1 + (h - 1) * (alpha ** 2 + alpha * beta * h + (beta ** 2 * h * (2 * h - 1)) / 6);
      expect(holtScaleFactor({ alpha, beta: betaStar, phi: 1 }, [h]) ** 2).toBeCloseTo(published, 10);
    }
  });

  test("ETS(A,Ad,N)", () => {
    const [alpha, betaStar, phi] = [0.6, 0.3, 0.9];
    const beta = alpha * betaStar;
    for (const h of [1, 2, 3, 5, 8]) {
      const published =
        1 +
        alpha ** 2 * (h - 1) +
        ((beta * phi * h) / (1 - phi) ** 2) * (2 * alpha * (1 - phi) + beta * phi) -
        ((beta * phi * (1 - phi ** h)) / ((1 - phi) ** 2 * (1 - phi ** 2))) * (2 * alpha * (1 - phi ** 2) + beta * phi * (1 + 2 * phi - phi ** h));
      expect(holtScaleFactor({ alpha, beta: betaStar, phi }, [h]) ** 2).toBeCloseTo(published, 10);
    }
  });

  test("a sum over horizons counts the covariance between them", () => {
    // Error at horizon h: Σⱼ₌₀..ₕ₋₁ cⱼ ε(T+h−j), c₀ = 1; built out explicitly for h = 1…4.
    const p = { alpha: 0.5, beta: 0.4, phi: 0.95 };
    const c = (j: number) => (j === 0 ? 1 : p.alpha * (1 + p.beta * dampedSum(p.phi, j)));
    const horizons = [2, 3, 4];
    const weights = [1, 2, 3, 4].map((i) => horizons.filter((h) => h >= i).reduce((s, h) => s + c(h - i), 0));
    expect(holtScaleFactor(p, horizons) ** 2).toBeCloseTo(
      weights.reduce((s, w) => s + w * w, 0),
      12,
    );
    expect(dampedSum(0.9, 3)).toBeCloseTo(0.9 + 0.81 + 0.729, 12);
    expect(dampedSum(1, 3)).toBe(3);
  });
});

describe("the least-squares start (bestStart)", () => {
  test("with α = β* → 0 it is the least-squares line, hand-worked: y = 1, 3, 2, 5 at t = 1…4 gives ℓ₀ = 0, b₀ = 1.1, SSE 2.7", () => {
    // x̄ = 2.5, ȳ = 2.75, Sxx = 5, Sxy = 5.5: slope 1.1, intercept (t = 0) 0; fitted 1.1, 2.2, 3.3, 4.4; residuals −0.1, 0.8, −1.3, 0.6.
    const best = bestStart([1, 3, 2, 5], { alpha: 1e-9, beta: 1e-9, phi: 1 });
    expect(best.start.level).toBeCloseTo(0, 6);
    expect(best.start.trend).toBeCloseTo(1.1, 6);
    expect(best.sse).toBeCloseTo(2.7, 6);
    expect(best.final.level).toBeCloseTo(4.4, 6);
  });

  test("and then the start's variance is the regression line's: σ²(1 + 1/n + (x₀ − x̄)²/Sxx), and σ²(m + m²/n + (Σ(x₀ − x̄))²/Sxx) for a sum", () => {
    const p = { alpha: 1e-9, beta: 1e-9, phi: 1 };
    const best = bestStart([1, 3, 2, 5], p);
    const c = { parameters: p, startCovariance: pseudoInverse(best.gram), finalFromLevel: best.finalFromLevel, finalFromTrend: best.finalFromTrend };
    // n = 4, x̄ = 2.5, Sxx = 5; next year x₀ = 5: 1 + 1/4 + 2.5²/5 = 2.5.
    expect(componentScaleFactor(c, [1]) ** 2).toBeCloseTo(2.5, 6);
    // The next 5 years, x₀ = 5…9: 5 + 25/4 + 22.5²/5 = 112.5 (as the linear trend's, test/forecast/linear-trend.test.ts).
    expect(componentScaleFactor(c, [1, 2, 3, 4, 5]) ** 2).toBeCloseTo(112.5, 5);
  });

  test("for any smoothing: its SSE is the recursions' from that start, and no nearby start does better", () => {
    const p = { alpha: 0.3, beta: 0.6, phi: 0.9 };
    const best = bestStart(AIR_1990_2004, p);
    const sseFrom = (level: number, trend: number) => holtFilter(AIR_1990_2004, p, { level, trend }).errors.reduce((s, e) => s + e * e, 0);
    expect(sseFrom(best.start.level, best.start.trend)).toBeCloseTo(best.sse, 8);
    const run = holtFilter(AIR_1990_2004, p, best.start);
    expect(best.final.level).toBeCloseTo(run.final.level, 8);
    expect(best.final.trend).toBeCloseTo(run.final.trend, 8);
    for (const [dl, db] of [
      [0.1, 0],
      [-0.1, 0],
      [0, 0.1],
      [0, -0.1],
      [0.05, -0.05],
    ]) {
      expect(sseFrom(best.start.level + dl, best.start.trend + db)).toBeGreaterThan(best.sse);
    }
  });

  test("the pseudo-inverse: a regular matrix's inverse; a singular one's inverse on its range", () => {
    expect(pseudoInverse({ a: 2, b: 1, d: 1 })).toEqual({ a: 1, b: -1, d: 2 });
    const singular = pseudoInverse({ a: 1, b: 1, d: 1 });
    for (const v of [singular.a, singular.b, singular.d]) expect(v).toBeCloseTo(0.25, 12);
    expect(pseudoInverse({ a: 0, b: 0, d: 0 })).toEqual({ a: 0, b: 0, d: 0 });
    // Diagonal and singular: the inverse of the one non-zero entry, wherever it is.
    expect(pseudoInverse({ a: 4, b: 0, d: 0 })).toEqual({ a: 0.25, b: 0, d: 0 });
    expect(pseudoInverse({ a: 0, b: 0, d: 2 })).toEqual({ a: 0, b: 0, d: 0.5 });
    // A diagonal regular matrix: no off-diagonal term appears.
    expect(pseudoInverse({ a: 4, b: 0, d: 2 })).toEqual({ a: 0.25, b: -0, d: 0.5 });
  });
});

describe("fitting", () => {
  test("the least-squares fit (forecast::ets's): no point of a fine grid of α, β* does better", () => {
    const fit = fitHoltParameters(AIR_1990_2004, false);
    const sseAt = (alpha: number, beta: number) => bestStart(AIR_1990_2004, { alpha, beta, phi: 1 }).sse;
    expect(sseAt(fit.parameters.alpha, fit.parameters.beta)).toBeCloseTo(fit.sse, 8);
    for (let a = 0.01; a < 1; a += 0.02) for (let b = 0.01; b < 1; b += 0.02) expect(sseAt(a, b)).toBeGreaterThanOrEqual(fit.sse - 1e-9);
  });

  test("the posterior: one weight per grid point (10 × 10, damped × 6 values of φ in [0.8, 0.98]), summing to 1", () => {
    expect(SMOOTHING_GRID).toEqual([0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95].map((v) => expect.closeTo(v, 12)));
    expect(DAMPING_GRID).toEqual([0.815, 0.845, 0.875, 0.905, 0.935, 0.965].map((v) => expect.closeTo(v, 12)));
    for (const damped of [false, true]) {
      const posterior = holtPosterior(AIR_1990_2004, damped);
      expect(posterior).toHaveLength(damped ? 600 : 100);
      expect(posterior.reduce((s, c) => s + c.weight, 0)).toBeCloseTo(1, 12);
    }
  });

  test("each grid point's weight is |GᵀG|^(−½)·SSE^(−(n−2)/2), normalised", () => {
    const y = [3, 5, 4, 8, 9, 12, 11];
    const posterior = holtPosterior(y, false);
    const raw = (alpha: number, beta: number) => {
      const best = bestStart(y, { alpha, beta, phi: 1 });
      const { a, b, d } = best.gram;
      return (a * d - b * b) ** -0.5 * best.sse ** (-(y.length - 2) / 2);
    };
    const total = SMOOTHING_GRID.reduce((s, alpha) => s + SMOOTHING_GRID.reduce((t, beta) => t + raw(alpha, beta), 0), 0);
    for (const c of [posterior[0], posterior[37], posterior[99]]) {
      expect(c.weight).toBeCloseTo(raw(c.parameters.alpha, c.parameters.beta) / total, 12);
      expect(c.sse).toBeCloseTo(bestStart(y, c.parameters).sse, 10);
    }
  });

  test("σ̂² is the weighted SSE over n − 2; the reported level and trend are the posterior means, which give the undamped forecast", () => {
    const y = [3, 5, 4, 8, 9, 12, 11];
    const model = fitHolt(y, false);
    const posterior = holtPosterior(y, false);
    expect(model.method).toBe("HOLT");
    expect(fitHolt(y, true).method).toBe("HOLT_DAMPED");
    expect(model.notes).toEqual([]);
    expect(model.sigma ** 2).toBeCloseTo(posterior.reduce((s, c) => s + c.weight * c.sse, 0) / 5, 10);
    const { level, trend } = model.parameters as { level: number; trend: number };
    expect(level).toBeCloseTo(
      posterior.reduce((s, c) => s + c.weight * c.final.level, 0),
      10,
    );
    for (const h of [1, 2, 5]) expect(model.point(h)).toBeCloseTo(level + h * trend, 8);
  });

  test("the mixture's reading scale: √Σ w·(scale² + (mean − mean̄)²)", () => {
    const p = fitHolt([3, 5, 4, 8, 9, 12, 11], false).predictive([2]);
    const parts = p.components ?? [];
    const spread = parts.reduce((s, c) => s + c.weight * (c.scale ** 2 + (c.mean - p.mean) ** 2), 0);
    expect(p.scale).toBeCloseTo(Math.sqrt(spread), 10);
    // At least the components' mean scale (their spread adds to it).
    expect(p.scale).toBeGreaterThanOrEqual(parts.reduce((s, c) => s + c.weight * c.scale, 0));
  });

  test("the least-squares fit needs 4 points", () => {
    expect(() => fitHoltParameters([1, 2, 3], false)).toThrow(/at least 4/);
    expect(fitHoltParameters([1, 2, 4, 7], true).parameters.phi).toBeGreaterThanOrEqual(0.8);
  });

  test("on long series of its own model the posterior finds the smoothing that made them (α = 0.5, β* = 0.3, 80 years, 5 seeds)", () => {
    const fits = [1, 2, 3, 4, 5].map((seed) => fitHolt(etsSeries(seed, 80, { alpha: 0.5, beta: 0.3, sigma: 10 }), false).parameters);
    const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
    expect(Math.abs(mean(fits.map((p) => p.alpha as number)) - 0.5)).toBeLessThan(0.1);
    expect(Math.abs(mean(fits.map((p) => p.beta as number)) - 0.3)).toBeLessThan(0.2);
  });

  test("the forecast is the posterior mean, and the predictive its mixture: the components' weighted means give the point", () => {
    const model = fitHolt(AIR_1990_2004, false);
    for (const h of [1, 3]) {
      const p = model.predictive([h]);
      expect(p.components?.reduce((s, c) => s + c.weight, 0)).toBeCloseTo(1, 12);
      expect(p.components?.reduce((s, c) => s + c.weight * c.mean, 0)).toBeCloseTo(model.point(h), 8);
      expect(p.mean).toBeCloseTo(model.point(h), 8);
    }
    const sum = model.predictive([1, 2, 3]);
    expect(sum.mean).toBeCloseTo(model.point(1) + model.point(2) + model.point(3), 8);
  });

  test("damped: φ stays in [0.8, 0.98]; the damped forecast flattens", () => {
    const model = fitHolt(AIR_1990_2004, true);
    expect(model.parameters.phi).toBeGreaterThanOrEqual(0.8);
    expect(model.parameters.phi).toBeLessThanOrEqual(0.98);
    const steps = [1, 2, 3, 4, 5, 6].map((h) => model.point(h + 1) - model.point(h));
    for (let i = 1; i < steps.length; i++) expect(Math.abs(steps[i])).toBeLessThanOrEqual(Math.abs(steps[i - 1]) + 1e-12);
  });

  test("recovers the trend of a noiseless line, with zero σ", () => {
    const line = [10, 13, 16, 19, 22, 25];
    const model = fitHolt(line, false);
    expect(model.point(1)).toBeCloseTo(28, 6);
    expect(model.point(4)).toBeCloseTo(37, 6);
    expect(model.sigma).toBeCloseTo(0, 6);
  });

  test("degrees of freedom n − 2 (the start is estimated; the smoothing is averaged over, not fitted), and the minimum points", () => {
    expect(fitHolt([1, 3, 2, 5, 4], false).df).toBe(3);
    expect(fitHolt([1, 3, 2, 5, 4, 6], true).df).toBe(4);
    expect(HOLT.minPointsForIntervals).toBe(5);
    expect(HOLT_DAMPED.minPointsForIntervals).toBe(6);
    expect(() => fitHolt([1, 2, 3], false)).toThrow(/at least 4/);
  });

  test("the interval grows with the horizon", () => {
    const model = fitHolt([100, 112, 118, 132, 138, 152, 158], false);
    const widths = [1, 3, 6].map((h) => {
      const i = predictionInterval(model.predictive([h]), 0.95, { min: null, max: null });
      return i.upper - i.lower;
    });
    expect(widths[1]).toBeGreaterThan(widths[0]);
    expect(widths[2]).toBeGreaterThan(widths[1]);
  });
});

describe("the least-squares fit and the posterior at their edges", () => {
  test("ets's bounds, and the air passengers' fit on them: α = 0.9999, β* = 0.0001", () => {
    expect(HOLT_BOUNDS).toEqual({ min: 1e-4, max: 1 - 1e-4, phiMin: 0.8, phiMax: 0.98 });
    const fit = fitHoltParameters(AIR_1990_2004, false);
    expect(fit.parameters).toEqual({ alpha: HOLT_BOUNDS.max, beta: HOLT_BOUNDS.min, phi: 1 });
  });

  test("an optimum inside the bounds: Nelder–Mead improves on every point of the coarse grid (step 0.1)", () => {
    // 40 years of ETS(A,A,N) (α = 0.5, β* = 0.3, σ = 10, seed 3): the least-squares α, β* lie between grid points.
    const y = etsSeries(3, 40, { alpha: 0.5, beta: 0.3, sigma: 10 });
    const fit = fitHoltParameters(y, false);
    const coarse = [HOLT_BOUNDS.min, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, HOLT_BOUNDS.max];
    const gridBest = Math.min(...coarse.flatMap((alpha) => coarse.map((beta) => bestStart(y, { alpha, beta, phi: 1 }).sse)));
    expect(fit.sse).toBeLessThan(gridBest - 10);
    expect(bestStart(y, fit.parameters).sse).toBeCloseTo(fit.sse, 8);
    for (const v of [fit.parameters.alpha, fit.parameters.beta]) {
      expect(v).toBeGreaterThan(HOLT_BOUNDS.min);
      expect(v).toBeLessThan(HOLT_BOUNDS.max);
    }
    for (let a = 0.02; a < 1; a += 0.04)
      for (let b = 0.02; b < 1; b += 0.04) expect(bestStart(y, { alpha: a, beta: b, phi: 1 }).sse).toBeGreaterThanOrEqual(fit.sse - 1e-9);
  });

  test("two valleys: a rise and fall is fitted best in the corner α = β* = 0.9999, not by the straight line the grid's other end leads to", () => {
    // y = 88, 117, 138, 127, 108 (t = 1…5). With α = β* = 1 each forecast is the last value plus the last
    // step: 117 + 29 = 146, 138 + 21 = 159, 127 − 11 = 116, errors −8, −32, −8 (the start absorbs the first
    // two): SSE 1152. With α = β* → 0 it is the least-squares line: ȳ = 115.6, Sxy = 50, Sxx = 10,
    // SST = 1453.2, SSE = 1453.2 − 50²/10 = 1203.2. Both ends are valleys of the SSE; the refinements of the
    // best grid points reach both, and the fit is the better one, within ets's bounds.
    const y = [88, 117, 138, 127, 108];
    expect(bestStart(y, { alpha: 1, beta: 1, phi: 1 }).sse).toBeCloseTo(1152, 6);
    expect(bestStart(y, { alpha: 1e-9, beta: 1e-9, phi: 1 }).sse).toBeCloseTo(1203.2, 4);
    const fit = fitHoltParameters(y, false);
    expect(fit.parameters).toEqual({ alpha: HOLT_BOUNDS.max, beta: HOLT_BOUNDS.max, phi: 1 });
    expect(fit.sse).toBeGreaterThan(1152);
    expect(fit.sse).toBeLessThan(1153);
    for (let a = 0.01; a < 1; a += 0.02) for (let b = 0.01; b < 1; b += 0.02) expect(bestStart(y, { alpha: a, beta: b, phi: 1 }).sse).toBeGreaterThan(fit.sse);
    const damped = fitHoltParameters(y, true);
    expectWithinBounds(damped.parameters, "ON_OR_INSIDE");
    expect(bestStart(y, damped.parameters).sse).toBeCloseTo(damped.sse, 8);
  });

  test("damped, an optimum inside the bounds too: Nelder–Mead in three dimensions improves on the coarse grid of α, β* and φ", () => {
    const y = etsSeries(3, 40, { alpha: 0.5, beta: 0.3, sigma: 10 });
    const fit = fitHoltParameters(y, true);
    const coarse = [HOLT_BOUNDS.min, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, HOLT_BOUNDS.max];
    const gridBest = Math.min(
      ...[0.8, 0.85, 0.9, 0.95, 0.98].flatMap((phi) => coarse.flatMap((alpha) => coarse.map((beta) => bestStart(y, { alpha, beta, phi }).sse))),
    );
    expect(fit.sse).toBeLessThan(gridBest - 1);
    expect(bestStart(y, fit.parameters).sse).toBeCloseTo(fit.sse, 8);
    expectWithinBounds(fit.parameters, "STRICTLY_INSIDE");
  });

  test("the posterior from 4 points on (3 throw)", () => {
    const posterior = holtPosterior([1, 3, 2, 5], false);
    expect(posterior).toHaveLength(100);
    expect(posterior.reduce((s, c) => s + c.weight, 0)).toBeCloseTo(1, 12);
    expect(() => holtPosterior([1, 3, 2], false)).toThrow("Holt's method needs at least 4 points, got 3");
  });

  test("a series of zeros: every SSE is exactly 0, floored above 0, so the weights are finite and the forecast is 0 with σ 0", () => {
    const zeros = [0, 0, 0, 0, 0];
    const posterior = holtPosterior(zeros, false);
    for (const c of posterior) {
      expect(c.sse).toBe(0);
      expect(Number.isFinite(c.weight)).toBe(true);
    }
    expect(posterior.reduce((s, c) => s + c.weight, 0)).toBeCloseTo(1, 12);
    const model = fitHolt(zeros, false);
    expect(model.point(3)).toBe(0);
    expect(model.sigma).toBe(0);
  });

  test("each component's scale is √(SSE / (n − 2)) times its scale factor", () => {
    const y = [3, 5, 4, 8, 9, 12, 11];
    const posterior = holtPosterior(y, false);
    const parts = fitHolt(y, false).predictive([2]).components ?? [];
    expect(parts).toHaveLength(100);
    for (const i of [0, 37, 99]) expect(parts[i].scale).toBeCloseTo(Math.sqrt(posterior[i].sse / 5) * componentScaleFactor(posterior[i], [2]), 10);
  });

  test("HOLT fits the undamped method, HOLT_DAMPED the damped one", () => {
    const y = [3, 5, 4, 8, 9, 12, 11];
    expect(HOLT.fit(y, 2025).method).toBe("HOLT");
    expect(HOLT.fit(y, 2025).parameters.phi).toBeCloseTo(1, 12);
    expect(HOLT_DAMPED.fit(y, 2025).method).toBe("HOLT_DAMPED");
    expect(HOLT_DAMPED.fit(y, 2025).parameters.phi).toBeLessThan(0.98);
  });

  const rawWeights = (y: readonly number[], floor = 0) => {
    const raw = holtPosterior(y, false).map((c) => {
      const { a, b, d } = bestStart(y, c.parameters).gram;
      return (a * d - b * b) ** -0.5 * Math.max(bestStart(y, c.parameters).sse, floor) ** (-(y.length - 2) / 2);
    });
    const total = raw.reduce((s, v) => s + v, 0);
    return raw.map((v) => v / total);
  };

  test("a series a hair off a line: its tiny SSEs (about 1e-5) are not floored, each weight is |GᵀG|^(−½)·SSE^(−(n−2)/2)", () => {
    const near = [1000, 1010.001, 1019.999, 1030.002, 1039.998, 1050.001];
    const posterior = holtPosterior(near, false);
    expect(Math.min(...posterior.map((c) => c.sse))).toBeGreaterThan(1e-6);
    const expected = rawWeights(near);
    for (const [i, c] of posterior.entries()) expect(c.weight).toBeCloseTo(expected[i], 10);
  });

  test("a series exactly on a line: the SSEs (0 but for rounding) are floored alike, so the weights are |GᵀG|^(−½), normalised", () => {
    const y = [10, 13, 16, 19, 22, 25];
    const posterior = holtPosterior(y, false);
    const dets = posterior.map((c) => {
      const { a, b, d } = bestStart(y, c.parameters).gram;
      return (a * d - b * b) ** -0.5;
    });
    const total = dets.reduce((s, v) => s + v, 0);
    for (const [i, c] of posterior.entries()) expect(c.weight).toBeCloseTo(dets[i] / total, 10);
  });
});
