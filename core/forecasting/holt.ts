import type { FittedModel, MethodSpec, ModelParameters, Predictive } from "./model.js";
import { nelderMead } from "./nelder-mead.js";

/**
 * Holt's linear trend method, undamped and damped (Hyndman & Athanasopoulos,
 * Forecasting: Principles and Practice, 3rd ed., §8.2):
 *
 *   forecast  ŷ(t+h | t) = ℓ(t) + (φ + φ² + … + φʰ)·b(t)
 *   level     ℓ(t) = α·y(t) + (1 − α)·(ℓ(t−1) + φ·b(t−1))
 *   trend     b(t) = β*·(ℓ(t) − ℓ(t−1)) + (1 − β*)·φ·b(t−1)
 *
 * φ = 1 is the undamped method. Prediction intervals use the forecast variance of the
 * matching state-space model ETS(A,A,N) / ETS(A,Ad,N) (FPP §8.7):
 * σₕ² = σ²·(1 + Σⱼ₌₁..ₕ₋₁ cⱼ²), cⱼ = α·(1 + β*·(φ + … + φʲ)).
 *
 * Why not a library: `@bsull/augurs` 0.10.2 (augurs' AutoETS compiled to WASM) was
 * evaluated: it installs and runs offline on Node 20 (`initSync` with the .wasm file),
 * but its AutoETS refuses series shorter than 7 points ("not enough data") and every
 * trend model below 9 points, while our yearly series have 3–7 points (2019–2025, and
 * the back-test refits on 3–6); nor can its smoothing parameters be fixed, so it could
 * not be checked against the textbook's worked example. The method is a few lines; we
 * write it, fit it by minimising the SSE of one-step errors (grid, then Nelder–Mead),
 * and test it against FPP's published example (test/forecast/holt.test.ts).
 */

export interface HoltParameters {
  /** Level smoothing α, 0 < α < 1. */
  readonly alpha: number;
  /** Trend smoothing β*, 0 < β* < 1 (FPP's β*). */
  readonly beta: number;
  /** Damping φ: 1 undamped, FPP restricts a damped trend to 0.8 ≤ φ ≤ 0.98. */
  readonly phi: number;
}

export interface HoltState {
  readonly level: number;
  readonly trend: number;
}

export interface HoltRun {
  /** ℓ(t) and b(t) after each observation. */
  readonly levels: readonly number[];
  readonly trends: readonly number[];
  /** One-step forecasts ŷ(t | t−1) of each observation. */
  readonly fitted: readonly number[];
  /** One-step errors y(t) − ŷ(t | t−1). */
  readonly errors: readonly number[];
  readonly final: HoltState;
}

/** Runs the recursions over `y` from the state `initial` (the state before y[0]). */
export function holtFilter(y: readonly number[], p: HoltParameters, initial: HoltState): HoltRun {
  const levels: number[] = [];
  const trends: number[] = [];
  const fitted: number[] = [];
  const errors: number[] = [];
  let { level, trend } = initial;
  for (const value of y) {
    const forecast = level + p.phi * trend;
    const nextLevel = p.alpha * value + (1 - p.alpha) * forecast;
    trend = p.beta * (nextLevel - level) + (1 - p.beta) * p.phi * trend;
    level = nextLevel;
    fitted.push(forecast);
    errors.push(value - forecast);
    levels.push(level);
    trends.push(trend);
  }
  return { levels, trends, fitted, errors, final: { level, trend } };
}

/** φ + φ² + … + φʰ (h for φ = 1). */
export function dampedSum(phi: number, h: number): number {
  if (phi === 1) return h;
  return (phi * (1 - phi ** h)) / (1 - phi);
}

/** The point forecast h steps after the state. */
export function holtForecast(state: HoltState, phi: number, h: number): number {
  return state.level + dampedSum(phi, h) * state.trend;
}

/**
 * The multiplier of σ in the standard deviation of the sum of the values at `horizons`
 * (a single horizon h: √(1 + Σⱼ₌₁..ₕ₋₁ cⱼ²)). The error at horizon h is
 * Σⱼ₌₀..ₕ₋₁ cⱼ·ε(T+h−j) with c₀ = 1, so in a sum the innovation ε(T+i) carries
 * Σ over the horizons h ≥ i of c(h−i).
 */
export function holtScaleFactor(p: HoltParameters, horizons: readonly number[]): number {
  const maxH = Math.max(...horizons);
  const c = (j: number) => (j === 0 ? 1 : p.alpha * (1 + p.beta * dampedSum(p.phi, j)));
  let variance = 0;
  for (let i = 1; i <= maxH; i++) {
    let weight = 0;
    for (const h of horizons) if (h >= i) weight += c(h - i);
    variance += weight * weight;
  }
  return Math.sqrt(variance);
}

/** Bounds of the fitted parameters (FPP: 0 < α, β* < 1; a damped trend 0.8 ≤ φ ≤ 0.98). */
export const HOLT_BOUNDS = Object.freeze({ min: 1e-4, max: 1 - 1e-4, phiMin: 0.8, phiMax: 0.98 });

const GRID = Object.freeze([HOLT_BOUNDS.min, ...Array.from({ length: 9 }, (_, i) => (i + 1) * 0.1), HOLT_BOUNDS.max]);
const PHI_GRID = Object.freeze([0.8, 0.85, 0.9, 0.95, 0.98]);
/** Grid points refined by Nelder–Mead. */
const REFINED_STARTS = 3;

/**
 * The state fitting starts from: ℓ = y[0], b = y[1] − y[0] (FPP 1st ed. §7/2's simple
 * initialisation), so the recursions run from y[1] and the SSE counts the one-step
 * errors of y[2] … y[n−1], each forecast from the years before it only: n − 2 errors,
 * so a fit needs at least 4 points, and σ has n − 2 − k degrees of freedom (k = 2
 * smoothing parameters, 3 damped): intervals from 5 points (6 damped).
 *
 * Two other starts were tried on simulated ETS(A,A,N) series of 30 years and rejected
 * because their 95 % intervals held too few held-out values: ℓ₀ and b₀ fitted with α
 * and β* by least squares (FPP 3rd ed.'s way; 89 %) and the least-squares line through
 * the series (89 %). Both let every year inform the start, which makes the in-sample
 * errors, hence σ, too small; this start holds 96–97 % (test/forecast/intervals.test.ts).
 */
function startState(y: readonly number[]): HoltState {
  return { level: y[0], trend: y[1] - y[0] };
}

function sseOf(y: readonly number[], p: HoltParameters): number {
  const run = holtFilter(y.slice(1), p, startState(y));
  let sse = 0;
  for (let i = 1; i < run.errors.length; i++) sse += run.errors[i] ** 2;
  return sse;
}

/**
 * Fits α, β* (and φ when damped) by minimising the SSE of the one-step errors: the
 * best three points of a grid (step 0.1; φ ∈ {0.8, 0.85, 0.9, 0.95, 0.98}), each
 * refined by Nelder–Mead inside the bounds. Deterministic.
 */
export function fitHoltParameters(y: readonly number[], damped: boolean): { parameters: HoltParameters; sse: number } {
  if (y.length < 4) throw new RangeError(`Holt's method needs at least 4 points, got ${y.length}`);
  const grid: { x: number[]; sse: number }[] = [];
  for (const phi of damped ? PHI_GRID : [1]) {
    for (const alpha of GRID) {
      for (const beta of GRID) grid.push({ x: damped ? [alpha, beta, phi] : [alpha, beta], sse: sseOf(y, { alpha, beta, phi }) });
    }
  }
  const toParams = (x: readonly number[]): HoltParameters => ({ alpha: x[0], beta: x[1], phi: damped ? x[2] : 1 });
  const options = {
    lower: damped ? [HOLT_BOUNDS.min, HOLT_BOUNDS.min, HOLT_BOUNDS.phiMin] : [HOLT_BOUNDS.min, HOLT_BOUNDS.min],
    upper: damped ? [HOLT_BOUNDS.max, HOLT_BOUNDS.max, HOLT_BOUNDS.phiMax] : [HOLT_BOUNDS.max, HOLT_BOUNDS.max],
    step: damped ? [0.05, 0.05, 0.03] : [0.05, 0.05],
  };
  const f = (x: readonly number[]) => sseOf(y, toParams(x));
  // The SSE surface can have several valleys, and a simplex squeezed against a bound
  // stalls: refine the best few grid points, each twice (a restart rebuilds the simplex).
  const starts = [...grid].sort((a, b) => a.sse - b.sse).slice(0, REFINED_STARTS);
  let best = starts[0];
  for (const start of starts) {
    const once = nelderMead(f, start.x, options);
    const twice = nelderMead(f, once.x, options);
    if (twice.value < best.sse) best = { x: [...twice.x], sse: twice.value };
  }
  return { parameters: toParams(best.x), sse: best.sse };
}

/** α and β* both below this: the method barely learns from the years after its start. */
const RIGID = 0.05;

/**
 * Holt's method fitted to consecutive yearly values, σ² = SSE / (n − 2 − k).
 *
 * The forecast variance is the ETS one plus the start state's error carried to the
 * horizon. The start is read off two noisy observations (ℓ = y[0] off by about ε₀,
 * b = y[1] − y[0] by about ε₁ − ε₀), and the forecast responds to it by g = (gℓ, gb)
 * (the recursions are linear in the state: run them on zeros from a unit level and a
 * unit trend), so the term is σ²·((gℓ − gb)² + gb²). It fades as α and β* let the
 * method forget its start; with both near 0 the method extrapolates the first two
 * years and the term gives it the wide, widening interval that deserves, not the
 * constant ±t·σ the ETS formula alone would. The uncertainty of α, β* and φ themselves
 * is not counted (as in FPP's formulas).
 */
export function fitHolt(values: readonly number[], damped: boolean): FittedModel {
  const { parameters: p, sse } = fitHoltParameters(values, damped);
  const rest = values.slice(1);
  const run = holtFilter(rest, p, startState(values));
  const zeros = rest.map(() => 0);
  const fromLevel = holtFilter(zeros, p, { level: 1, trend: 0 }).final;
  const fromTrend = holtFilter(zeros, p, { level: 0, trend: 1 }).final;
  const smoothing = damped ? 3 : 2;
  const df = values.length - 2 - smoothing;
  const sigma = df > 0 ? Math.sqrt(sse / df) : Number.NaN;
  const parameters: ModelParameters = {
    intercept: null,
    slope: null,
    alpha: p.alpha,
    beta: p.beta,
    phi: p.phi,
    level: run.final.level,
    trend: run.final.trend,
  };
  const point = (h: number) => holtForecast(run.final, p.phi, h);
  const notes =
    p.alpha < RIGID && p.beta < RIGID
      ? [
          `α and β* are near 0: the method extrapolates its start, the first two years (${damped ? "damped" : "a straight line"}), and its intervals are wide for that reason.`,
        ]
      : [];
  return {
    method: damped ? "HOLT_DAMPED" : "HOLT",
    n: values.length,
    parameters,
    sigma,
    df,
    sse,
    notes,
    point,
    predictive: (horizons): Predictive => {
      const gl = horizons.reduce((s, h) => s + holtForecast(fromLevel, p.phi, h), 0);
      const gb = horizons.reduce((s, h) => s + holtForecast(fromTrend, p.phi, h), 0);
      const factor = holtScaleFactor(p, horizons);
      return {
        mean: horizons.reduce((s, h) => s + point(h), 0),
        scale: sigma * Math.sqrt(factor * factor + (gl - gb) ** 2 + gb * gb),
        df,
      };
    },
  };
}

export const HOLT: MethodSpec = Object.freeze({
  method: "HOLT",
  minPoints: 4,
  // n − 2 errors, 2 smoothing parameters: one residual degree of freedom from 5 points.
  minPointsForIntervals: 5,
  fit: (values: readonly number[]) => fitHolt(values, false),
});

export const HOLT_DAMPED: MethodSpec = Object.freeze({
  method: "HOLT_DAMPED",
  minPoints: 4,
  minPointsForIntervals: 6,
  fit: (values: readonly number[]) => fitHolt(values, true),
});
