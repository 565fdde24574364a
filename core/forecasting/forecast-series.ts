import type { BacktestResult } from "./backtest.js";
import { chooseMethod } from "./choose-method.js";
import type { FittedModel, ForecastMethodName, Predictive } from "./model.js";
import { clampTo, predictionInterval, type ValueBounds } from "./prediction-intervals.js";

/** The fewest consecutive known years a series needs for any forecast (a line through 3 points has 1 residual degree of freedom). */
export const MIN_POINTS = 3;
/** Series up to this many known years are flagged as short: their intervals are wide and the method choice rests on few back-test forecasts. */
export const SHORT_SERIES = 5;
/** Interval levels every forecast point carries. */
export const LEVELS = Object.freeze({ p80: 0.8, p95: 0.95 });

export interface YearValue {
  readonly year: number;
  /** Null when the year has no value (a rate with nothing to divide by). */
  readonly value: number | null;
}

export interface ForecastPoint {
  readonly year: number;
  readonly isForecast: boolean;
  /** The actual value, or the point forecast (clamped into the metric's range). */
  readonly value: number | null;
  readonly lower80: number | null;
  readonly upper80: number | null;
  readonly lower95: number | null;
  readonly upper95: number | null;
}

export interface SeriesForecast {
  /** The known years, then the forecast years up to toYear. */
  readonly points: readonly ForecastPoint[];
  readonly lastActualYear: number | null;
  /** The known years the model was fitted to (the trailing run without a gap). */
  readonly fittedFrom: number | null;
  readonly fittedTo: number | null;
  readonly method: ForecastMethodName | null;
  readonly methodReason: string | null;
  readonly criterion: "MASE" | "MAPE" | null;
  readonly model: FittedModel | null;
  /** Every candidate method's back-test (the chosen one included), on the same origins. */
  readonly backtests: readonly BacktestResult[];
  readonly warnings: readonly string[];
  /** The predictive distribution of the sum of the values in `years` (all after the last known year); null without a model. */
  predictiveOf(years: readonly number[]): Predictive | null;
}

/**
 * Forecasts one yearly series to `toYear`: picks the method by back-test
 * (choose-method.ts), fits it to the trailing run of consecutive known years, and gives
 * each future year its point forecast and 80 % and 95 % prediction intervals, clamped
 * into `bounds`. A series with fewer than MIN_POINTS known years gets no forecast, and
 * every limitation is said in `warnings`.
 */
export function forecastSeries(history: readonly YearValue[], toYear: number, bounds: ValueBounds): SeriesForecast {
  const sorted = [...history].sort((a, b) => a.year - b.year);
  const actualPoints: ForecastPoint[] = sorted.map((p) => ({
    year: p.year,
    isForecast: false,
    value: p.value,
    lower80: null,
    upper80: null,
    lower95: null,
    upper95: null,
  }));
  const warnings: string[] = [];
  const none = (): SeriesForecast => ({
    points: actualPoints,
    lastActualYear: sorted.at(-1)?.year ?? null,
    fittedFrom: null,
    fittedTo: null,
    method: null,
    methodReason: null,
    criterion: null,
    model: null,
    backtests: [],
    warnings,
    predictiveOf: () => null,
  });

  // The trailing run of consecutive years with a value.
  const run: YearValue[] = [];
  for (let i = sorted.length - 1; i >= 0; i--) {
    const p = sorted[i];
    if (p.value === null || (run.length && run[0].year !== p.year + 1)) break;
    run.unshift(p);
  }
  const lastYear = sorted.at(-1)?.year;
  if (lastYear === undefined) {
    warnings.push("No known year: no forecast.");
    return none();
  }
  if (!run.length) {
    warnings.push(`${lastYear} has no value (nothing to divide by): no forecast.`);
    return none();
  }
  const earlier = sorted.filter((p) => p.year < run[0].year && p.value !== null);
  if (earlier.length) warnings.push(`Years before ${run[0].year} are not used: ${run[0].year - 1} has no value, so the series is fitted from ${run[0].year}.`);
  const n = run.length;
  if (n < MIN_POINTS) {
    warnings.push(`Only ${n} consecutive known year${n === 1 ? "" : "s"}: a forecast needs at least ${MIN_POINTS}.`);
    return none();
  }
  const horizon = toYear - lastYear;
  const values = run.map((p) => p.value!);
  const choice = chooseMethod(values, lastYear, Math.max(1, horizon));
  const model = choice.chosen.fit(values, lastYear);

  let clamped = false;
  const futurePoints: ForecastPoint[] = [];
  for (let h = 1; h <= horizon; h++) {
    const predictive = model.predictive([h]);
    const i80 = predictionInterval(predictive, LEVELS.p80, bounds);
    const i95 = predictionInterval(predictive, LEVELS.p95, bounds);
    const value = clampTo(bounds, predictive.mean);
    clamped ||= i80.clamped || i95.clamped || value !== predictive.mean;
    futurePoints.push({ year: lastYear + h, isForecast: true, value, lower80: i80.lower, upper80: i80.upper, lower95: i95.lower, upper95: i95.upper });
  }

  warnings.push(...model.notes);
  if (n <= SHORT_SERIES) {
    warnings.push(
      `Only ${n} known years: the intervals use Student's t with ${model.df} degree${model.df === 1 ? "" : "s"} of freedom and are wide; read the point forecast as a trend, not a promise.`,
    );
  }
  const forecasts = choice.backtests[0]?.points.length ?? 0;
  if (forecasts === 0) warnings.push("Nothing could be back-tested: the series is too short to hold a year out.");
  else if (forecasts < 3) warnings.push(`The method choice rests on ${forecasts} back-test forecast${forecasts === 1 ? "" : "s"} only.`);
  if (horizon > n) warnings.push(`Forecasting ${horizon} years ahead from ${n} known years: further ahead than the history is long.`);
  if (model.sigma === 0) warnings.push("The known years lie exactly on the fitted trend: the intervals have no width, which understates the real uncertainty.");
  if (clamped) {
    const range = bounds.max === null ? `at ${bounds.min}` : `into [${bounds.min}, ${bounds.max}]`;
    warnings.push(`Some forecast values or interval bounds were clamped ${range}, the metric's possible range.`);
  }

  return {
    points: [...actualPoints, ...futurePoints],
    lastActualYear: lastYear,
    fittedFrom: run[0].year,
    fittedTo: lastYear,
    method: choice.chosen.method,
    methodReason: choice.reason,
    criterion: choice.criterion,
    model,
    backtests: choice.backtests,
    warnings,
    predictiveOf: (years) => {
      const horizons = years.map((y) => y - lastYear);
      if (!horizons.length || horizons.some((h) => h < 1)) throw new RangeError("predictiveOf takes years after the last known year");
      return model.predictive(horizons);
    },
  };
}
