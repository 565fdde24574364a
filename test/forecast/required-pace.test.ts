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
const years = (first: number, values: (number | null)[]) => values.map((value, i) => ({ year: first + i, value }));
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
  const pace = () => requiredPace({ target: target({ value: 2000 }), kind: "FLOW", forecast, bounds: NON_NEGATIVE, isRate: false });

  test("the pace needed, today's and the forecast's", () => {
    expect(forecast.method).toBe("LINEAR_TREND");
    expect(pace()).toMatchObject({
      status: "OPEN",
      lastActualYear: 2025,
      lastActual: 1600,
      periodYears: 5,
      remainingYears: 5,
      achievedSoFar: 0,
      requiredPerYear: 2000,
      currentPerYear: 1600,
    });
    expect(pace().forecastPerYear).toBeCloseTo(8850 / 5, 8);
    expect(pace().projected).toBeCloseTo(8850, 8);
    expect(pace().onTrack).toBe(false);
  });

  test("P(Σ 2026–2030 ≥ 10,000) = P(T₂ > 1150 / √112,500)", () => {
    expect(pace().probability).toBeCloseTo(tailDf2(1150 / Math.sqrt(112_500)), 10);
    expect(pace().probability).toBeCloseTo(0.0378, 4);
    expect(pace().explanation).toBe(
      "2026–2030 asks for ≥ 2,000 a year (10,000 in all); the 5 remaining years need 2,000 a year (2025: 1,600). The forecast (LINEAR_TREND) gives 1,770 a year, 8,850 in all (95 % interval 7,407–10,293): a 4 % chance of meeting the target.",
    );
  });

  test("each year's own chance of reaching 2,000", () => {
    const y2026 = pace().years[0];
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
  const pace = () =>
    requiredPace({
      target: target({ value: 0.9 }),
      kind: "LEVEL",
      forecast,
      bounds: RATE,
      isRate: true,
      counts: { numerator: 58, denominator: 100 },
      unitsLabel: "new unions",
    });

  test("pace in rate points and in units a year", () => {
    expect(pace().status).toBe("OPEN");
    expect(pace().requiredPerYear).toBeCloseTo((0.9 - 0.58) / 5, 12);
    expect(pace().currentPerYear).toBeCloseTo(0.02, 12);
    expect(pace().projected).toBeCloseTo(0.722, 10);
    expect(pace().forecastPerYear).toBeCloseTo((0.722 - 0.58) / 5, 10);
    // 90 of 100 units need a union: 32 more in 5 years, 7 a year (rounded up).
    expect(pace().requiredUnitsPerYear).toBe(7);
  });

  test("P(rate in 2030 ≥ 0.9) = P(T₂ > 0.178 / (s·√9.7))", () => {
    const scale = Math.sqrt(40e-6) * Math.sqrt(9.7);
    expect(pace().probability).toBeCloseTo(tailDf2(0.178 / scale), 10);
    expect(pace().explanation).toMatch(
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

describe("FLOW targets: other comparisons, the chance in words, and what cannot be assessed", () => {
  // The same forecast: 2026–2030 sum 8,850 with scale √112,500 = 335.41, 2 df.
  const forecast = forecastSeries(years(2022, [1400, 1500, 1500, 1600]), 2030, NON_NEGATIVE);
  const flow = (t: Partial<PaceTarget>, f = forecast) => requiredPace({ target: target(t), kind: "FLOW", forecast: f, bounds: NON_NEGATIVE, isRate: false });

  test("the 80 % and 95 % intervals of the period's total: 8,850 ± t(0.9; 2)·335.41 and ± t(0.975; 2)·335.41", () => {
    const pace = flow({ value: 2000 });
    const scale = Math.sqrt(112_500);
    expect(pace.projectedLower80).toBeCloseTo(8850 - 1.8856180832 * scale, 6);
    expect(pace.projectedUpper80).toBeCloseTo(8850 + 1.8856180832 * scale, 6);
    expect(pace.projectedLower95).toBeCloseTo(8850 - 4.3026527297 * scale, 6);
    expect(pace.projectedUpper95).toBeCloseTo(8850 + 4.3026527297 * scale, 6);
    expect(pace.requiredUnitsPerYear).toBeNull();
  });

  test("> reads as ≥, with spaces around it: P(Σ > 5,000) = 1 − P(T₂ > 3,850 / 335.41), more than 99 %", () => {
    const pace = flow({ value: 1000, comparison: " > " });
    expect(pace.probability).toBeCloseTo(1 - tailDf2(3850 / Math.sqrt(112_500)), 10);
    expect(pace.onTrack).toBe(true);
    expect(pace.explanation).toBe(
      "2026–2030 asks for ≥ 1,000 a year (5,000 in all); the 5 remaining years need 1,000 a year (2025: 1,600). The forecast (LINEAR_TREND) gives 1,770 a year, 8,850 in all (95 % interval 7,407–10,293): more than a 99 % chance of meeting the target.",
    );
  });

  test("< reads as ≤: P(Σ ≤ 15,000) = 1 − P(T₂ > 6,150 / 335.41)", () => {
    const pace = flow({ value: 3000, comparison: "<" });
    expect(pace.probability).toBeCloseTo(1 - tailDf2(6150 / Math.sqrt(112_500)), 10);
    expect(pace.onTrack).toBe(true);
    expect(pace.explanation).toMatch(/^2026–2030 asks for ≤ 3,000 a year \(15,000 in all\);/);
  });

  test("a forecast that stops before the period ends: the later years come from the model", () => {
    const short = forecastSeries(years(2022, [1400, 1500, 1500, 1600]), 2027, NON_NEGATIVE);
    const pace = flow({ value: 2000 }, short);
    expect(pace.projected).toBeCloseTo(8850, 8);
    expect(pace.forecastPerYear).toBeCloseTo(1770, 8);
  });

  test("a falling count: forecast years below 0 count 0, and the total's interval is floored at 0", () => {
    // 400, 300, 250, 100: slope −95, s² = 875; 2026–2030 fitted 25, −70, −165, −260, −355 (Σ −825), counted 25, 0, 0, 0, 0.
    // The sum's 95 % interval −825 ± 4.3027·√(875 · 112.5) = −2174.9 … 524.9; the 80 % one lies below 0.
    const falling = forecastSeries(years(2022, [400, 300, 250, 100]), 2030, NON_NEGATIVE);
    const pace = flow({ value: 100 }, falling);
    expect(pace.projected).toBeCloseTo(25, 8);
    expect(pace.projectedLower95).toBe(0);
    expect(pace.projectedUpper95).toBeCloseTo(-825 + 4.3026527297 * Math.sqrt(875 * 112.5), 6);
    expect(pace.projectedLower80).toBe(0);
    expect(pace.projectedUpper80).toBe(0);
  });

  test("no forecast (2 known years), or no data at all: UNKNOWN, and why", () => {
    const two = flow({ value: 2000 }, forecastSeries(years(2024, [10, 12]), 2030, NON_NEGATIVE));
    expect(two).toMatchObject({ status: "UNKNOWN", achievedSoFar: 0, requiredPerYear: 2000, currentPerYear: 12, probability: null, projected: null });
    expect(two.explanation).toBe(
      "2026–2030 asks for ≥ 2,000 a year (10,000 in all); the 5 remaining years need 2,000 a year. No forecast: Only 2 consecutive known years: a forecast needs at least 3.",
    );
    const none = flow({ value: 2000 }, forecastSeries([], 2030, NON_NEGATIVE));
    expect(none).toMatchObject({ status: "UNKNOWN", lastActualYear: null, lastActual: null, remainingYears: 5, probability: null });
    expect(none.explanation).toBe("The warehouse holds no value of this metric to start from.");
  });

  test("a period already over, with the known years' totals in the explanation", () => {
    const over = flow({ fromYear: 2022, toYear: 2025, value: 1500 });
    expect(over.explanation).toBe("2022–2025 asks for ≥ 1,500 a year (6,000 in all); the known years give 6,000 (1,500 a year): met.");
    expect(over).toMatchObject({ currentPerYear: 1600, projected: 6000, requiredPerYear: null });
    const missed = flow({ fromYear: 2022, toYear: 2025, value: 1550 });
    expect(missed.explanation).toBe("2022–2025 asks for ≥ 1,550 a year (6,200 in all); the known years give 6,000 (1,500 a year): missed.");
    expect(missed.onTrack).toBe(false);
    expect(flow({ fromYear: 2022, toYear: 2025, value: 1550, comparison: "<=" }).status).toBe("MET");
  });

  test("the comparison is not guessed: UNKNOWN, and each year's probability is left empty", () => {
    const pace = flow({ value: 2000, comparison: "=" });
    expect(pace.status).toBe("UNKNOWN");
    expect(pace.explanation).toBe('The comparison "=" cannot be assessed (only ≥, >, ≤, <).');
    expect(pace.years.map((y) => y.probability)).toEqual([null, null, null, null, null]);
    expect(pace.years.map((y) => y.isForecast)).toEqual([true, true, true, true, true]);
  });
});

describe("LEVEL targets: the rest of the explanation", () => {
  const forecast = forecastSeries(years(2022, [0.5, 0.52, 0.56, 0.58]), 2030, RATE);
  const level = (t: Partial<PaceTarget>, extra: Partial<Parameters<typeof requiredPace>[0]> = {}, f = forecast) =>
    requiredPace({ target: target(t), kind: "LEVEL", forecast: f, bounds: RATE, isRate: true, ...extra });

  test("one unit a year: the label in the singular; the 2030 point's intervals are the pace's", () => {
    // 59 of 100 units: 1 more in 5 years, rounded up to 1 a year.
    const pace = level({ value: 0.59 }, { counts: { numerator: 58, denominator: 100 }, unitsLabel: "new unions" });
    expect(pace.requiredUnitsPerYear).toBe(1);
    expect(pace.explanation).toMatch(
      /^≥ 59\.0 % by 2030 from 58\.0 % in 2025, that is \+0\.2 points a year \(about 1 new union a year, if the number of units stays as in 2025\)\./,
    );
    expect(pace.explanation).toMatch(/\(95 % interval 63\.7 %–80\.7 %\): a 99 % chance of meeting the target\.$/);
    const point = forecast.points.find((p) => p.year === 2030)!;
    expect([pace.projectedLower80, pace.projectedUpper80, pace.projectedLower95, pace.projectedUpper95]).toEqual([
      point.lower80,
      point.upper80,
      point.lower95,
      point.upper95,
    ]);
    // s = √(40e-6), scale at 2030 s·√9.7, t(0.9; 2) = 1.8856181.
    expect(pace.projectedLower80).toBeCloseTo(0.722 - 1.8856180832 * Math.sqrt(40e-6 * 9.7), 9);
  });

  test("an at-most target: no units to add, a negative pace without a plus, and less than a 1 % chance", () => {
    const pace = level({ value: 0.5, comparison: "<=" }, { counts: { numerator: 58, denominator: 100 }, unitsLabel: "new unions" });
    expect(pace.requiredUnitsPerYear).toBeNull();
    expect(pace.probability).toBeLessThan(0.005);
    expect(pace.explanation).toBe(
      "≤ 50.0 % by 2030 from 58.0 % in 2025, that is -1.6 points a year. The forecast (LINEAR_TREND) reaches 72.2 % in 2030 (95 % interval 63.7 %–80.7 %): less than a 1 % chance of meeting the target.",
    );
  });

  test("units a year only with a denominator, and none when the target is already reached", () => {
    expect(level({ value: 0.9 }, { counts: { numerator: 58, denominator: 0 }, unitsLabel: "new unions" }).requiredUnitsPerYear).toBeNull();
    expect(level({ value: 0.5 }, { counts: { numerator: 58, denominator: 100 }, unitsLabel: "new unions" }).requiredUnitsPerYear).toBe(0);
    // Without a label the count is still given, but not said.
    const unlabelled = level({ value: 0.9 }, { counts: { numerator: 58, denominator: 100 } });
    expect(unlabelled.requiredUnitsPerYear).toBe(7);
    expect(unlabelled.explanation).toMatch(/^≥ 90\.0 % by 2030 from 58\.0 % in 2025, that is \+6\.4 points a year\. The forecast/);
  });

  test("counts as counts: whole numbers with separators", () => {
    const counts = forecastSeries(years(2022, [1400, 1500, 1500, 1600]), 2030, NON_NEGATIVE);
    const pace = requiredPace({ target: target({ value: 2500 }), kind: "LEVEL", forecast: counts, bounds: NON_NEGATIVE, isRate: false });
    // 2030: 1650 + 4 × 60 = 1890.
    expect(pace.explanation).toMatch(/^≥ 2,500 by 2030 from 1,600 in 2025, that is \+180 a year\. The forecast \(LINEAR_TREND\) reaches 1,890 in 2030/);
    expect(pace.currentPerYear).toBe(100);
  });

  test("a forecast that stops before the target year, or none: UNKNOWN with the pace still given", () => {
    const short = level({ value: 0.9 }, {}, forecastSeries(years(2022, [0.5, 0.52, 0.56, 0.58]), 2028, RATE));
    expect(short).toMatchObject({ status: "UNKNOWN", requiredPerYear: expect.closeTo(0.064, 12), currentPerYear: expect.closeTo(0.02, 12), projected: null });
    expect(short.explanation).toMatch(/^≥ 90\.0 % by 2030 from 58\.0 % in 2025, that is \+6\.4 points a year\. No forecast: Only 4 known years/);
    const one = level({ value: 0.9 }, {}, forecastSeries(years(2025, [0.58]), 2030, RATE));
    expect(one).toMatchObject({ status: "UNKNOWN", currentPerYear: null });
    expect(one.explanation).toBe(
      "≥ 90.0 % by 2030 from 58.0 % in 2025, that is +6.4 points a year. No forecast: Only 1 consecutive known year: a forecast needs at least 3.",
    );
  });

  test("a level due in a known year without a value: UNKNOWN", () => {
    const gap = forecastSeries(years(2022, [0.5, null, 0.56, 0.58]), 2030, RATE);
    const pace = level({ fromYear: 2020, toYear: 2023, value: 0.5 }, {}, gap);
    expect(pace).toMatchObject({ status: "UNKNOWN", remainingYears: 0 });
    expect(pace.explanation).toBe("≥ 50.0 % by 2023: the warehouse holds no value for 2023.");
  });

  test("a value equal to the target up to rounding meets it, either way", () => {
    // 0.1 + 0.2 = 0.30000000000000004 in doubles.
    const f = forecastSeries(years(2022, [0.5, 0.1 + 0.2, 0.56, 0.58]), 2030, RATE);
    expect(level({ fromYear: 2023, toYear: 2023, value: 0.3, comparison: "<=" }, {}, f).status).toBe("MET");
    const g = forecastSeries(years(2022, [0.5, 0.3, 0.56, 0.58]), 2030, RATE);
    expect(level({ fromYear: 2023, toYear: 2023, value: 0.1 + 0.2 }, {}, g).status).toBe("MET");
    expect(level({ fromYear: 2023, toYear: 2023, value: 0.3 + 1e-9 }, {}, g).status).toBe("MISSED");
  });
});

describe("what the first runs of mutation testing left open", () => {
  const forecast = () => forecastSeries(years(2022, [1400, 1500, 1500, 1600]), 2030, NON_NEGATIVE);
  const rates = () => forecastSeries(years(2022, [0.5, 0.52, 0.56, 0.58]), 2030, RATE);
  const flow = (t: Partial<PaceTarget>, f = forecast()) => requiredPace({ target: target(t), kind: "FLOW", forecast: f, bounds: NON_NEGATIVE, isRate: false });
  const level = (t: Partial<PaceTarget>, extra: Partial<Parameters<typeof requiredPace>[0]> = {}, f = rates()) =>
    requiredPace({ target: target(t), kind: "LEVEL", forecast: f, bounds: RATE, isRate: true, ...extra });

  test("part of the period known: what is still needed, its probability and the known years in words", () => {
    // 2024–2027 at ≥ 1600: 3100 known, 3300 still needed; Σ 2026–2027 = 1650 + 1710 = 3360 with scale √(1000·(2 + 4/4 + 6²/5)) = √10,200.
    const partly = flow({ fromYear: 2024, toYear: 2027, value: 1600 });
    expect(partly.probability).toBeCloseTo(tailDf2((3300 - 3360) / Math.sqrt(10_200)), 10);
    expect(partly.explanation).toMatch(
      /^2024–2027 asks for ≥ 1,600 a year \(6,400 in all\); the known years 2024–2025 give 3,100, so the 2 remaining years need 1,650 a year \(2025: 1,600\)\./,
    );
    // Three known years (2023–2025: 1500 + 1500 + 1600 = 4600): the span names the first and the last of them.
    const three = flow({ fromYear: 2023, toYear: 2027, value: 1600 });
    expect(three.explanation).toMatch(
      /^2023–2027 asks for ≥ 1,600 a year \(8,000 in all\); the known years 2023–2025 give 4,600, so the 2 remaining years need 1,700 a year \(2025: 1,600\)\./,
    );
    const last = flow({ fromYear: 2024, toYear: 2026, value: 1600 });
    expect(last.explanation).toMatch(/the known years 2024–2025 give 3,100, so the 1 remaining year need 1,700 a year/);
  });

  test("an at-most FLOW target: each forecast year's probability is of the lower tail", () => {
    // 2026: 1650 with scale 50 (2 df): P(Y ≤ 1700) = 1 − P(T₂ > 1).
    const pace = flow({ value: 1700, comparison: "<=" });
    expect(pace.years[0].probability).toBeCloseTo(1 - tailDf2(1), 10);
  });

  test("a year of the period without a value is neither known nor forecast", () => {
    const gap = forecastSeries(years(2022, [1400, null, 1500, 1600]), 2030, NON_NEGATIVE);
    const pace = requiredPace({
      target: target({ fromYear: 2022, toYear: 2024, value: 1000 }),
      kind: "FLOW",
      forecast: gap,
      bounds: NON_NEGATIVE,
      isRate: false,
    });
    expect(pace.years.map((y) => [y.year, y.isForecast, y.value, y.probability])).toEqual([
      [2022, false, 1400, 1],
      [2023, false, null, null],
      [2024, false, 1500, 1],
    ]);
    // Two warnings, joined with a space.
    const short = requiredPace({
      target: target({ value: 1000 }),
      kind: "FLOW",
      forecast: forecastSeries(years(2022, [10, null, 11, 12]), 2030, NON_NEGATIVE),
      bounds: NON_NEGATIVE,
      isRate: false,
    });
    expect(short.explanation).toMatch(/No forecast: Years before 2024 are not used: 2023 has no value, so the series is fitted from 2024\. Only 2 consecutive/);
  });

  test("LEVEL targets due in the last known year, missed ones, at-most ones", () => {
    expect(level({ fromYear: 2022, toYear: 2025, value: 0.58 })).toMatchObject({ status: "MET", projected: 0.58 });
    const missed = level({ fromYear: 2021, toYear: 2024, value: 0.6 });
    expect(missed.explanation).toBe("≥ 60.0 % by 2024: 2024 ended at 56.0 %, missed.");
    expect(level({ fromYear: 2021, toYear: 2024, value: 0.5, comparison: "<=" })).toMatchObject({ status: "MISSED", probability: 0 });
  });

  test("units a year: a whole count needed is not rounded up past itself; labels lose only a final s", () => {
    // 60 % of 100 units is 60 (0.6 × 100 = 60 in doubles): 2 more in one year.
    const pace = level({ toYear: 2026, value: 0.6 }, { counts: { numerator: 58, denominator: 100 }, unitsLabel: "new associations" });
    expect(pace.requiredUnitsPerYear).toBe(2);
    const one = level({ toYear: 2026, value: 0.59 }, { counts: { numerator: 58, denominator: 100 }, unitsLabel: "new associations" });
    expect(one.explanation).toMatch(/\(about 1 new association a year, if/);
  });

  test("a level already reached reads +0.0 points a year; two warnings are joined with a space", () => {
    expect(level({ value: 0.58 }).explanation).toMatch(/^≥ 58\.0 % by 2030 from 58\.0 % in 2025, that is \+0\.0 points a year\./);
    const short = level({ value: 0.9 }, {}, forecastSeries(years(2022, [0.5, 0.52, 0.56, 0.58]), 2028, RATE));
    expect(short.explanation).toMatch(
      /and are wide; read the point forecast as a trend, not a promise\. The method choice rests on 1 back-test forecast only\.$/,
    );
  });
});
