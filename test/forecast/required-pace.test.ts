/**
 * The pace a target needs and the probability of meeting it, worked by hand on series
 * short enough that only the linear trend qualifies (4 known years), so the predictive
 * distribution is Student's t with 2 degrees of freedom, whose tail has the closed form
 * P(T > t) = ½(1 − t/√(t² + 2)).
 */
import { describe, expect, test } from "vitest";
import { forecastSeries } from "../../core/forecasting/forecast-series.js";
import { NON_NEGATIVE, RATE } from "../../core/forecasting/prediction-intervals.js";
import { type PaceTarget, requiredPace } from "../../core/forecasting/required-pace.js";

const tailDf2 = (t: number) => 0.5 * (1 - t / Math.sqrt(t * t + 2));
const years = (first: number, values: number[]) => values.map((value, i) => ({ year: first + i, value }));
const target = (t: Partial<PaceTarget>): PaceTarget => ({
  targetId: "t",
  metric: "m",
  fromYear: 2026,
  toYear: 2030,
  comparison: ">=",
  value: 0,
  unit: null,
  programLine: null,
  ...t,
});

describe("FLOW target: at least 2,000 new members a year over 2026–2030", () => {
  // 2022–2025: 1400, 1500, 1500, 1600 → slope 60, s² = 1000 (df 2); 2026–2030: 1650 … 1890, Σ 8850;
  // the sum's scale √(1000 · 112.5) (test/forecast/linear-trend.test.ts); the period needs 10,000.
  const forecast = forecastSeries(years(2022, [1400, 1500, 1500, 1600]), 2030, NON_NEGATIVE);
  const pace = requiredPace({ target: target({ value: 2000 }), kind: "FLOW", forecast, bounds: NON_NEGATIVE, isRate: false });

  test("the pace needed, today's and the forecast's", () => {
    expect(forecast.method).toBe("LINEAR_TREND");
    expect(pace).toMatchObject({
      status: "OPEN",
      lastActualYear: 2025,
      lastActual: 1600,
      periodYears: 5,
      remainingYears: 5,
      achievedSoFar: 0,
      requiredPerYear: 2000,
      currentPerYear: 1600,
    });
    expect(pace.forecastPerYear).toBeCloseTo(8850 / 5, 8);
    expect(pace.projected).toBeCloseTo(8850, 8);
    expect(pace.onTrack).toBe(false);
  });

  test("P(Σ 2026–2030 ≥ 10,000) = P(T₂ > 1150 / √112,500)", () => {
    expect(pace.probability).toBeCloseTo(tailDf2(1150 / Math.sqrt(112_500)), 10);
    expect(pace.probability).toBeCloseTo(0.0378, 4);
    expect(pace.explanation).toBe(
      "2026–2030 asks for ≥ 2,000 a year (10,000 in all); the 5 remaining years need 2,000 a year (2025: 1,600). The forecast (LINEAR_TREND) gives 1,770 a year, 8,850 in all (95 % interval 7,407–10,293): a 4 % chance of meeting the target.",
    );
  });

  test("each year's own chance of reaching 2,000", () => {
    const y2026 = pace.years[0];
    expect(y2026).toMatchObject({ year: 2026, isForecast: true });
    expect(y2026.value).toBeCloseTo(1650, 8);
    expect(y2026.probability).toBeCloseTo(tailDf2(350 / Math.sqrt(1000 * (1 + 1 / 4 + 2.5 ** 2 / 5))), 10);
  });

  test("part of the period already known: the remaining years must make up the shortfall", () => {
    const partly = requiredPace({ target: target({ fromYear: 2024, toYear: 2027, value: 1600 }), kind: "FLOW", forecast, bounds: NON_NEGATIVE, isRate: false });
    // 4 × 1600 = 6400 needed; 2024 and 2025 gave 1500 + 1600 = 3100; 2026–2027 need 3300, 1650 a year.
    expect(partly).toMatchObject({ status: "OPEN", achievedSoFar: 3100, remainingYears: 2, requiredPerYear: 1650 });
    expect(partly.years.map((y) => [y.year, y.isForecast])).toEqual([
      [2024, false],
      [2025, false],
      [2026, true],
      [2027, true],
    ]);
    // Known years: 1500 misses 1600, 1600 meets it; forecast years: a probability.
    expect(partly.years.slice(0, 2).map((y) => y.probability)).toEqual([0, 1]);
    for (const y of partly.years.slice(2)) expect(y.probability!).toBeGreaterThan(0.5);
  });

  test("a period already over is decided by the known years", () => {
    const over = requiredPace({ target: target({ fromYear: 2022, toYear: 2025, value: 1500 }), kind: "FLOW", forecast, bounds: NON_NEGATIVE, isRate: false });
    expect(over).toMatchObject({ status: "MET", achievedSoFar: 6000, probability: 1, onTrack: true, remainingYears: 0 });
    const missed = requiredPace({ target: target({ fromYear: 2022, toYear: 2025, value: 1550 }), kind: "FLOW", forecast, bounds: NON_NEGATIVE, isRate: false });
    expect(missed).toMatchObject({ status: "MISSED", probability: 0 });
  });
});

describe("LEVEL target: coverage of at least 90 % by 2030", () => {
  // 2022–2025: 0.50, 0.52, 0.56, 0.58 → slope 0.028, s² = 80e-6 / 2; 2030: 0.54 + 0.028 × 6.5 = 0.722,
  // scale s·√(1 + 1/4 + 6.5²/5) = s·√9.7. In the last year 58 of 100 in-scope units had a union.
  const forecast = forecastSeries(years(2022, [0.5, 0.52, 0.56, 0.58]), 2030, RATE);
  const pace = requiredPace({
    target: target({ value: 0.9 }),
    kind: "LEVEL",
    forecast,
    bounds: RATE,
    isRate: true,
    counts: { numerator: 58, denominator: 100 },
    unitsLabel: "new unions",
  });

  test("pace in rate points and in units a year", () => {
    expect(pace.status).toBe("OPEN");
    expect(pace.requiredPerYear).toBeCloseTo((0.9 - 0.58) / 5, 12);
    expect(pace.currentPerYear).toBeCloseTo(0.02, 12);
    expect(pace.projected).toBeCloseTo(0.722, 10);
    expect(pace.forecastPerYear).toBeCloseTo((0.722 - 0.58) / 5, 10);
    // 90 of 100 units need a union: 32 more in 5 years, 7 a year (rounded up).
    expect(pace.requiredUnitsPerYear).toBe(7);
  });

  test("P(rate in 2030 ≥ 0.9) = P(T₂ > 0.178 / (s·√9.7))", () => {
    const scale = Math.sqrt(40e-6) * Math.sqrt(9.7);
    expect(pace.probability).toBeCloseTo(tailDf2(0.178 / scale), 10);
    expect(pace.explanation).toMatch(
      /^≥ 90\.0 % by 2030 from 58\.0 % in 2025, that is \+6\.4 points a year \(about 7 new unions a year, if the number of units stays as in 2025\)\. The forecast \(LINEAR_TREND\) reaches 72\.2 % in 2030/,
    );
  });

  test("a level target due in a known year is decided by its actual", () => {
    const met = requiredPace({ target: target({ fromYear: 2021, toYear: 2024, value: 0.55 }), kind: "LEVEL", forecast, bounds: RATE, isRate: true });
    expect(met).toMatchObject({ status: "MET", projected: 0.56, probability: 1, onTrack: true });
    expect(met.explanation).toBe("≥ 55.0 % by 2024: 2024 ended at 56.0 %, met.");
    const missed = requiredPace({ target: target({ fromYear: 2021, toYear: 2024, value: 0.6 }), kind: "LEVEL", forecast, bounds: RATE, isRate: true });
    expect(missed).toMatchObject({ status: "MISSED", projected: 0.56, probability: 0, onTrack: false });
  });

  test("an at-most target reads the other tail; an unknown comparison is not guessed", () => {
    const atMost = requiredPace({ target: target({ value: 0.7, comparison: "<=" }), kind: "LEVEL", forecast, bounds: RATE, isRate: true });
    const atLeast = requiredPace({ target: target({ value: 0.7 }), kind: "LEVEL", forecast, bounds: RATE, isRate: true });
    expect(atMost.probability! + atLeast.probability!).toBeCloseTo(1, 12);
    expect(requiredPace({ target: target({ value: 0.7, comparison: "~" }), kind: "LEVEL", forecast, bounds: RATE, isRate: true }).status).toBe("UNKNOWN");
  });
});
