/** One series forecast: what it returns for short, gappy and ordinary series, and its warnings. */
import { describe, expect, test } from "vitest";
import { METHODS } from "../../core/forecasting/choose-method.js";
import { forecastSeries, LEVELS, MIN_POINTS, SHORT_SERIES } from "../../core/forecasting/forecast-series.js";
import { FORECAST_METHODS } from "../../core/forecasting/model.js";
import { NON_NEGATIVE, RATE } from "../../core/forecasting/prediction-intervals.js";

const years = (first: number, values: (number | null)[]) => values.map((value, i) => ({ year: first + i, value }));

describe("forecastSeries", () => {
  test("an ordinary series: known years then forecast years, ordered intervals", () => {
    const result = forecastSeries(years(2019, [800, 830, 880, 940, 1000, 1030, 1120]), 2030, NON_NEGATIVE);
    expect(result.points.map((p) => [p.year, p.isForecast])).toEqual([
      ...[2019, 2020, 2021, 2022, 2023, 2024, 2025].map((y) => [y, false]),
      ...[2026, 2027, 2028, 2029, 2030].map((y) => [y, true]),
    ]);
    expect(result.lastActualYear).toBe(2025);
    expect([result.fittedFrom, result.fittedTo]).toEqual([2019, 2025]);
    expect(result.method).not.toBeNull();
    expect(result.methodReason).toMatch(new RegExp(`^${result.method}: lowest back-test MASE`));
    for (const p of result.points.filter((q) => q.isForecast)) {
      expect(p.lower95!).toBeLessThanOrEqual(p.lower80!);
      expect(p.lower80!).toBeLessThanOrEqual(p.value!);
      expect(p.value!).toBeLessThanOrEqual(p.upper80!);
      expect(p.upper80!).toBeLessThanOrEqual(p.upper95!);
    }
    // The intervals widen with the horizon.
    const widths = result.points.filter((q) => q.isForecast).map((p) => p.upper95! - p.lower95!);
    for (let i = 1; i < widths.length; i++) expect(widths[i]).toBeGreaterThan(widths[i - 1]);
    expect(result.predictiveOf([2026])!.mean).toBeCloseTo(result.points[7].value!, 8);
  });

  test(`fewer than ${MIN_POINTS} known years: no forecast, and a warning`, () => {
    const result = forecastSeries(years(2024, [10, 12]), 2030, NON_NEGATIVE);
    expect(result.method).toBeNull();
    expect(result.points).toHaveLength(2);
    expect(result.warnings).toEqual(["Only 2 consecutive known years: a forecast needs at least 3."]);
    expect(result.predictiveOf([2026])).toBeNull();
  });

  test("3 known years: a linear trend with 1 degree of freedom, very wide, said plainly", () => {
    const result = forecastSeries(years(2023, [10, 12, 13]), 2026, NON_NEGATIVE);
    expect(result.method).toBe("LINEAR_TREND");
    expect(result.model!.df).toBe(1);
    expect(result.warnings.join(" ")).toMatch(/Only 3 known years: the intervals use Student's t with 1 degree of freedom/);
    expect(result.warnings.join(" ")).toMatch(/Nothing could be back-tested/);
    const p = result.points.at(-1)!;
    // t(0.975; 1) = 12.7: the interval is many times the residual spread.
    expect(p.upper95! - p.value!).toBeGreaterThan(10 * result.model!.sigma);
  });

  test("a gap: only the trailing run of known years is fitted", () => {
    const result = forecastSeries(years(2019, [0.3, 0.32, null, 0.35, 0.36, 0.38, 0.4]), 2027, { min: 0, max: 1 });
    expect([result.fittedFrom, result.fittedTo]).toEqual([2022, 2025]);
    expect(result.warnings[0]).toBe("Years before 2022 are not used: 2021 has no value, so the series is fitted from 2022.");
  });

  test("the last year has no value: no forecast", () => {
    const result = forecastSeries(years(2021, [0.3, 0.32, 0.33, null]), 2027, { min: 0, max: 1 });
    expect(result.method).toBeNull();
    expect(result.warnings).toEqual(["2024 has no value (nothing to divide by): no forecast."]);
  });

  test("a horizon longer than the history is flagged", () => {
    const result = forecastSeries(years(2021, [5, 6, 8, 9, 11]), 2035, NON_NEGATIVE);
    expect(result.warnings.join(" ")).toMatch(/Forecasting 10 years ahead from 5 known years/);
  });

  test("counts never go below 0", () => {
    const result = forecastSeries(years(2019, [900, 700, 560, 400, 300, 160, 90]), 2030, NON_NEGATIVE);
    for (const p of result.points.filter((q) => q.isForecast)) {
      expect(p.value!).toBeGreaterThanOrEqual(0);
      expect(p.lower95!).toBeGreaterThanOrEqual(0);
    }
    expect(result.warnings.join(" ")).toMatch(/clamped at 0/);
  });
});

describe("forecastSeries, hand-worked on 4 known years (the linear trend, 2 degrees of freedom)", () => {
  // 1400, 1500, 1500, 1600 in 2022–2025: slope 60, s² = 1000. 2026 (x₀ − x̄ = 2.5): 1650, scale √(1000·2.5) = 50;
  // 2027 (3.5): 1710, scale √(1000·3.7). t(0.9; 2) = 1.8856181, t(0.975; 2) = 4.3026527.
  const result = () => forecastSeries(years(2022, [1400, 1500, 1500, 1600]), 2027, NON_NEGATIVE);

  test("each forecast year's value and its 80 % and 95 % intervals", () => {
    expect(LEVELS).toEqual({ p80: 0.8, p95: 0.95 });
    const [y2026, y2027] = result().points.slice(4);
    const at = (value: number, scale: number) => ({
      value: expect.closeTo(value, 8),
      lower80: expect.closeTo(value - 1.8856180832 * scale, 6),
      upper80: expect.closeTo(value + 1.8856180832 * scale, 6),
      lower95: expect.closeTo(value - 4.3026527297 * scale, 6),
      upper95: expect.closeTo(value + 4.3026527297 * scale, 6),
    });
    expect(y2026).toEqual({ year: 2026, isForecast: true, ...at(1650, 50) });
    expect(y2027).toEqual({ year: 2027, isForecast: true, ...at(1710, Math.sqrt(3700)) });
    expect(result().points.slice(0, 4)).toEqual(
      [1400, 1500, 1500, 1600].map((value, i) => ({ year: 2022 + i, isForecast: false, value, lower80: null, upper80: null, lower95: null, upper95: null })),
    );
  });

  test("what was chosen and why, and the warnings of a short series", () => {
    expect(result()).toMatchObject({ lastActualYear: 2025, fittedFrom: 2022, fittedTo: 2025, method: "LINEAR_TREND", criterion: "MASE" });
    // The line through 1400, 1500, 1500 gives 1566.7 for 2025, actual 1600: error 33.3 over the scale (100 + 0) / 2 = 50.
    expect(result().methodReason).toMatch(/^LINEAR_TREND: lowest back-test MASE \(0\.667\) over 1 rolling origin/);
    expect(result().backtests.map((b) => b.method)).toEqual(["LINEAR_TREND"]);
    expect(result().model?.method).toBe("LINEAR_TREND");
    expect(SHORT_SERIES).toBe(5);
    expect(result().warnings).toEqual([
      "Only 4 known years: the intervals use Student's t with 2 degrees of freedom and are wide; read the point forecast as a trend, not a promise.",
      "The method choice rests on 1 back-test forecast only.",
    ]);
  });

  test("the distribution of a sum of future years, and only of future years", () => {
    const sum = result().predictiveOf([2026, 2027]);
    expect(sum?.mean).toBeCloseTo(1650 + 1710, 8);
    expect(() => result().predictiveOf([2025])).toThrow(/years after the last known year/);
    expect(() => result().predictiveOf([2026, 2024])).toThrow(/years after the last known year/);
    expect(() => result().predictiveOf([])).toThrow(/years after the last known year/);
  });

  test("years given in any order are sorted first", () => {
    const shuffled = forecastSeries(
      [2024, 2022, 2025, 2023].map((year) => ({ year, value: { 2022: 1400, 2023: 1500, 2024: 1500, 2025: 1600 }[year]! })),
      2027,
      NON_NEGATIVE,
    );
    expect(shuffled.points.map((p) => p.year)).toEqual([2022, 2023, 2024, 2025, 2026, 2027]);
    expect(shuffled.points[4].value).toBeCloseTo(1650, 8);
  });
});

describe("forecastSeries at its edges", () => {
  test("no year at all; one known year", () => {
    const empty = forecastSeries([], 2027, NON_NEGATIVE);
    expect(empty).toMatchObject({ points: [], lastActualYear: null, method: null, model: null, backtests: [], warnings: ["No known year: no forecast."] });
    const one = forecastSeries(years(2025, [5]), 2027, NON_NEGATIVE);
    expect(one.lastActualYear).toBe(2025);
    expect(one.warnings).toEqual(["Only 1 consecutive known year: a forecast needs at least 3."]);
  });

  test("3 known years on a line: no width, said plainly", () => {
    const result = forecastSeries(years(2023, [10, 20, 30]), 2026, NON_NEGATIVE);
    expect(result.model?.sigma).toBe(0);
    expect(result.warnings).toEqual([
      "Only 3 known years: the intervals use Student's t with 1 degree of freedom and are wide; read the point forecast as a trend, not a promise.",
      "Nothing could be back-tested: the series is too short to hold a year out.",
      "The known years lie exactly on the fitted trend: the intervals have no width, which understates the real uncertainty.",
    ]);
    expect(result.points.at(-1)).toMatchObject({ year: 2026, value: expect.closeTo(40, 8), lower95: expect.closeTo(40, 8), upper95: expect.closeTo(40, 8) });
  });

  test("6 known years, one year ahead: two back-test forecasts, and nothing else to warn of", () => {
    const result = forecastSeries(years(2020, [5, 7, 8, 11, 12, 14]), 2026, NON_NEGATIVE);
    expect(result.warnings).toEqual(["The method choice rests on 2 back-test forecasts only."]);
  });

  test("up to the last known year: the method is chosen, no year is forecast", () => {
    const result = forecastSeries(years(2020, [5, 7, 8, 11, 12, 14]), 2025, NON_NEGATIVE);
    expect(result.points).toHaveLength(6);
    expect(result.method).toBe("HOLT");
    expect(result.backtests.map((b) => b.maxHorizon)).toEqual([1, 1, 1]);
  });
});

test("the methods the API names (its ForecastMethod enum) are those tried, simplest first", () => {
  expect(FORECAST_METHODS).toEqual(["LINEAR_TREND", "HOLT", "HOLT_DAMPED"]);
  expect(METHODS.map((m) => m.method)).toEqual([...FORECAST_METHODS]);
});

test("7 known years, 5 and 7 years ahead: enough back-test forecasts, nothing to warn of", () => {
  const history = years(2019, [800, 830, 880, 940, 1000, 1030, 1120]);
  expect(forecastSeries(history, 2030, NON_NEGATIVE).warnings).toEqual([]);
  expect(forecastSeries(history, 2032, NON_NEGATIVE).warnings).toEqual([]);
  expect(forecastSeries(history, 2033, NON_NEGATIVE).warnings).toEqual([
    "Forecasting 8 years ahead from 7 known years: further ahead than the history is long.",
  ]);
});

describe("forecastSeries, clamping said in the warnings (4 known years, the linear trend, 2 degrees of freedom)", () => {
  // As in the hand-worked series above: 2026 is the line's value at x₀ − x̄ = 2.5 with scale √(s²·2.5),
  // t(0.9; 2) = 1.8856180832, t(0.975; 2) = 4.3026527297.
  const shortWarnings = [
    "Only 4 known years: the intervals use Student's t with 2 degrees of freedom and are wide; read the point forecast as a trend, not a promise.",
    "The method choice rests on 1 back-test forecast only.",
  ];

  test("only the 95 % lower bound falls below 0: it is clamped, and that alone is said", () => {
    // 400, 300, 300, 200: slope −60, s² = 1000; 2026: 150, scale 50. 80 %: 150 ∓ 94.28 (inside the range);
    // 95 %: 150 − 215.13 = −65.13 → 0, 150 + 215.13.
    const result = forecastSeries(years(2022, [400, 300, 300, 200]), 2026, NON_NEGATIVE);
    expect(result.points.at(-1)).toEqual({
      year: 2026,
      isForecast: true,
      value: expect.closeTo(150, 8),
      lower80: expect.closeTo(150 - 1.8856180832 * 50, 6),
      upper80: expect.closeTo(150 + 1.8856180832 * 50, 6),
      lower95: 0,
      upper95: expect.closeTo(150 + 4.3026527297 * 50, 6),
    });
    expect(result.warnings).toEqual([...shortWarnings, "Some forecast values or interval bounds were clamped at 0, the metric's possible range."]);
  });

  test("a rate whose upper bounds pass 1: clamped into [0, 1], and said with the range", () => {
    // 0.7, 0.8, 0.8, 0.9 (the series above divided by 2000, shifted): slope 0.06, s² = 0.001; 2026: 0.95, scale 0.05.
    // 80 %: 0.95 − 0.094281 = 0.855719, 0.95 + 0.094281 → 1; 95 %: 0.95 − 0.215133 = 0.734867, → 1.
    const result = forecastSeries(years(2022, [0.7, 0.8, 0.8, 0.9]), 2026, RATE);
    expect(result.points.at(-1)).toEqual({
      year: 2026,
      isForecast: true,
      value: expect.closeTo(0.95, 8),
      lower80: expect.closeTo(0.95 - 1.8856180832 * 0.05, 8),
      upper80: 1,
      lower95: expect.closeTo(0.95 - 4.3026527297 * 0.05, 8),
      upper95: 1,
    });
    expect(result.warnings).toEqual([...shortWarnings, "Some forecast values or interval bounds were clamped into [0, 1], the metric's possible range."]);
  });

  test("a rate inside [0, 1] all along: nothing clamped, nothing said", () => {
    // 0.4, 0.5, 0.5, 0.6: 2026: 0.65 ∓ 0.215133 (95 %), inside [0, 1].
    const result = forecastSeries(years(2022, [0.4, 0.5, 0.5, 0.6]), 2026, RATE);
    expect(result.points.at(-1)).toMatchObject({ value: expect.closeTo(0.65, 8), upper95: expect.closeTo(0.65 + 4.3026527297 * 0.05, 8) });
    expect(result.warnings).toEqual(shortWarnings);
  });
});

describe("forecastSeries, the run of known years and the warnings' thresholds", () => {
  test("a year missing from the history (not only a null value) also ends the fitted run", () => {
    // 2021 is absent: the trailing run is 2022–2025 (13, 14, 16, 17), fitted by the line (slope 1.4, 2026: 18.5).
    const result = forecastSeries(
      [2019, 2020, 2022, 2023, 2024, 2025].map((year, i) => ({ year, value: [10, 11, 13, 14, 16, 17][i] })),
      2026,
      NON_NEGATIVE,
    );
    expect([result.fittedFrom, result.fittedTo, result.method]).toEqual([2022, 2025, "LINEAR_TREND"]);
    expect(result.points.at(-1)?.value).toBeCloseTo(18.5, 8);
    expect(result.warnings[0]).toBe("Years before 2022 are not used: 2021 has no value, so the series is fitted from 2022.");
  });

  test("a leading year without a value is not an earlier year left out: no warning of it", () => {
    const result = forecastSeries(years(2020, [null, 10, 12, 13, 15, 16]), 2026, NON_NEGATIVE);
    expect([result.fittedFrom, result.fittedTo]).toEqual([2021, 2025]);
    expect(result.warnings).toEqual([
      "Only 5 known years: the intervals use Student's t with 3 degrees of freedom and are wide; read the point forecast as a trend, not a promise.",
      "The method choice rests on 1 back-test forecast only.",
    ]);
  });

  test(`exactly ${SHORT_SERIES} known years are still a short series`, () => {
    const result = forecastSeries(years(2021, [5, 6, 8, 9, 11]), 2026, NON_NEGATIVE);
    expect(result.model?.df).toBe(3);
    expect(result.warnings).toEqual([
      "Only 5 known years: the intervals use Student's t with 3 degrees of freedom and are wide; read the point forecast as a trend, not a promise.",
      "The method choice rests on 1 back-test forecast only.",
    ]);
  });

  test("7 known years, one year ahead: exactly 3 back-test forecasts are enough, nothing to warn of", () => {
    const result = forecastSeries(years(2019, [5, 7, 8, 11, 12, 14, 15]), 2026, NON_NEGATIVE);
    expect(result.backtests.map((b) => b.points.length)).toEqual([3, 3, 3]);
    expect(result.warnings).toEqual([]);
  });
});
