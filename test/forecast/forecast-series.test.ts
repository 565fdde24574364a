/** One series forecast: what it returns for short, gappy and ordinary series, and its warnings. */
import { describe, expect, test } from "vitest";
import { forecastSeries, MIN_POINTS } from "../../core/forecasting/forecast-series.js";
import { NON_NEGATIVE } from "../../core/forecasting/prediction-intervals.js";

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
