/**
 * The linear trend and its classic prediction interval against a published worked
 * example, and against DuckDB's regr_* aggregates.
 *
 * Worked example: D. C. Montgomery, E. A. Peck & G. G. Vining, "Introduction to Linear
 * Regression Analysis" (5th ed., Wiley 2012), chapter 2, the rocket propellant data
 * (Table 2.1: shear strength y in psi against propellant age x in weeks, n = 20):
 * ŷ = 2627.82 − 37.15x, x̄ = 13.3625, Sxx = 1106.56, and the 95 % prediction interval
 * for a new observation at x₀ = 10 weeks, ŷ₀ ± t(0.025, 18)·√(MSres(1 + 1/n + (x₀ − x̄)²/Sxx))
 * with t(0.025, 18) = 2.101: 2048.32 ≤ y₀ ≤ 2464.32. The book carries β̂ rounded to 2
 * decimals into MSres (9244.59; unrounded 9236.38) and ŷ₀ (2256.32; unrounded 2256.29),
 * so exact arithmetic lands within 0.15 of its bounds; recomputed from its rounded
 * figures, the formula gives its bounds to the cent.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fitLinearTrend, LINEAR_TREND, ols, olsPredictive } from "../../core/forecasting/linear-trend.js";
import { predictionInterval } from "../../core/forecasting/prediction-intervals.js";
import { studentTQuantile } from "../../core/forecasting/student-t.js";
import { openWarehouse, type Warehouse } from "../../etl/warehouse/warehouse.js";

const AGE = [15.5, 23.75, 8.0, 17.0, 5.5, 19.0, 24.0, 2.5, 7.5, 11.0, 13.0, 3.75, 25.0, 9.75, 22.0, 18.0, 6.0, 12.5, 2.0, 21.5];
const SHEAR = [
  2158.7, 1678.15, 2316.0, 2061.3, 2207.5, 1708.3, 1784.7, 2575.0, 2357.9, 2256.7, 2165.2, 2399.55, 1779.8, 2336.75, 1765.3, 2053.5, 2414.4, 2200.5, 2654.2,
  1753.7,
];
const UNBOUNDED = { min: null, max: null };

describe("rocket propellant (Montgomery, Peck & Vining, ch. 2)", () => {
  const fit = ols(AGE, SHEAR);

  test("the fitted line and its sums", () => {
    expect(fit.intercept).toBeCloseTo(2627.82, 2);
    expect(fit.slope).toBeCloseTo(-37.15, 2);
    expect(fit.xMean).toBeCloseTo(13.3625, 10);
    expect(fit.sxx).toBeCloseTo(1106.56, 2);
    expect(fit.df).toBe(18);
    expect(studentTQuantile(0.975, 18)).toBeCloseTo(2.101, 3);
  });

  test("95 % prediction interval at x₀ = 10 weeks: 2048.32 ≤ y₀ ≤ 2464.32", () => {
    const interval = predictionInterval(olsPredictive(fit, [10]), 0.95, UNBOUNDED);
    expect(Math.abs(interval.lower - 2048.32)).toBeLessThan(0.15);
    expect(Math.abs(interval.upper - 2464.32)).toBeLessThan(0.15);
    // The book's own rounded figures through the same formula.
    const half = 2.101 * Math.sqrt(9244.59 * (1 + 1 / 20 + (10 - 13.3625) ** 2 / 1106.56));
    expect(2256.32 - half).toBeCloseTo(2048.32, 2);
    expect(2256.32 + half).toBeCloseTo(2464.32, 2);
  });

  test("the interval widens away from x̄", () => {
    const width = (x0: number) => olsPredictive(fit, [x0]).scale;
    expect(width(fit.xMean)).toBeLessThan(width(5));
    expect(width(5)).toBeLessThan(width(0));
    expect(width(fit.xMean)).toBeCloseTo(fit.s * Math.sqrt(1 + 1 / 20), 10);
  });
});

describe("DuckDB's regr_* aggregates give the same line", () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await openWarehouse(":memory:");
  });
  afterAll(() => warehouse.close());

  test("regr_slope, regr_intercept, regr_sxx on the propellant data", async () => {
    const values = AGE.map((x, i) => `(${x}, ${SHEAR[i]})`).join(", ");
    const reader = await warehouse.connection.runAndReadAll(
      `select regr_slope(y, x), regr_intercept(y, x), regr_sxx(y, x), regr_count(y, x) from (values ${values}) t(x, y)`,
    );
    const [slope, intercept, sxx, count] = reader.getRowsJS()[0].map(Number);
    const fit = ols(AGE, SHEAR);
    expect(slope).toBeCloseTo(fit.slope, 9);
    expect(intercept).toBeCloseTo(fit.intercept, 7);
    expect(sxx).toBeCloseTo(fit.sxx, 8);
    expect(count).toBe(20);
  });
});

describe("the linear trend as a forecasting method", () => {
  test("over years: a known line comes back, with zero σ", () => {
    const model = fitLinearTrend([100, 110, 120, 130], 2025);
    expect(model.parameters.slope).toBeCloseTo(10, 10);
    expect(model.point(1)).toBeCloseTo(140, 8);
    expect(model.point(5)).toBeCloseTo(180, 8);
    expect(model.sigma).toBeCloseTo(0, 10);
  });

  test("a sum of future values: variance σ²(m + m²/n + (Σ(x₀ − x̄))²/Sxx)", () => {
    // Hand-worked: y = 1400, 1500, 1500, 1600 (2022–2025): slope 60, s² = 2000/2 = 1000;
    // 2026–2030: x₀ − x̄ = 2.5 … 6.5, Σ = 22.5, Sxx = 5: 5 + 25/4 + 22.5²/5 = 112.5.
    const model = fitLinearTrend([1400, 1500, 1500, 1600], 2025);
    const p = model.predictive([1, 2, 3, 4, 5]);
    expect(p.mean).toBeCloseTo(1650 + 1710 + 1770 + 1830 + 1890, 8);
    expect(p.scale).toBeCloseTo(Math.sqrt(1000 * 112.5), 8);
    expect(p.df).toBe(2);
    // One year: the classic interval.
    expect(model.predictive([1]).scale).toBeCloseTo(Math.sqrt(1000 * (1 + 1 / 4 + 2.5 ** 2 / 5)), 8);
  });

  test("needs 3 points", () => {
    expect(() => fitLinearTrend([1], 2025)).toThrow();
    expect(fitLinearTrend([1, 2, 4], 2025).df).toBe(1);
  });
});

describe("the least-squares line's edges", () => {
  test("x and y of different lengths, fewer than 2 points, or one x only: refused, each with its reason", () => {
    expect(() => ols([1, 2], [1, 2, 3])).toThrow(/x and y differ in length/);
    expect(() => ols([1], [5])).toThrow(/a line needs at least 2 points, got 1/);
    expect(() => ols([3, 3, 3], [1, 2, 3])).toThrow(/all x are equal/);
  });

  test("2 points: the line through them, no residual degree of freedom, no σ", () => {
    // (1, 3) and (3, 7): slope 2, intercept 1.
    const fit = ols([1, 3], [3, 7]);
    expect(fit).toMatchObject({ n: 2, xMean: 2, yMean: 5, sxx: 2, slope: 2, intercept: 1, sse: 0, df: 0 });
    expect(fit.s).toBeNaN();
  });

  test("2 points whose line leaves a rounding residual (SSE ≈ 1.5e-32, not 0): still no σ, not √(SSE / 0) = ∞", () => {
    const fit = ols([0.1, 0.7], [0.3, 0.9]);
    expect(fit.df).toBe(0);
    expect(fit.sse).toBeGreaterThan(0);
    expect(fit.s).toBeNaN();
  });

  test("the fitted trend over years, hand-worked: 1400, 1500, 1500, 1600 in 2022–2025", () => {
    // x̄ = 2023.5, ȳ = 1500, slope 60: intercept 1500 − 60 × 2023.5 = −119,910; residuals −10, 30, −30, 10: SSE 2000, s = √1000.
    const model = fitLinearTrend([1400, 1500, 1500, 1600], 2025);
    expect(model.method).toBe("LINEAR_TREND");
    expect(model.n).toBe(4);
    expect(model.notes).toEqual([]);
    expect(model.parameters).toEqual({
      intercept: expect.closeTo(-119_910, 6),
      slope: expect.closeTo(60, 10),
      alpha: null,
      beta: null,
      phi: null,
      level: null,
      trend: null,
    });
    expect(model.sse).toBeCloseTo(2000, 8);
    expect(model.sigma).toBeCloseTo(Math.sqrt(1000), 10);
    expect(model.df).toBe(2);
    expect(model.point(1)).toBeCloseTo(1650, 8);
  });

  test("as a method: from 3 points, with intervals from 3, and giving way to Holt's from 5", () => {
    expect(LINEAR_TREND.method).toBe("LINEAR_TREND");
    expect(LINEAR_TREND.minPoints).toBe(3);
    expect(LINEAR_TREND.minPointsForIntervals).toBe(3);
    expect(LINEAR_TREND.givesWayTo).toEqual({
      method: "HOLT",
      fromPoints: 5,
      why: "Holt's method, whose α, β* → 0 is this straight line, also allows for a trend that changes",
    });
    expect(LINEAR_TREND.fit([10, 20, 30], 2025).point(1)).toBeCloseTo(40, 10);
  });
});
