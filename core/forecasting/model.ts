/**
 * What every forecasting method gives once fitted to a yearly series: point forecasts
 * h years after the last observation, and the predictive distribution of one future
 * value or of a sum of future values (for targets counted over several years).
 */

export const FORECAST_METHODS = ["LINEAR_TREND", "HOLT", "HOLT_DAMPED"] as const;
export type ForecastMethodName = (typeof FORECAST_METHODS)[number];

/**
 * The fitted parameters. Linear trend: value = intercept + slope × year. Holt (Hyndman &
 * Athanasopoulos, FPP 3rd ed. §8.2): level smoothing α, trend smoothing β*, damping φ
 * (1 for the undamped method), and the level and trend after the last observation.
 */
export interface ModelParameters {
  readonly intercept: number | null;
  readonly slope: number | null;
  readonly alpha: number | null;
  readonly beta: number | null;
  readonly phi: number | null;
  readonly level: number | null;
  readonly trend: number | null;
}

/**
 * A predictive distribution: (Y − mean) / scale follows Student's t with `df` degrees of
 * freedom. Exact for the linear trend under its assumptions (independent normal errors);
 * for Holt's method the usual approximation (the ETS(A,A,N) / ETS(A,Ad,N) forecast
 * variance with the estimated σ, and t with the residual degrees of freedom in place of
 * the normal, which widens the intervals of short series).
 */
export interface Predictive {
  readonly mean: number;
  readonly scale: number;
  readonly df: number;
}

export interface FittedModel {
  readonly method: ForecastMethodName;
  /** Observations the model was fitted to. */
  readonly n: number;
  readonly parameters: ModelParameters;
  /** The residual standard deviation (σ̂); NaN when there are too few residuals to estimate it. */
  readonly sigma: number;
  /** Residual degrees of freedom; intervals need at least 1. */
  readonly df: number;
  /** Sum of squared one-step (Holt) or regression (linear trend) residuals. */
  readonly sse: number;
  /** What a planner should know about this fit (shown as warnings). */
  readonly notes: readonly string[];
  /** The point forecast h ≥ 1 years after the last observation. */
  point(h: number): number;
  /** The distribution of the sum of the values at the given horizons (one horizon: that year's value). */
  predictive(horizons: readonly number[]): Predictive;
}

/** Fits a method to consecutive yearly values; `minPoints` is the least it accepts (with intervals: `minPointsForIntervals`). */
export interface MethodSpec {
  readonly method: ForecastMethodName;
  /** Fewest points the method can be fitted to for point forecasts (back-tests). */
  readonly minPoints: number;
  /** Fewest points that leave at least one residual degree of freedom (prediction intervals). */
  readonly minPointsForIntervals: number;
  /** Fits the method to `values` (consecutive years, the last being year `lastYear`). */
  fit(values: readonly number[], lastYear: number): FittedModel;
}
