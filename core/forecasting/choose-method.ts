import { type BacktestResult, backtest } from "./backtest.js";
import { HOLT, HOLT_DAMPED } from "./holt.js";
import { LINEAR_TREND } from "./linear-trend.js";
import type { ForecastMethodName, MethodSpec } from "./model.js";

/**
 * A method must beat a simpler one's back-test error by more than this share to be
 * chosen over it: Holt's method with α and β* near 0 is a straight line, and a
 * difference in the fourth digit is no reason to prefer it.
 */
export const TIE_MARGIN = 0.01;

/** The methods tried, simplest first: on equal back-test error the simpler one wins. */
export const METHODS: readonly MethodSpec[] = Object.freeze([LINEAR_TREND, HOLT, HOLT_DAMPED]);

export interface MethodChoice {
  readonly chosen: MethodSpec;
  /** Why, in a sentence a planner can repeat. */
  readonly reason: string;
  /** `MASE`, `MAPE`, or null when there was nothing to back-test. */
  readonly criterion: "MASE" | "MAPE" | null;
  /** Every candidate's back-test, on the same origins and horizons. */
  readonly backtests: readonly BacktestResult[];
  /** Methods not tried because the series is too short for them, with the points each needs. */
  readonly skipped: readonly { readonly method: ForecastMethodName; readonly needs: number }[];
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));

/**
 * Chooses the method for one series by back-test error. The methods whose intervals the
 * series can support (linear trend from 3 points, Holt from 5, damped Holt from 6) are
 * back-tested; the candidates are those of them that do not give way to a method
 * containing them (the linear trend, to Holt's from 5 points: LINEAR_TREND.givesWayTo;
 * its back-test is still shown). They are back-tested on the SAME rolling origins (from the
 * largest minimum any of them needs to fit, at least 3 points, to n − 1) and horizons
 * (up to the forecast's), so their errors compare like with like. The lowest MASE wins
 * (MAPE when a MASE is undefined, e.g. a series that never changed); on a tie (within
 * TIE_MARGIN), the simpler method. With no origin to test from (3 points), the linear trend is taken.
 */
export function chooseMethod(values: readonly number[], lastYear: number, horizon: number, methods: readonly MethodSpec[] = METHODS): MethodChoice {
  const n = values.length;
  const fits = methods.filter((m) => n >= m.minPointsForIntervals);
  const givesWay = (m: MethodSpec) => m.givesWayTo !== undefined && n >= m.givesWayTo.fromPoints && fits.some((o) => o.method === m.givesWayTo?.method);
  const isCandidate = fits.map((m) => !givesWay(m));
  const skipped = methods.filter((m) => n < m.minPointsForIntervals).map((m) => ({ method: m.method, needs: m.minPointsForIntervals }));
  if (!fits.length) throw new RangeError(`no method can forecast ${n} points`);
  const skippedText = skipped.length ? ` ${skipped.map((s) => `${s.method} not tried (needs ${s.needs} known years, has ${n})`).join("; ")}.` : "";
  const gaveWay = (m: MethodSpec) => `not a candidate from ${m.givesWayTo?.fromPoints} known years: ${m.givesWayTo?.why}`;

  const firstOrigin = Math.max(3, ...fits.map((m) => m.minPoints));
  if (firstOrigin >= n) {
    const chosen = fits[isCandidate.indexOf(true)];
    return {
      chosen,
      criterion: null,
      backtests: [],
      skipped,
      reason: `${chosen.method}: ${n} known years leave none to hold out, so nothing could be back-tested; the simplest method was taken.${skippedText}`,
    };
  }

  // Every method that fits is back-tested (a planner sees them all); only candidates can be chosen.
  const backtests = fits.map((m) => backtest(m, values, lastYear, { firstOrigin, maxHorizon: horizon }));
  const criterion = backtests.every((b) => b.mase !== null) ? "MASE" : backtests.every((b) => b.mape !== null) ? "MAPE" : null;
  const errorOf = (b: BacktestResult) => (criterion === "MASE" ? b.mase! : criterion === "MAPE" ? b.mape! : 0);
  let best = isCandidate.indexOf(true);
  for (let i = best + 1; i < backtests.length; i++) {
    if (isCandidate[i] && errorOf(backtests[i]) < errorOf(backtests[best]) * (1 - TIE_MARGIN)) best = i;
  }
  const chosen = fits[best];
  const b = backtests[best];
  const forecasts = b.points.length;
  const basis = `${b.origins} rolling origin${b.origins === 1 ? "" : "s"} (${forecasts} forecast${forecasts === 1 ? "" : "s"} of the known years, up to ${Math.min(horizon, n - firstOrigin)} year${Math.min(horizon, n - firstOrigin) === 1 ? "" : "s"} ahead)`;
  const outside = fits.filter((_, i) => !isCandidate[i]);
  if (criterion === null) {
    const outsideText = outside.length ? ` ${outside.map((m) => `${m.method} ${gaveWay(m)}`).join("; ")}.` : "";
    return {
      chosen,
      criterion,
      backtests,
      skipped,
      reason: `${chosen.method}: the back-test errors are undefined (every actual is 0 and nothing changed), so the simplest method was taken.${outsideText}${skippedText}`,
    };
  }
  const rivals = backtests.filter((_, i) => i !== best && isCandidate[i]).map((o) => `${o.method} ${fmt(errorOf(o))}`);
  const compared = backtests.filter((_, i) => !isCandidate[i]).map((o, k) => `${o.method} ${fmt(errorOf(o))} (${gaveWay(outside[k])})`);
  const lowest = Math.min(...backtests.filter((_, i) => isCandidate[i]).map(errorOf));
  const standing =
    errorOf(b) > lowest
      ? `back-test ${criterion} ${fmt(errorOf(b))}, within ${100 * TIE_MARGIN} % of the lowest and simpler,`
      : `lowest back-test ${criterion} (${fmt(errorOf(b))})`;
  const others = [...rivals, ...compared];
  const alone = rivals.length ? "" : `, the only candidate for ${n} known years`;
  const reason = `${chosen.method}: ${standing} over ${basis}${alone}${others.length ? `; ${others.join(", ")}` : ""}.${skippedText}`;
  return { chosen, criterion, backtests, skipped, reason };
}
