import { LEVELS, type SeriesForecast } from "./forecast-series.js";
import { clampTo, predictionInterval, probabilityBeyond, type ValueBounds } from "./prediction-intervals.js";

/**
 * How a target is read (docs/DOMAIN.md § Targets of the action program):
 * - FLOW: so many per year over the target's period (new members, fee paid). Met when
 *   the period's total reaches value × years, i.e. the yearly average meets the value;
 *   each year's own result is reported too.
 * - LEVEL: a level to reach by the period's last year (a rate, a member count). Met when
 *   the value at 31 December of `toYear` meets it.
 */
export type PaceKind = "FLOW" | "LEVEL";

/** MET / MISSED: decided by the known years; OPEN: decided by the forecast; UNKNOWN: neither is possible. */
export type PaceStatus = "MET" | "MISSED" | "OPEN" | "UNKNOWN";

export interface PaceTarget {
  readonly targetId: string;
  readonly metric: string;
  readonly fromYear: number;
  readonly toYear: number;
  readonly comparison: string;
  readonly value: number;
  readonly unit: string | null;
  readonly programLine: string | null;
}

export interface PaceYear {
  readonly year: number;
  readonly isForecast: boolean;
  readonly value: number | null;
  /** Known year: 1 when its value meets the target value, else 0; forecast year: P(the year's value meets it). */
  readonly probability: number | null;
}

export interface TargetPace {
  readonly target: PaceTarget;
  readonly kind: PaceKind;
  readonly status: PaceStatus;
  readonly lastActualYear: number | null;
  readonly lastActual: number | null;
  /** Years of the target's period, and those of them after the last known year. */
  readonly periodYears: number;
  readonly remainingYears: number;
  /** FLOW: Σ of the known years of the period (years without data count 0); LEVEL: null. */
  readonly achievedSoFar: number | null;
  /** FLOW: the yearly average the remaining years need; LEVEL: the change a year needed from the last actual. */
  readonly requiredPerYear: number | null;
  /** FLOW: the last known year's value; LEVEL: the change over the last known year. Today's pace. */
  readonly currentPerYear: number | null;
  /** The same pace as the forecast sees it (FLOW: mean of the forecast years; LEVEL: (forecast at toYear − last actual) / years). */
  readonly forecastPerYear: number | null;
  /** Rates: units a year to add to the numerator (new unions, new agreements), the denominator held at its last actual. */
  readonly requiredUnitsPerYear: number | null;
  /** FLOW: the period's total (known + forecast); LEVEL: the value at toYear. With its 80 % and 95 % intervals. */
  readonly projected: number | null;
  readonly projectedLower80: number | null;
  readonly projectedUpper80: number | null;
  readonly projectedLower95: number | null;
  readonly projectedUpper95: number | null;
  /** P(target met) under the forecast's predictive distribution; 1 or 0 once decided. */
  readonly probability: number | null;
  /** The projected (point) value meets the target. */
  readonly onTrack: boolean | null;
  readonly years: readonly PaceYear[];
  readonly explanation: string;
}

export interface PaceInput {
  readonly target: PaceTarget;
  readonly kind: PaceKind;
  /** The metric's forecast, to at least target.toYear. */
  readonly forecast: SeriesForecast;
  readonly bounds: ValueBounds;
  /** Rates: numerator and denominator (units) of the last known year. */
  readonly counts?: { readonly numerator: number; readonly denominator: number } | null;
  /** What the numerator's units are called, e.g. "new unions". */
  readonly unitsLabel?: string | null;
  /** How values read in the explanation (rates as %). */
  readonly isRate: boolean;
}

function direction(comparison: string): "AT_LEAST" | "AT_MOST" | null {
  const c = comparison.trim();
  if (c === ">=" || c === ">") return "AT_LEAST";
  if (c === "<=" || c === "<") return "AT_MOST";
  return null;
}

/** A probability in words: "a 46 % chance", "less than a 1 % chance". */
function chance(p: number): string {
  if (p < 0.005) return "less than a 1 % chance";
  if (p > 0.995) return "more than a 99 % chance";
  return `a ${(100 * p).toFixed(0)} % chance`;
}

const meets = (value: number, threshold: number, dir: "AT_LEAST" | "AT_MOST") => (dir === "AT_LEAST" ? value >= threshold - 1e-12 : value <= threshold + 1e-12);

/**
 * The pace needed to meet one target from the last known year, what the forecast
 * gives, and the probability of meeting it implied by the forecast's predictive
 * distribution (model.ts: Student t, exact for the linear trend, the ETS approximation
 * for Holt). For a FLOW target the probability is that of the remaining years' total
 * (their sum's distribution, with the covariance between horizons) reaching what the
 * period still needs.
 */
export function requiredPace(input: PaceInput): TargetPace {
  const { target, kind, forecast, bounds } = input;
  const dir = direction(target.comparison);
  const known = new Map(forecast.points.filter((p) => !p.isForecast && p.value !== null).map((p) => [p.year, p.value!]));
  const predicted = new Map(forecast.points.filter((p) => p.isForecast).map((p) => [p.year, p]));
  const last = forecast.lastActualYear;
  const lastActual = last === null ? null : (known.get(last) ?? null);
  const periodYears = target.toYear - target.fromYear + 1;
  const years: number[] = Array.from({ length: periodYears }, (_, i) => target.fromYear + i);
  const remaining = years.filter((y) => last === null || y > last);
  const fmt = (v: number) => (input.isRate ? `${(100 * v).toFixed(1)} %` : Math.round(v).toLocaleString("en-US"));
  const sign = dir === "AT_MOST" ? "≤" : "≥";

  const perYear: PaceYear[] = years.map((year) => {
    const value = known.get(year);
    if (value !== undefined) return { year, isForecast: false, value, probability: dir ? (meets(value, target.value, dir) ? 1 : 0) : null };
    const point = predicted.get(year);
    const predictive = point && forecast.predictiveOf([year]);
    return {
      year,
      isForecast: point !== undefined,
      value: point?.value ?? null,
      probability: predictive && dir ? probabilityBeyond(predictive, target.value, dir === "AT_MOST") : null,
    };
  });

  const base = {
    target,
    kind,
    lastActualYear: last,
    lastActual,
    periodYears,
    remainingYears: remaining.length,
    years: perYear,
  };
  const empty = {
    ...base,
    achievedSoFar: null,
    requiredPerYear: null,
    currentPerYear: null,
    forecastPerYear: null,
    requiredUnitsPerYear: null,
    projected: null,
    projectedLower80: null,
    projectedUpper80: null,
    projectedLower95: null,
    projectedUpper95: null,
    probability: null,
    onTrack: null,
  };
  if (dir === null) return { ...empty, status: "UNKNOWN", explanation: `The comparison "${target.comparison}" cannot be assessed (only ≥, >, ≤, <).` };
  if (last === null || lastActual === null) return { ...empty, status: "UNKNOWN", explanation: "The warehouse holds no value of this metric to start from." };

  if (kind === "FLOW") {
    const needTotal = target.value * periodYears;
    const knownYears = years.filter((y) => y <= last);
    const achieved = knownYears.reduce((s, y) => s + (known.get(y) ?? 0), 0);
    const currentPerYear = lastActual;
    const periodText = `${target.fromYear}–${target.toYear} asks for ${sign} ${fmt(target.value)} a year (${fmt(needTotal)} in all)`;
    if (!remaining.length) {
      const met = meets(achieved, needTotal, dir);
      return {
        ...empty,
        status: met ? "MET" : "MISSED",
        achievedSoFar: achieved,
        currentPerYear,
        projected: achieved,
        probability: met ? 1 : 0,
        onTrack: met,
        explanation: `${periodText}; the known years give ${fmt(achieved)} (${fmt(achieved / periodYears)} a year): ${met ? "met" : "missed"}.`,
      };
    }
    const requiredPerYear = (needTotal - achieved) / remaining.length;
    const predictive = forecast.model ? forecast.predictiveOf(remaining) : null;
    const soFar = knownYears.length ? `the known years ${knownYears[0]}–${knownYears.at(-1)} give ${fmt(achieved)}, so ` : "";
    const need = `${soFar}the ${remaining.length} remaining year${remaining.length === 1 ? "" : "s"} need ${fmt(requiredPerYear)} a year`;
    if (!predictive) {
      return {
        ...empty,
        status: "UNKNOWN",
        achievedSoFar: achieved,
        requiredPerYear,
        currentPerYear,
        explanation: `${periodText}; ${need}. No forecast: ${forecast.warnings.join(" ")}`,
      };
    }
    const points = remaining.map((y) => predicted.get(y)?.value ?? clampTo(bounds, forecast.model!.point(y - last)));
    const forecastTotal = points.reduce((s, v) => s + v, 0);
    const projected = achieved + forecastTotal;
    const floorOf = (v: number) => achieved + (bounds.min === null ? v : Math.max(bounds.min * remaining.length, v));
    const i80 = predictionInterval(predictive, LEVELS.p80, { min: null, max: null });
    const i95 = predictionInterval(predictive, LEVELS.p95, { min: null, max: null });
    const probability = probabilityBeyond(predictive, needTotal - achieved, dir === "AT_MOST");
    const onTrack = meets(projected, needTotal, dir);
    return {
      ...base,
      status: "OPEN",
      achievedSoFar: achieved,
      requiredPerYear,
      currentPerYear,
      forecastPerYear: forecastTotal / remaining.length,
      requiredUnitsPerYear: null,
      projected,
      projectedLower80: floorOf(i80.lower),
      projectedUpper80: floorOf(i80.upper),
      projectedLower95: floorOf(i95.lower),
      projectedUpper95: floorOf(i95.upper),
      probability,
      onTrack,
      explanation:
        `${periodText}; ${need} (${last}: ${fmt(lastActual)}). The forecast (${forecast.method}) gives ${fmt(forecastTotal / remaining.length)} a year, ` +
        `${fmt(projected)} in all (95 % interval ${fmt(floorOf(i95.lower))}–${fmt(floorOf(i95.upper))}): ${chance(probability)} of meeting the target.`,
    };
  }

  // LEVEL
  const previous = known.get(last - 1);
  const currentPerYear = previous === undefined ? null : lastActual - previous;
  const levelText = `${sign} ${fmt(target.value)} by ${target.toYear}`;
  if (target.toYear <= last) {
    const actual = known.get(target.toYear);
    if (actual === undefined)
      return { ...empty, status: "UNKNOWN", currentPerYear, explanation: `${levelText}: the warehouse holds no value for ${target.toYear}.` };
    const met = meets(actual, target.value, dir);
    return {
      ...empty,
      status: met ? "MET" : "MISSED",
      currentPerYear,
      projected: actual,
      probability: met ? 1 : 0,
      onTrack: met,
      explanation: `${levelText}: ${target.toYear} ended at ${fmt(actual)}, ${met ? "met" : "missed"}.`,
    };
  }
  const span = target.toYear - last;
  const requiredPerYear = (target.value - lastActual) / span;
  const counts = input.counts;
  let requiredUnitsPerYear: number | null = null;
  if (counts && dir === "AT_LEAST" && counts.denominator > 0) {
    const needed = Math.max(0, Math.ceil(target.value * counts.denominator - 1e-9) - counts.numerator);
    requiredUnitsPerYear = Math.ceil(needed / span);
  }
  const label = requiredUnitsPerYear === 1 ? input.unitsLabel?.replace(/s$/, "") : input.unitsLabel;
  const unitsText =
    requiredUnitsPerYear !== null && label ? ` (about ${requiredUnitsPerYear} ${label} a year, if the number of units stays as in ${last})` : "";
  const need = `from ${fmt(lastActual)} in ${last}, that is ${requiredPerYear >= 0 ? "+" : ""}${input.isRate ? `${(100 * requiredPerYear).toFixed(1)} points` : fmt(requiredPerYear)} a year${unitsText}`;
  const point = predicted.get(target.toYear);
  const predictive = point ? forecast.predictiveOf([target.toYear]) : null;
  if (!point || !predictive || point.value === null) {
    return {
      ...empty,
      status: "UNKNOWN",
      currentPerYear,
      requiredPerYear,
      requiredUnitsPerYear,
      explanation: `${levelText} ${need}. No forecast: ${forecast.warnings.join(" ")}`,
    };
  }
  const probability = probabilityBeyond(predictive, target.value, dir === "AT_MOST");
  const onTrack = meets(point.value, target.value, dir);
  return {
    ...base,
    status: "OPEN",
    achievedSoFar: null,
    requiredPerYear,
    currentPerYear,
    forecastPerYear: (point.value - lastActual) / span,
    requiredUnitsPerYear,
    projected: point.value,
    projectedLower80: point.lower80,
    projectedUpper80: point.upper80,
    projectedLower95: point.lower95,
    projectedUpper95: point.upper95,
    probability,
    onTrack,
    explanation:
      `${levelText} ${need}. The forecast (${forecast.method}) reaches ${fmt(point.value)} in ${target.toYear} ` +
      `(95 % interval ${fmt(point.lower95!)}–${fmt(point.upper95!)}): ${chance(probability)} of meeting the target.`,
  };
}
