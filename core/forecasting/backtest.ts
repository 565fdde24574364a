import type { ForecastMethodName, MethodSpec } from "./model.js";

/** One back-test forecast: fitted on the first `origin` values, `horizon` years ahead. */
export interface BacktestPoint {
  readonly origin: number;
  readonly horizon: number;
  readonly actual: number;
  readonly forecast: number;
}

/**
 * Errors of a method on the known years by rolling origin (time-series cross-validation,
 * FPP 3rd ed. §5.10): for every training length k from `firstOrigin` to n − 1, fit to
 * the first k values and forecast the next min(maxHorizon, n − k) years.
 *
 * - MAPE = mean(|e| / |y|) × 100 over the forecasts whose actual is not 0 (null when none).
 * - MASE = mean(|e| / q), q = the training window's mean absolute year-on-year change
 *   (the in-sample error of the naïve forecast; Hyndman & Koehler 2006), over the
 *   windows whose q is not 0 (null when none). Below 1: better than "same as last year".
 */
export interface BacktestResult {
  readonly method: ForecastMethodName;
  readonly firstOrigin: number;
  readonly origins: number;
  readonly maxHorizon: number;
  readonly points: readonly BacktestPoint[];
  readonly mape: number | null;
  readonly mase: number | null;
}

export function backtest(spec: MethodSpec, values: readonly number[], lastYear: number, options: { firstOrigin: number; maxHorizon: number }): BacktestResult {
  const n = values.length;
  const firstOrigin = Math.max(options.firstOrigin, spec.minPoints);
  const points: BacktestPoint[] = [];
  const ape: number[] = [];
  const ase: number[] = [];
  let origins = 0;
  for (let k = firstOrigin; k < n; k++) {
    const training = values.slice(0, k);
    const model = spec.fit(training, lastYear - (n - k));
    origins++;
    let naive = 0;
    for (let t = 1; t < k; t++) naive += Math.abs(training[t] - training[t - 1]);
    const q = naive / (k - 1);
    for (let h = 1; h <= Math.min(options.maxHorizon, n - k); h++) {
      const actual = values[k + h - 1];
      const forecast = model.point(h);
      points.push({ origin: k, horizon: h, actual, forecast });
      const error = Math.abs(actual - forecast);
      if (actual !== 0) ape.push((100 * error) / Math.abs(actual));
      if (q > 0) ase.push(error / q);
    }
  }
  const mean = (xs: number[]) => (xs.length ? xs.reduce((s, v) => s + v, 0) / xs.length : null);
  return { method: spec.method, firstOrigin, origins, maxHorizon: options.maxHorizon, points, mape: mean(ape), mase: mean(ase) };
}
