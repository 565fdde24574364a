/** Rolling-origin back-tests and method choice, on series small enough to work by hand. */
import { describe, expect, test } from "vitest";
import { backtest } from "../../core/forecasting/backtest.js";
import { chooseMethod, TIE_MARGIN } from "../../core/forecasting/choose-method.js";
import { LINEAR_TREND } from "../../core/forecasting/linear-trend.js";
import type { ForecastMethodName, MethodSpec } from "../../core/forecasting/model.js";

/** A hand-made method that forecasts a constant (and records what it was fitted to). */
function constant(method: ForecastMethodName, value: number, calls: [number[], number][] = []): MethodSpec {
  return {
    method,
    minPoints: 3,
    minPointsForIntervals: 3,
    fit: (values, lastYear) => {
      calls.push([[...values], lastYear]);
      return { ...LINEAR_TREND.fit([1, 2, 3], 2025), method, point: () => value };
    },
  };
}

describe("rolling-origin back-test", () => {
  test("hand-worked: [1, 3, 2, 5], from 3 points, 1 year ahead", () => {
    // Fit to 1, 3, 2 (t = 0, 1, 2): slope 0.5, mean 2 at t = 1, so t = 3 gives 3; actual 5, error 2.
    // Scale: the training's mean year-on-year change (|3 − 1| + |2 − 3|) / 2 = 1.5. MASE 2/1.5, MAPE 2/5.
    const result = backtest(LINEAR_TREND, [1, 3, 2, 5], 2025, { firstOrigin: 3, maxHorizon: 1 });
    expect(result.points).toEqual([{ origin: 3, horizon: 1, actual: 5, forecast: 3 }]);
    expect(result.mase).toBeCloseTo(2 / 1.5, 12);
    expect(result.mape).toBeCloseTo(40, 12);
    expect(result.origins).toBe(1);
  });

  test("every origin forecasts up to the horizon or the end of the series", () => {
    const result = backtest(LINEAR_TREND, [10, 12, 15, 15, 18, 21, 22], 2025, { firstOrigin: 3, maxHorizon: 3 });
    expect(result.origins).toBe(4);
    expect(result.points.map((p) => `${p.origin}+${p.horizon}`)).toEqual(["3+1", "3+2", "3+3", "4+1", "4+2", "4+3", "5+1", "5+2", "6+1"]);
  });

  test("MAPE skips zero actuals; MASE skips windows that never changed", () => {
    const result = backtest(LINEAR_TREND, [0, 0, 0, 0, 0], 2025, { firstOrigin: 3, maxHorizon: 2 });
    expect(result.mape).toBeNull();
    expect(result.mase).toBeNull();
  });
});

describe("choosing the method", () => {
  test("3 known years: the linear trend, nothing held out, and the reason says so", () => {
    const choice = chooseMethod([5, 7, 8], 2025, 5);
    expect(choice.chosen.method).toBe("LINEAR_TREND");
    expect(choice.backtests).toEqual([]);
    expect(choice.reason).toMatch(/3 known years leave none to hold out/);
    expect(choice.skipped.map((s) => s.method)).toEqual(["HOLT", "HOLT_DAMPED"]);
  });

  test("4 known years: only the linear trend qualifies, back-tested from 3", () => {
    const choice = chooseMethod([5, 7, 8, 11], 2025, 5);
    expect(choice.chosen.method).toBe("LINEAR_TREND");
    expect(choice.backtests.map((b) => [b.method, b.origins, b.points.length])).toEqual([["LINEAR_TREND", 1, 1]]);
    expect(choice.reason).toMatch(/HOLT not tried \(needs 5 known years, has 4\)/);
  });

  test("5 known years: the linear trend and Holt back-tested on the same origins, Holt chosen (the line gives way to it), damped Holt skipped", () => {
    const choice = chooseMethod([5, 7, 8, 11, 12], 2025, 5);
    expect(choice.chosen.method).toBe("HOLT");
    expect(choice.backtests.map((b) => [b.method, b.origins, b.points.length])).toEqual([
      ["LINEAR_TREND", 1, 1],
      ["HOLT", 1, 1],
    ]);
    expect(choice.skipped).toEqual([{ method: "HOLT_DAMPED", needs: 6 }]);
    expect(choice.reason).toMatch(
      /^HOLT: lowest back-test MASE \(.+\) over 1 rolling origin \(1 forecast of the known years, up to 1 year ahead\), the only candidate for 5 known years; LINEAR_TREND .+ \(not a candidate from 5 known years: Holt's method, whose α, β\* → 0 is this straight line, also allows for a trend that changes\)\. HOLT_DAMPED not tried \(needs 6 known years, has 5\)\.$/,
    );
  });

  test("6 known years: all three on the same origins; Holt and damped Holt the candidates", () => {
    const choice = chooseMethod([5, 7, 8, 11, 12, 14], 2025, 5);
    expect(choice.backtests.map((b) => b.method)).toEqual(["LINEAR_TREND", "HOLT", "HOLT_DAMPED"]);
    expect(new Set(choice.backtests.map((b) => JSON.stringify(b.points.map((p) => [p.origin, p.horizon]))))).toHaveProperty("size", 1);
    expect(choice.chosen.method).not.toBe("LINEAR_TREND");
    expect(choice.skipped).toEqual([]);
  });

  test("a straight line: the linear trend and Holt back-test perfectly (from the least-squares start every smoothing follows the line), a damped trend cannot; Holt is chosen", () => {
    const choice = chooseMethod([10, 20, 30, 40, 50, 60, 70], 2025, 5);
    expect(choice.chosen.method).toBe("HOLT");
    const [linear, holt, damped] = choice.backtests;
    expect(linear.mase).toBeCloseTo(0, 9);
    expect(holt.mase).toBeCloseTo(0, 6);
    expect(damped.mase as number).toBeGreaterThan(0.01);
  });

  test("accelerating growth: Holt follows the changing slope and beats the damped trend by back-test", () => {
    const growth = Array.from({ length: 8 }, (_, i) => 100 * 1.3 ** i);
    const choice = chooseMethod(growth, 2025, 3);
    expect(choice.chosen.method).toBe("HOLT");
    const [linear, holt, damped] = choice.backtests;
    expect(holt.mase as number).toBeLessThan((damped.mase as number) * (1 - TIE_MARGIN));
    expect(holt.mase as number).toBeLessThan(linear.mase as number);
  });

  test("a trend that flattens: the damped trend wins by back-test, and the reason names every method's error", () => {
    const flattening = Array.from({ length: 8 }, (_, i) => 1000 + 400 * (1 - 0.6 ** i));
    const choice = chooseMethod(flattening, 2025, 3);
    expect(choice.chosen.method).toBe("HOLT_DAMPED");
    const [, holt, damped] = choice.backtests;
    expect(damped.mase as number).toBeLessThan((holt.mase as number) * (1 - TIE_MARGIN));
    expect(choice.criterion).toBe("MASE");
    expect(choice.reason).toMatch(
      /^HOLT_DAMPED: lowest back-test MASE \(.+\) over 4 rolling origins \(9 forecasts of the known years, up to 3 years ahead\); HOLT .+, LINEAR_TREND .+ \(not a candidate from 5 known years: .+\)\.$/,
    );
  });
});

test("within the tie margin the simpler method is kept, and the reason says so", () => {
  // Three methods whose back-tests differ by less than 1 %: hand-made specs that forecast constants.
  const constant = (method: "LINEAR_TREND" | "HOLT" | "HOLT_DAMPED", value: number) => ({
    method,
    minPoints: 3,
    minPointsForIntervals: 3,
    fit: () => ({ ...LINEAR_TREND.fit([1, 2, 3], 2025), method, point: () => value }),
  });
  const choice = chooseMethod([10, 12, 11, 13, 12], 2025, 1, [constant("LINEAR_TREND", 12.0), constant("HOLT", 12.005), constant("HOLT_DAMPED", 20)]);
  expect(choice.chosen.method).toBe("LINEAR_TREND");
  expect(choice.backtests[1].mase!).toBeLessThan(choice.backtests[0].mase!);
  expect(choice.backtests[1].mase!).toBeGreaterThan(choice.backtests[0].mase! * (1 - TIE_MARGIN));
  expect(choice.reason).toMatch(/^LINEAR_TREND: back-test MASE .+, within 1 % of the lowest and simpler, over 2 rolling origins/);
});

describe("the back-test's details, by hand", () => {
  test("each window is fitted as the years it covers: the training ends (n − k) years before the last", () => {
    const calls: [number[], number][] = [];
    const result = backtest(constant("HOLT", 0, calls), [1, 2, 3, 4, 5], 2025, { firstOrigin: 3, maxHorizon: 2 });
    expect(calls).toEqual([
      [[1, 2, 3], 2023],
      [[1, 2, 3, 4], 2024],
    ]);
    expect(result).toMatchObject({ method: "HOLT", firstOrigin: 3, origins: 2, maxHorizon: 2 });
  });

  test("no window shorter than the method needs, whatever the first origin asked for", () => {
    const result = backtest(LINEAR_TREND, [1, 3, 2, 5], 2025, { firstOrigin: 2, maxHorizon: 1 });
    expect(result.firstOrigin).toBe(3);
    expect(result.points).toEqual([{ origin: 3, horizon: 1, actual: 5, forecast: 3 }]);
  });

  test("falling values and a forecast above the actual: errors and scales are absolute", () => {
    // Fit to −2, −4, −3: slope −0.5, mean −3 at t = 1, so t = 3 gives −4; actual −8, error 4.
    // Scale (|−4 + 2| + |−3 + 4|) / 2 = 1.5: MASE 4 / 1.5; MAPE 4 / 8 = 50 %.
    const result = backtest(LINEAR_TREND, [-2, -4, -3, -8], 2025, { firstOrigin: 3, maxHorizon: 1 });
    expect(result.points).toEqual([{ origin: 3, horizon: 1, actual: -8, forecast: expect.closeTo(-4, 12) }]);
    expect(result.mase).toBeCloseTo(4 / 1.5, 12);
    expect(result.mape).toBeCloseTo(50, 12);
    // Overshooting: a constant 9 against actuals 5 (k = 3) and 6 (k = 4), scales (2 + 1) / 2 and (2 + 1 + 3) / 3.
    const over = backtest(constant("HOLT", 9), [1, 3, 2, 5, 6], 2025, { firstOrigin: 3, maxHorizon: 1 });
    expect(over.mase).toBeCloseTo((4 / 1.5 + 3 / 2) / 2, 12);
    expect(over.mape).toBeCloseTo((80 + 50) / 2, 12);
  });

  test("one zero actual and one flat window leave the other forecasts' errors", () => {
    // k = 3: training 4, 4, 4 (scale 0), actual 0: neither MAPE nor MASE; k = 4: training 4, 4, 4, 0 (scale 4/3), actual 2, forecast 1.
    const result = backtest(constant("HOLT", 1), [4, 4, 4, 0, 2], 2025, { firstOrigin: 3, maxHorizon: 1 });
    expect(result.mape).toBeCloseTo(50, 12);
    expect(result.mase).toBeCloseTo(1 / (4 / 3), 12);
  });
});

describe("the reason a planner reads, to the letter", () => {
  test("within the tie margin, with every rival's error", () => {
    // Origins k = 3, 4 (actuals 13, 12; scales 1.5 and 5/3): 12 errs 1 and 0 (MASE 0.333), 12.005 errs 0.995 and 0.005 (0.3332), 20 errs 7 and 8 (4.73).
    const choice = chooseMethod([10, 12, 11, 13, 12], 2025, 1, [constant("LINEAR_TREND", 12), constant("HOLT", 12.005), constant("HOLT_DAMPED", 20)]);
    expect(choice.reason).toBe(
      "LINEAR_TREND: back-test MASE 0.333, within 1 % of the lowest and simpler, over 2 rolling origins (2 forecasts of the known years, up to 1 year ahead); HOLT 0.333, HOLT_DAMPED 4.73.",
    );
    expect(choice.criterion).toBe("MASE");
  });

  test("MAPE when the training windows never changed; errors of 100 or more read as whole numbers", () => {
    // Windows 5, 5, 5 and 5, 5, 5, 5 have no scale; actuals 5 and 9: 5 errs 0 % and 44.4 % (22.2), 20 errs 300 % and 122.2 % (211).
    const choice = chooseMethod([5, 5, 5, 5, 9], 2025, 1, [constant("LINEAR_TREND", 5), constant("HOLT", 20)]);
    expect(choice.criterion).toBe("MAPE");
    expect(choice.chosen.method).toBe("LINEAR_TREND");
    expect(choice.reason).toBe(
      "LINEAR_TREND: lowest back-test MAPE (22.2) over 2 rolling origins (2 forecasts of the known years, up to 1 year ahead); HOLT 211.",
    );
  });

  test("a simpler method is displaced only by an error more than 1 % lower", () => {
    // 12.5 errs 0.5 and 0.5 (MASE (1/3 + 0.3) / 2 = 0.3167): more than 1 % below 0.333.
    const choice = chooseMethod([10, 12, 11, 13, 12], 2025, 1, [constant("LINEAR_TREND", 12), constant("HOLT", 12.5)]);
    expect(choice.chosen.method).toBe("HOLT");
    expect(choice.reason).toBe(
      "HOLT: lowest back-test MASE (0.317) over 2 rolling origins (2 forecasts of the known years, up to 1 year ahead); LINEAR_TREND 0.333.",
    );
  });

  test("undefined errors: the simplest candidate, and the method that gave way is named", () => {
    const choice = chooseMethod([0, 0, 0, 0, 0], 2025, 1);
    expect(choice.criterion).toBeNull();
    expect(choice.chosen.method).toBe("HOLT");
    expect(choice.reason).toBe(
      "HOLT: the back-test errors are undefined (every actual is 0 and nothing changed), so the simplest method was taken. LINEAR_TREND not a candidate from 5 known years: Holt's method, whose α, β* → 0 is this straight line, also allows for a trend that changes. HOLT_DAMPED not tried (needs 6 known years, has 5).",
    );
    const plain = chooseMethod([0, 0, 0, 0], 2025, 1, [constant("LINEAR_TREND", 0)]);
    expect(plain.reason).toBe("LINEAR_TREND: the back-test errors are undefined (every actual is 0 and nothing changed), so the simplest method was taken.");
  });

  test("4 known years: one origin, one forecast, the only candidate", () => {
    // Fit to 5, 7, 8: 9.667 for t = 3, actual 11: error 4/3 over the scale 1.5, MASE 0.889.
    expect(chooseMethod([5, 7, 8, 11], 2025, 3).reason).toBe(
      "LINEAR_TREND: lowest back-test MASE (0.889) over 1 rolling origin (1 forecast of the known years, up to 1 year ahead), the only candidate for 4 known years. HOLT not tried (needs 5 known years, has 4); HOLT_DAMPED not tried (needs 6 known years, has 4).",
    );
  });

  test("a method gives way only to a method that is tried: alone, the line is kept on 6 years", () => {
    // Origins 3, 4, 5 (forecasts 2 + 2 + 1). Lines through 5, 7, 8 / 5, 7, 8, 11 / 5, 7, 8, 11, 12 forecast 9.667, 11.167 / 12.5, 14.4 / 14;
    // errors over the scales 1.5 / 2 / 1.75: 0.889, 0.556; 0.25, 0.2; 0: mean 0.379.
    const choice = chooseMethod([5, 7, 8, 11, 12, 14], 2025, 2, [LINEAR_TREND]);
    expect(choice.chosen.method).toBe("LINEAR_TREND");
    expect(choice.reason).toBe(
      "LINEAR_TREND: lowest back-test MASE (0.379) over 3 rolling origins (5 forecasts of the known years, up to 2 years ahead), the only candidate for 6 known years.",
    );
  });

  test("the origins start where every method tried can be fitted: 4 points for Holt's", () => {
    const choice = chooseMethod([5, 7, 8, 11, 12, 14], 2025, 1);
    expect(choice.backtests.map((b) => [b.firstOrigin, b.origins])).toEqual([
      [4, 2],
      [4, 2],
      [4, 2],
    ]);
    expect(() => chooseMethod([1, 2], 2025, 1)).toThrow(/no method can forecast 2 points/);
  });
});
