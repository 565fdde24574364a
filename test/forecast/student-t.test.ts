/**
 * The distributions behind the intervals and probabilities, against published table
 * values and closed forms.
 *
 * Critical values: NIST/SEMATECH e-Handbook of Statistical Methods, §1.3.6.7.2
 * ("Critical values of the Student's t distribution", 3 decimals), and the usual
 * 9-digit values of t(0.975) for 1, 2, 5, 10 and 30 degrees of freedom and of z(0.975).
 */
import { describe, expect, test } from "vitest";
import {
  lnGamma,
  normalCdf,
  normalQuantile,
  regularizedIncompleteBeta,
  regularizedLowerGamma,
  studentTCdf,
  studentTPdf,
  studentTQuantile,
} from "../../core/forecasting/student-t.js";

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

/**
 * Reference values from mpmath 1.3 at 30 digits (erfinv, loggamma, betainc, gammainc) and
 * SciPy 1.17 (stats.t.ppf), rounded to doubles.
 */
describe("against mpmath / SciPy, where the tables above do not reach", () => {
  test("Φ⁻¹ in each of Acklam's three regions (lower tail below 0.02425, centre, upper tail above 0.97575) and at its edges", () => {
    // Deep in the tail Φ itself is good to about 1e-12, and so the refined quantile.
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.753424308822899, 10);
    const reference: [number, number][] = [
      [0.01, -2.326347874040841],
      [0.025, -1.9599639845400543],
      [0.97, 1.8807936081512506],
      [0.98, 2.0537489106318225],
      [0.99, 2.3263478740408408],
      [0.999, 3.090232306167813],
    ];
    for (const [p, z] of reference) expect(normalQuantile(p)).toBeCloseTo(z, 12);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 15);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    for (const p of [-0.1, 1.1, Number.NaN]) expect(normalQuantile(p)).toBeNaN();
  });

  test("Φ: NaN in, NaN out; both tails", () => {
    expect(normalCdf(Number.NaN)).toBeNaN();
    expect(normalCdf(-2.326347874040841)).toBeCloseTo(0.01, 14);
    expect(normalCdf(3.090232306167813)).toBeCloseTo(0.999, 14);
  });

  test("ln Γ below ½ (the reflection formula) and between ½ and 1", () => {
    expect(lnGamma(0.25)).toBeCloseTo(1.2880225246980774, 12);
    expect(lnGamma(0.1)).toBeCloseTo(2.252712651734206, 12);
    expect(lnGamma(1.5)).toBeCloseTo(-0.12078223763524522, 12);
  });

  test("the regularised incomplete beta and lower gamma functions, on both sides of their switch between series and continued fraction", () => {
    expect(regularizedIncompleteBeta(0.3, 2, 3)).toBeCloseTo(0.3483, 14);
    expect(regularizedIncompleteBeta(0.8, 0.5, 4.5)).toBeCloseTo(0.9997975006779324, 14);
    expect(regularizedIncompleteBeta(0.5, 5, 0.5)).toBeCloseTo(0.010119559735433714, 14);
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(-0.5, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
    expect(regularizedIncompleteBeta(1.5, 2, 3)).toBe(1);
    expect(regularizedLowerGamma(0.5, 0.2)).toBeCloseTo(0.4729107431344619, 14);
    expect(regularizedLowerGamma(0.5, 3)).toBeCloseTo(0.9856941215645704, 14);
    expect(regularizedLowerGamma(2.5, 1)).toBeCloseTo(0.15085496391539036, 14);
    expect(regularizedLowerGamma(2.5, 5)).toBeCloseTo(0.9247647538534878, 14);
    expect(regularizedLowerGamma(2.5, 0)).toBe(0);
    expect(regularizedLowerGamma(2.5, -1)).toBe(0);
  });

  test("Student's t with fractional and large degrees of freedom: CDF, quantile, density", () => {
    const cdf: [number, number, number][] = [
      [-2, 4.5, 0.054128953590562516],
      [1.3, 2.5, 0.8497566053646459],
      [0.7, 0.5, 0.6572996687396168],
      [3, 7.5, 0.9908045306958978],
      [-1, 250, 0.15913871111672742],
    ];
    for (const [t, df, p] of cdf) expect(studentTCdf(t, df)).toBeCloseTo(p, 12);
    expect(studentTCdf(0, 4.5)).toBeCloseTo(0.5, 14);
    const quantiles: [number, number, number][] = [
      [0.975, 4.5, 2.6589123472044034],
      [0.9, 2.5, 1.7302509288071766],
      [0.975, 250, 1.9694983934211532],
      [0.99, 3, 4.540702858568132],
    ];
    for (const [p, df, t] of quantiles) expect(studentTQuantile(p, df)).toBeCloseTo(t, 10);
    expect(studentTPdf(1.3, 5)).toBeCloseTo(0.15847673572898244, 13);
    expect(studentTPdf(0.4, 4.5)).toBeCloseTo(0.34296038622757014, 13);
    expect(studentTPdf(-2, 30)).toBeCloseTo(0.05685227504719796, 13);
  });

  test("infinite t, and probabilities 0 and 1, at the distribution's edges", () => {
    for (const df of [1, 4, 4.5, 250]) {
      expect(studentTCdf(Infinity, df)).toBe(1);
      expect(studentTCdf(-Infinity, df)).toBe(0);
    }
    expect(studentTCdf(1.96, Infinity)).toBeCloseTo(0.9750021048517795, 12);
    expect(studentTQuantile(0, 5)).toBe(-Infinity);
    expect(studentTQuantile(1, 5)).toBe(Infinity);
    for (const p of [-0.5, 1.5, Number.NaN]) expect(studentTQuantile(p, 5)).toBeNaN();
  });

  test("degrees of freedom must be positive", () => {
    for (const df of [0, -1, Number.NaN]) {
      expect(() => studentTCdf(1, df)).toThrow(/degrees of freedom must be > 0/);
      expect(() => studentTQuantile(0.9, df)).toThrow(/degrees of freedom must be > 0/);
      expect(() => studentTPdf(1, df)).toThrow(/degrees of freedom must be > 0/);
    }
  });
});
