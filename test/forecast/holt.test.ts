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
import { HOLT, HOLT_DAMPED, dampedSum, fitHolt, fitHoltParameters, holtFilter, holtForecast, holtScaleFactor } from "../../core/forecasting/holt.js";

const AIR_1990_2004 = [17.5534, 21.86, 23.8866, 26.9293, 26.8885, 28.8314, 30.0751, 30.9535, 30.1857, 31.5797, 32.5776, 33.4774, 39.0216, 41.3864, 41.5966];

// FPP 1st ed., Table 7.3 (2 decimals).
const TABLE_LEVEL = [18.41, 21.89, 24.21, 27.05, 27.57, 29.12, 30.38, 31.28, 30.8, 31.72, 32.68, 33.57, 38.17, 41.12, 41.92];
const TABLE_SLOPE = [3.62, 3.59, 3.33, 3.24, 2.69, 2.46, 2.22, 1.96, 1.47, 1.36, 1.28, 1.2, 1.88, 2.1, 1.84];
const TABLE_ONE_STEP = [21.86, 22.03, 25.48, 27.54, 30.29, 30.26, 31.58, 32.6, 33.24, 32.27, 33.08, 33.96, 34.78, 40.06, 43.22];
const TABLE_FORECASTS = [43.76, 45.59, 47.43, 49.27, 51.1];

/** Within rounding of a value printed to 2 decimals. */
const toTwoDecimals = (actual: number, printed: number) => expect(Math.abs(actual - printed)).toBeLessThanOrEqual(0.005 + 1e-9);

describe("Holt's method reproduces FPP's Table 7.3 (air passengers, α = 0.8, β* = 0.2)", () => {
  const run = holtFilter(AIR_1990_2004, { alpha: 0.8, beta: 0.2, phi: 1 }, { level: AIR_1990_2004[0], trend: AIR_1990_2004[1] - AIR_1990_2004[0] });

  test("levels, slopes and one-step forecasts of 1990–2004", () => {
    run.levels.forEach((v, i) => toTwoDecimals(v, TABLE_LEVEL[i]));
    run.trends.forEach((v, i) => toTwoDecimals(v, TABLE_SLOPE[i]));
    run.fitted.forEach((v, i) => toTwoDecimals(v, TABLE_ONE_STEP[i]));
  });

  test("forecasts for 2005–2009", () => {
    TABLE_FORECASTS.forEach((v, i) => toTwoDecimals(holtForecast(run.final, 1, i + 1), v));
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

describe("fitting", () => {
  test("α and β* minimise the SSE: no point of a fine grid does better", () => {
    const fit = fitHoltParameters(AIR_1990_2004, false);
    const run = (alpha: number, beta: number) => {
      const r = holtFilter(AIR_1990_2004.slice(1), { alpha, beta, phi: 1 }, { level: AIR_1990_2004[0], trend: AIR_1990_2004[1] - AIR_1990_2004[0] });
      return r.errors.slice(1).reduce((s, e) => s + e * e, 0);
    };
    expect(run(fit.parameters.alpha, fit.parameters.beta)).toBeCloseTo(fit.sse, 10);
    for (let a = 0.01; a < 1; a += 0.02) for (let b = 0.01; b < 1; b += 0.02) expect(run(a, b)).toBeGreaterThanOrEqual(fit.sse - 1e-9);
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

  test("degrees of freedom and the minimum points: n − 2 errors, minus the smoothing parameters", () => {
    expect(fitHolt([1, 3, 2, 5, 4], false).df).toBe(1);
    expect(fitHolt([1, 3, 2, 5, 4, 6], true).df).toBe(1);
    expect(HOLT.minPointsForIntervals).toBe(5);
    expect(HOLT_DAMPED.minPointsForIntervals).toBe(6);
    expect(() => fitHolt([1, 2, 3], false)).toThrow(/at least 4/);
  });

  test("with α and β* near 0 the interval grows with the horizon (the start's error), and a note says why", () => {
    // A straight line with alternating noise: the best smoothing is almost none.
    const y = [100, 112, 118, 132, 138, 152, 158];
    const model = fitHolt(y, false);
    if (model.parameters.alpha! < 0.05 && model.parameters.beta! < 0.05) expect(model.notes.join(" ")).toMatch(/near 0/);
    const scales = [1, 3, 6].map((h) => model.predictive([h]).scale);
    expect(scales[1]).toBeGreaterThan(scales[0]);
    expect(scales[2]).toBeGreaterThan(scales[1]);
  });
});
