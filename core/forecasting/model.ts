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
 * (1 for the undamped method), and the level and trend after the last observation, each
 * the posterior mean over the smoothing parameters the forecast averages over (holt.ts).
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
 * freedom, or, with `components`, a mixture of such t's. The linear trend's is one t,
 * exact under its assumptions (independent normal errors). Holt's is the mixture over its
 * smoothing parameters (holt.ts): each component the t of the ETS(A,A,N) / ETS(A,Ad,N)
 * model with those parameters, its start estimated, weighted by how well the parameters
 * explain the known years.
 */
export interface Predictive {
  /** The predictive mean (the point forecast). */
  readonly mean: number;
  /** One t: its scale. A mixture: the scale of one t as spread out (√Σ w·(scale² + (mean − mean̄)²)), for reading only; intervals and probabilities use the components. */
  readonly scale: number;
  readonly df: number;
  /** A mixture's components (weights sum to 1), each a t with `df` degrees of freedom; absent for one t. */
  readonly components?: readonly PredictiveComponent[];
}

export interface PredictiveComponent {
  readonly weight: number;
  readonly mean: number;
  readonly scale: number;
}

export interface FittedModel {
  readonly method: ForecastMethodName;
  /** Observations the model was fitted to. */
  readonly n: number;
  readonly parameters: ModelParameters;
  /** The residual standard deviation (σ̂; Holt: of the one-step errors, averaged over the smoothing parameters); NaN when there are too few residuals to estimate it. */
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
  /** When set: a series this long or longer is given to the named method instead (it contains this one as a special case and allows for more). */
  readonly givesWayTo?: { readonly method: ForecastMethodName; readonly fromPoints: number; readonly why: string };
  /** Fits the method to `values` (consecutive years, the last being year `lastYear`). */
  fit(values: readonly number[], lastYear: number): FittedModel;
}
