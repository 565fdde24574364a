/**
 * Student's t where the general method would be close but not exact: the closed forms of
 * 1 and 2 degrees of freedom, against mpmath 1.3 at 40 digits (tan(π(p − ½)) and
 * (2p − 1)/√(2p(1 − p)) at p's exact binary value), to 1e-14: closer than the bisection
 * of other degrees of freedom (to 1e-13) gets.
 */
import { describe, expect, test } from "vitest";
import { lnGamma, normalQuantile, studentTQuantile } from "../../core/forecasting/student-t.js";

describe("quantiles of 1 and 2 degrees of freedom: the closed forms, to 1e-14", () => {
  test.each([
    [0.6, 0.324919696232906, 0.288675134594813],
    [0.75, 1, 0.816496580927726],
    [0.9, 3.07768353717525, 1.88561808316413],
    [0.975, 12.7062047361747, 4.30265272974946],
  ])("p = %d: %d (1 df), %d (2 df)", (p, oneDf, twoDf) => {
    for (const [df, value] of [
      [1, oneDf],
      [2, twoDf],
    ]) {
      expect(Math.abs(studentTQuantile(p, df) - value)).toBeLessThanOrEqual(1e-14 * value);
      expect(Math.abs(studentTQuantile(1 - p, df) + value)).toBeLessThanOrEqual(1e-14 * value);
    }
  });
});

test("infinite degrees of freedom: exactly the normal's quantile, not a bisection's approximation of it", () => {
  for (const p of [0.01, 0.3, 0.9, 0.975]) expect(studentTQuantile(p, Infinity)).toBe(normalQuantile(p));
});

test("ln Γ near 0 through the reflection formula (mpmath 1.3): 18.420680738180209 at 1e-8", () => {
  expect(lnGamma(1e-8)).toBeCloseTo(18.420680738180209, 12);
  expect(lnGamma(0.001)).toBeCloseTo(6.907178885383854, 13);
});
