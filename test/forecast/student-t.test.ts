/**
 * The distributions behind the intervals and probabilities, against published table
 * values and closed forms.
 *
 * Critical values: NIST/SEMATECH e-Handbook of Statistical Methods, §1.3.6.7.2
 * ("Critical values of the Student's t distribution", 3 decimals), and the usual
 * 9-digit values of t(0.975) for 1, 2, 5, 10 and 30 degrees of freedom and of z(0.975).
 */
import { describe, expect, test } from "vitest";
import { lnGamma, normalCdf, normalQuantile, regularizedIncompleteBeta, studentTCdf, studentTPdf, studentTQuantile } from "../../core/forecasting/student-t.js";

describe("Student t quantiles", () => {
  test.each([
    [0.975, 1, 12.706],
    [0.975, 2, 4.303],
    [0.975, 3, 3.182],
    [0.975, 5, 2.571],
    [0.975, 10, 2.228],
    [0.975, 18, 2.101],
    [0.975, 30, 2.042],
    [0.975, 100, 1.984],
    [0.9, 1, 3.078],
    [0.9, 2, 1.886],
    [0.9, 5, 1.476],
    [0.9, 30, 1.31],
  ])("t(%d; %d df) = %d (NIST table)", (p, df, table) => {
    expect(Math.abs(studentTQuantile(p, df) - table)).toBeLessThanOrEqual(0.0005 + 1e-9);
  });

  test.each([
    [1, 12.7062047],
    [2, 4.30265273],
    [5, 2.57058184],
    [10, 2.22813885],
    [30, 2.04227246],
  ])("t(0.975; %d df) to 8 digits", (df, value) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(value, 7);
  });

  test("symmetric, and the normal's at infinite degrees of freedom", () => {
    expect(studentTQuantile(0.025, 7)).toBeCloseTo(-studentTQuantile(0.975, 7), 12);
    expect(studentTQuantile(0.5, 4)).toBe(0);
    expect(studentTQuantile(0.975, Infinity)).toBeCloseTo(1.959963985, 8);
  });

  test("quantile and CDF are inverses", () => {
    for (const df of [1, 2, 3, 4, 7, 12, 40]) {
      for (const p of [0.01, 0.1, 0.2, 0.5, 0.8, 0.9, 0.975, 0.999]) expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 10);
    }
  });
});

describe("Student t CDF against closed forms", () => {
  test.each([-4, -1.5, -0.3, 0, 0.7, 2, 6])("t = %d", (t) => {
    expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 12);
    expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(t * t + 2)), 12);
    const s3 = Math.sqrt(3);
    expect(studentTCdf(t, 3)).toBeCloseTo(0.5 + (t / (s3 * (1 + (t * t) / 3)) + Math.atan(t / s3)) / Math.PI, 12);
  });
});

describe("normal distribution", () => {
  test("CDF and quantile at known points", () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 12);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 12);
    expect(normalCdf(0)).toBe(0.5);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 10);
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815515655446004, 10);
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.753424308822899, 8);
  });

  test("ln Γ at known points", () => {
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(lnGamma(10.5)).toBeCloseTo(13.940625219403763, 10);
  });
});

describe("whole degrees of freedom: the finite series (A&S 26.7.3–4) against the incomplete beta function", () => {
  test.each([1, 2, 3, 4, 5, 8, 13, 30, 101, 200])("%d df", (df) => {
    for (const t of [-7, -2.5, -1, -0.2, 0, 0.3, 1.7, 4, 12]) {
      const tail = 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
      expect(studentTCdf(t, df)).toBeCloseTo(t > 0 ? 1 - tail : tail, 12);
    }
  });

  test("fractional degrees of freedom still use the incomplete beta function: between the neighbouring whole ones", () => {
    expect(studentTCdf(-2, 4.5)).toBeGreaterThan(studentTCdf(-2, 5));
    expect(studentTCdf(-2, 4.5)).toBeLessThan(studentTCdf(-2, 4));
  });
});

describe("Student t density", () => {
  test("closed forms at 1 and 2 df, and the normal's at infinite df", () => {
    for (const t of [-3, -0.5, 0, 1, 2.5]) {
      expect(studentTPdf(t, 1)).toBeCloseTo(1 / (Math.PI * (1 + t * t)), 12);
      expect(studentTPdf(t, 2)).toBeCloseTo(1 / (2 + t * t) ** 1.5, 12);
      expect(studentTPdf(t, Infinity)).toBeCloseTo(Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI), 12);
    }
  });
});
