import type { FittedModel, MethodSpec, ModelParameters, Predictive } from "./model.js";
import { nelderMead } from "./nelder-mead.js";

/**
 * Holt's linear trend method, undamped and damped (Hyndman & Athanasopoulos,
 * Forecasting: Principles and Practice, 3rd ed., §8.2), as its state-space model
 * ETS(A,A,N) / ETS(A,Ad,N) (Hyndman, Koehler, Ord & Snyder, "Forecasting with
 * Exponential Smoothing", Springer 2008):
 *
 *   forecast  ŷ(t+h | t) = ℓ(t) + (φ + φ² + … + φʰ)·b(t)
 *   level     ℓ(t) = α·y(t) + (1 − α)·(ℓ(t−1) + φ·b(t−1))
 *   trend     b(t) = β*·(ℓ(t) − ℓ(t−1)) + (1 − β*)·φ·b(t−1)
 *
 * φ = 1 is the undamped method. Our series are short (6–10 known years), and there a
 * single fitted α, β*, φ misleads: the SSE is flat in them, the least-squares α or β* sat
 * on a bound (0.0001 or 0.9999) on every one of 600 simulated series, and the interval
 * from those values (the plug-in interval) held 92 % of the next 5 values at 95 % even with
 * Student's t and the start's variance (R's forecast::holt, with neither, 83 %). So:
 *
 * - the start (ℓ₀, b₀) is estimated as forecast::ets does, by least squares of all n
 *   one-step errors, but exactly (bestStart: the errors are linear in it);
 * - α, β* and φ are not fixed at one value but averaged over a grid within ets's bounds,
 *   each point weighted by its posterior probability (holtPosterior);
 * - given the smoothing, a future value is Student's t around that smoothing's forecast,
 *   its variance the ETS "class 1" forecast variance (FPP §8.7: σ²·(1 + Σⱼ₌₁..ₕ₋₁ cⱼ²),
 *   cⱼ = α·(1 + β*·(φ + … + φʲ))) plus the estimated start's variance carried to the
 *   horizon (with α = β* = 0 this is exactly a regression line's prediction interval);
 *   the forecast distribution is the weighted mixture of these (fitHolt).
 *
 * Chosen by the interval (Winkler) score at 95 % (lower is better) on 600 simulated series
 * of 6–10 years, horizons 1–5, against R's forecast package on the same series
 * (test/forecast/reference.test.ts; fixtures from scripts/r/forecast-reference.R): as the
 * API forecasts (method by back-test) 4,033 holding 96.0 %; the plug-in interval 4,809
 * (92.3 %); with the linear trend still a candidate from 5 years 4,360 (91.0 %);
 * R's holt() 6,143 (82.6 %), holt(damped = TRUE) 5,480 (87.9 %), ets() 6,125 (81.2 %).
 *
 * Why not a library: `@bsull/augurs` 0.10.2 (augurs' AutoETS compiled to WASM) was
 * evaluated: it installs and runs offline on Node 20 (`initSync` with the .wasm file),
 * but its AutoETS refuses series shorter than 7 points ("not enough data") and every
 * trend model below 9 points, while our yearly series have 3–7 points (2019–2025, and
 * the back-test refits on 3–6); nor can its smoothing parameters be fixed, so it could
 * not be checked against the textbook's worked example. R's forecast::ets, the reference,
 * falls back below 9 points (10 damped) to a start read off the first two years.
 */

export interface HoltParameters {
  /** Level smoothing α. */
  readonly alpha: number;
  /** Trend smoothing β* (FPP's β*; the state-space model's β is α·β*). */
  readonly beta: number;
  /** Damping φ: 1 undamped. */
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
 * (a single horizon h: √(1 + Σⱼ₌₁..ₕ₋₁ cⱼ²)), given the state after the last
 * observation. The error at horizon h is Σⱼ₌₀..ₕ₋₁ cⱼ·ε(T+h−j) with c₀ = 1, so in a sum
 * the innovation ε(T+i) carries Σ over the horizons h ≥ i of c(h−i).
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

/**
 * Bounds of the fitted parameters: `forecast::ets`'s "usual" bounds, α and β = α·β* in
 * [0.0001, 0.9999] with β ≤ α (so β* ≤ 1), damping φ in [0.8, 0.98].
 */
export const HOLT_BOUNDS = Object.freeze({ min: 1e-4, max: 1 - 1e-4, phiMin: 0.8, phiMax: 0.98 });

/** A symmetric 2×2 matrix [[a, b], [b, d]]. */
interface Sym2 {
  readonly a: number;
  readonly b: number;
  readonly d: number;
}

/**
 * The (Moore–Penrose) inverse of a symmetric positive semi-definite 2×2 matrix: the
 * ordinary inverse, or, when one eigenvalue is negligible (a start the data cannot
 * tell apart, as with α near 1), the inverse on the other eigenvector only.
 */
export function pseudoInverse({ a, b, d }: Sym2): Sym2 {
  const mean = (a + d) / 2;
  const radius = Math.hypot((a - d) / 2, b);
  const large = mean + radius;
  const small = mean - radius;
  if (!(large > 0)) return { a: 0, b: 0, d: 0 };
  if (small > large * 1e-10) {
    const det = a * d - b * b;
    return { a: d / det, b: -b / det, d: a / det };
  }
  // Eigenvector of the large eigenvalue: (b, large − a) or (large − d, b).
  let [u, v] = Math.abs(b) > 0 ? [b, large - a] : a >= d ? [1, 0] : [0, 1];
  const norm = Math.hypot(u, v);
  u /= norm;
  v /= norm;
  return { a: (u * u) / large, b: (u * v) / large, d: (v * v) / large };
}

/** The least-squares start for one smoothing, and what the forecast's variance needs of it. */
export interface BestStart {
  /** The start (ℓ₀, b₀) with the least SSE. */
  readonly start: HoltState;
  /** SSE of the n one-step errors from that start. */
  readonly sse: number;
  /** Gᵀ·G, G = the one-step forecasts of a zero series from a unit level (first column) and from a unit trend (second). */
  readonly gram: Sym2;
  /** The state after the last observation from `start`. */
  readonly final: HoltState;
  /** The state after the last observation of a zero series from a unit level, and from a unit trend: how the final state moves with the start. */
  readonly finalFromLevel: HoltState;
  readonly finalFromTrend: HoltState;
}

/**
 * The start (ℓ₀, b₀) with the least SSE for the given smoothing. The recursions are
 * linear in the start, so the one-step errors are e = e⁰ − G·(ℓ₀, b₀), e⁰ the errors
 * from a zero start and G's columns the one-step forecasts of a zero series from a unit
 * level and a unit trend; the start is the least-squares solution (GᵀG)⁻¹Gᵀe⁰, solved
 * exactly rather than searched for (a pseudo-inverse when the data cannot tell some
 * start apart, as with α near 1). One pass runs the three recursions side by side.
 */
export function bestStart(y: readonly number[], p: HoltParameters): BestStart {
  const { alpha, beta, phi } = p;
  // The series from a zero start, a zero series from (1, 0), and from (0, 1).
  let l0 = 0;
  let b0 = 0;
  let lL = 1;
  let bL = 0;
  let lB = 0;
  let bB = 1;
  let gll = 0;
  let glb = 0;
  let gbb = 0;
  let cl = 0;
  let cb = 0;
  let ee = 0;
  for (const value of y) {
    const f0 = l0 + phi * b0;
    const fL = lL + phi * bL;
    const fB = lB + phi * bB;
    const e0 = value - f0;
    gll += fL * fL;
    glb += fL * fB;
    gbb += fB * fB;
    cl += fL * e0;
    cb += fB * e0;
    ee += e0 * e0;
    const n0 = alpha * value + (1 - alpha) * f0;
    b0 = beta * (n0 - l0) + (1 - beta) * phi * b0;
    l0 = n0;
    const nL = (1 - alpha) * fL;
    bL = beta * (nL - lL) + (1 - beta) * phi * bL;
    lL = nL;
    const nB = (1 - alpha) * fB;
    bB = beta * (nB - lB) + (1 - beta) * phi * bB;
    lB = nB;
  }
  const gram = { a: gll, b: glb, d: gbb };
  const inv = pseudoInverse(gram);
  const start = { level: inv.a * cl + inv.b * cb, trend: inv.b * cl + inv.d * cb };
  // ‖e⁰ − G·x‖² = e⁰ᵀe⁰ − 2·xᵀGᵀe⁰ + xᵀGᵀG·x, never below 0 by rounding.
  const fitted = start.level * cl + start.trend * cb;
  const quadratic = gll * start.level ** 2 + 2 * glb * start.level * start.trend + gbb * start.trend ** 2;
  const sse = Math.max(0, ee - 2 * fitted + quadratic);
  const finalFromLevel = { level: lL, trend: bL };
  const finalFromTrend = { level: lB, trend: bB };
  const final = {
    level: l0 + start.level * lL + start.trend * lB,
    trend: b0 + start.level * bL + start.trend * bB,
  };
  return { start, sse, gram, final, finalFromLevel, finalFromTrend };
}

/** The maximum-likelihood fit: the smoothing parameters and start with the least SSE. */
export interface HoltFit {
  readonly parameters: HoltParameters;
  readonly start: HoltState;
  readonly sse: number;
}

const COARSE_GRID = Object.freeze([HOLT_BOUNDS.min, ...Array.from({ length: 9 }, (_, i) => (i + 1) * 0.1), HOLT_BOUNDS.max]);
const COARSE_PHI = Object.freeze([0.8, 0.85, 0.9, 0.95, 0.98]);
/** Grid points refined by Nelder–Mead. */
const REFINED_STARTS = 3;

/**
 * The maximum-likelihood (least-squares) fit as `forecast::ets` makes it: α, β* (and φ)
 * within HOLT_BOUNDS together with the start (ℓ₀, b₀), minimising the SSE of all n
 * one-step errors. The start is solved exactly for each smoothing (bestStart); the
 * smoothing is searched over a grid (step 0.1) whose best three points are each refined
 * by Nelder–Mead. The forecasts do not rest on this single fit but on the posterior over
 * the smoothing (holtPosterior): with 6–10 known years the likelihood is too flat in α
 * and β* for one value to stand for them. It is kept as the check that the least-squares
 * machinery agrees with R's: its SSE is never above ets's on the same series
 * (test/forecast/reference.test.ts).
 */
export function fitHoltParameters(y: readonly number[], damped: boolean): HoltFit {
  if (y.length < 4) throw new RangeError(`Holt's method needs at least 4 points, got ${y.length}`);
  const toParams = (x: readonly number[]): HoltParameters => ({ alpha: x[0], beta: x[1], phi: damped ? x[2] : 1 });
  const f = (x: readonly number[]) => bestStart(y, toParams(x)).sse;
  const grid: { x: number[]; sse: number }[] = [];
  for (const phi of damped ? COARSE_PHI : [1]) {
    for (const alpha of COARSE_GRID) {
      for (const beta of COARSE_GRID) {
        const x = damped ? [alpha, beta, phi] : [alpha, beta];
        grid.push({ x, sse: f(x) });
      }
    }
  }
  const options = {
    lower: damped ? [HOLT_BOUNDS.min, HOLT_BOUNDS.min, HOLT_BOUNDS.phiMin] : [HOLT_BOUNDS.min, HOLT_BOUNDS.min],
    upper: damped ? [HOLT_BOUNDS.max, HOLT_BOUNDS.max, HOLT_BOUNDS.phiMax] : [HOLT_BOUNDS.max, HOLT_BOUNDS.max],
    step: damped ? [0.05, 0.05, 0.03] : [0.05, 0.05],
  };
  // The SSE surface can have several valleys, and a simplex squeezed against a bound
  // stalls: refine the best few grid points, each twice (a restart rebuilds the simplex).
  const starts = [...grid].sort((a, b) => a.sse - b.sse).slice(0, REFINED_STARTS);
  let best = starts[0];
  for (const start of starts) {
    const once = nelderMead(f, start.x, options);
    const twice = nelderMead(f, once.x, options);
    if (twice.value < best.sse) best = { x: [...twice.x], sse: twice.value };
  }
  const parameters = toParams(best.x);
  const { start, sse } = bestStart(y, parameters);
  return { parameters, start, sse };
}

/**
 * The smoothing parameters the predictive distribution averages over: α and β* at the
 * midpoints of ten equal steps of (0, 1) (a uniform prior within ets's bounds), φ at the
 * midpoints of six equal steps of the damped bounds [0.8, 0.98] (1 undamped). The
 * posterior is smooth: on the simulated series of test/forecast/reference.test.ts a grid of
 * 5 × 5 (× 3 values of φ) scores within 0.2 % of this one, 20 × 20 within 0.1 %; this one
 * leaves room for longer series, whose posterior is narrower.
 */
export const SMOOTHING_GRID = Object.freeze(Array.from({ length: 10 }, (_, i) => (i + 0.5) / 10));
export const DAMPING_GRID = Object.freeze(
  Array.from({ length: 6 }, (_, i) => HOLT_BOUNDS.phiMin + ((i + 0.5) * (HOLT_BOUNDS.phiMax - HOLT_BOUNDS.phiMin)) / 6),
);

/** One point of the grid: its smoothing, the least-squares start, and what the forecast needs. */
export interface HoltComponent {
  readonly parameters: HoltParameters;
  /** The least-squares start (ℓ₀, b₀) for these parameters. */
  readonly start: HoltState;
  /** SSE of the n one-step errors from that start. */
  readonly sse: number;
  /** Posterior weight (the components' sum to 1). */
  readonly weight: number;
  /** The state after the last observation. */
  readonly final: HoltState;
  /** (GᵀG)⁻¹: σ² times it is the covariance of the estimated start. */
  readonly startCovariance: Sym2;
  readonly finalFromLevel: HoltState;
  readonly finalFromTrend: HoltState;
}

/**
 * The posterior over the grid of smoothing parameters s = (α, β*, φ). Given s the model
 * is linear in the start x₀ = (ℓ₀, b₀): the one-step errors are e = e⁰ − G·x₀, where e⁰
 * (the errors from a zero start) is y times a unit lower-triangular matrix. With flat
 * priors on x₀ and on log σ (the reference priors of a regression), integrating them out
 * leaves p(s | y) ∝ |GᵀG|^(−½)·SSE(s)^(−(n−2)/2), SSE(s) at the least-squares start; and
 * a future value given s is Student's t with n − 2 degrees of freedom around the
 * forecast from that start, its scale² = SSE(s)/(n − 2)·(the ETS forecast variance factor
 * + the start's uncertainty carried to the horizon) (Box & Tiao, Bayesian Inference in
 * Statistical Analysis, §2.7; the same algebra as a regression's prediction interval).
 */
export function holtPosterior(y: readonly number[], damped: boolean): HoltComponent[] {
  const n = y.length;
  if (n < 4) throw new RangeError(`Holt's method needs at least 4 points, got ${n}`);
  const mean = y.reduce((s, v) => s + v, 0) / n;
  // A series fitted exactly (SSE 0 for every s) weighs every s alike rather than dividing by 0.
  const floor = 1e-12 * y.reduce((s, v) => s + (v - mean) ** 2, 0) + Number.MIN_VALUE;
  const components: { -readonly [K in keyof HoltComponent]: HoltComponent[K] }[] = [];
  const logWeights: number[] = [];
  for (const phi of damped ? DAMPING_GRID : [1]) {
    for (const alpha of SMOOTHING_GRID) {
      for (const beta of SMOOTHING_GRID) {
        const parameters = { alpha, beta, phi };
        const best = bestStart(y, parameters);
        const { a, b, d } = best.gram;
        // A start the data cannot pin down (GᵀG singular) has no finite weight under a flat prior: left out.
        if (!(a * d - b * b > 1e-12 * a * d)) continue;
        logWeights.push(-0.5 * Math.log(a * d - b * b) - ((n - 2) / 2) * Math.log(Math.max(best.sse, floor)));
        components.push({
          parameters,
          start: best.start,
          sse: best.sse,
          weight: 0,
          final: best.final,
          startCovariance: pseudoInverse(best.gram),
          finalFromLevel: best.finalFromLevel,
          finalFromTrend: best.finalFromTrend,
        });
      }
    }
  }
  if (!components.length) throw new RangeError("Holt's method: no smoothing leaves the start identifiable");
  const top = Math.max(...logWeights);
  let total = 0;
  for (const logWeight of logWeights) total += Math.exp(logWeight - top);
  for (const [i, c] of components.entries()) c.weight = Math.exp(logWeights[i] - top) / total;
  return components;
}

/**
 * One smoothing's multiplier of σ for the sum of the values at `horizons`:
 * √(ETS variance factor² + gᵀ(GᵀG)⁻¹g), g how that sum moves with the start (ℓ₀, b₀),
 * whose least-squares estimate has covariance σ²·(GᵀG)⁻¹.
 */
export function componentScaleFactor(
  c: Pick<HoltComponent, "parameters" | "startCovariance" | "finalFromLevel" | "finalFromTrend">,
  horizons: readonly number[],
): number {
  const { parameters: p, startCovariance: v } = c;
  const gl = horizons.reduce((s, h) => s + holtForecast(c.finalFromLevel, p.phi, h), 0);
  const gb = horizons.reduce((s, h) => s + holtForecast(c.finalFromTrend, p.phi, h), 0);
  const start = v.a * gl * gl + 2 * v.b * gl * gb + v.d * gb * gb;
  return Math.sqrt(holtScaleFactor(p, horizons) ** 2 + start);
}

/**
 * Holt's method on consecutive yearly values: the forecast is the posterior mean over
 * the smoothing parameters, the intervals the posterior predictive distribution
 * (holtPosterior), so every uncertainty of a short series (the innovations, the start,
 * σ, and α, β*, φ themselves) is counted. The parameters reported (α, β*, φ, the last
 * level and trend) are posterior means; σ̂ = √(Σ w·SSE / (n − 2)); df = n − 2.
 */
export function fitHolt(values: readonly number[], damped: boolean): FittedModel {
  const n = values.length;
  // On 6–10 known years the posterior is flat: every grid point carries weight, none is left out.
  const components = holtPosterior(values, damped);
  const average = (f: (c: HoltComponent) => number) => components.reduce((s, c) => s + c.weight * f(c), 0);
  const df = n - 2;
  const sse = average((c) => c.sse);
  const sigma = df > 0 ? Math.sqrt(sse / df) : Number.NaN;
  const parameters: ModelParameters = {
    intercept: null,
    slope: null,
    alpha: average((c) => c.parameters.alpha),
    beta: average((c) => c.parameters.beta),
    phi: average((c) => c.parameters.phi),
    level: average((c) => c.final.level),
    trend: average((c) => c.final.trend),
  };
  const point = (h: number) => average((c) => holtForecast(c.final, c.parameters.phi, h));
  return {
    method: damped ? "HOLT_DAMPED" : "HOLT",
    n,
    parameters,
    sigma,
    df,
    sse,
    notes: [],
    point,
    predictive: (horizons): Predictive => {
      const parts = components.map((c) => ({
        weight: c.weight,
        mean: horizons.reduce((s, h) => s + holtForecast(c.final, c.parameters.phi, h), 0),
        scale: df > 0 ? Math.sqrt(c.sse / df) * componentScaleFactor(c, horizons) : Number.NaN,
      }));
      const mean = parts.reduce((s, c) => s + c.weight * c.mean, 0);
      const spread = parts.reduce((s, c) => s + c.weight * (c.scale ** 2 + (c.mean - mean) ** 2), 0);
      return { mean, scale: Math.sqrt(spread), df, components: parts };
    },
  };
}

export const HOLT: MethodSpec = Object.freeze({
  method: "HOLT",
  minPoints: 4,
  // The intervals have n − 2 degrees of freedom from 3 points on; 5, so that its back-test
  // has at least one 4-point window to fit (6 for the damped trend, so that both compete
  // on two origins).
  minPointsForIntervals: 5,
  fit: (values: readonly number[]) => fitHolt(values, false),
});

export const HOLT_DAMPED: MethodSpec = Object.freeze({
  method: "HOLT_DAMPED",
  minPoints: 4,
  minPointsForIntervals: 6,
  fit: (values: readonly number[]) => fitHolt(values, true),
});
