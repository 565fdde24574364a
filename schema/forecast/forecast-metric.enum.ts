import { registerEnumType } from "type-graphql";
import { FORECAST_METHODS, type ForecastMethodName } from "../../core/forecasting/model.js";
import { FORECAST_METRICS, type ForecastMetric as ForecastMetricCode } from "../../queries/forecast.js";

export const ForecastMetric = Object.freeze(Object.fromEntries(FORECAST_METRICS.map((m) => [m, m])) as { readonly [M in ForecastMetricCode]: M });

registerEnumType(ForecastMetric, {
  name: "ForecastMetric",
  description: "A yearly measure (docs/DOMAIN.md § Measures, values at 31 December) that can be forecast.",
  valuesConfig: {
    NEW_MEMBERS: {
      description:
        "New members admitted in the year: Σ `ket_nap_moi` of the year's returns of the units' unions; without a filter also those of unions linked to no unit (they have no dimension value but their upper union).",
    },
    MEMBERS: { description: "Members at year end: Σ `so_doan_vien` of the year's returns, counted as NEW_MEMBERS." },
    COVERAGE_RATE: { description: "In-scope units (active, workers ≥ minWorkers) with a union ÷ in-scope units, in [0, 1]." },
    AGREEMENT_RATE: {
      description: "Active units with a union and a collective agreement (TULĐTT) in force at 31 December ÷ active units with a union, in [0, 1].",
    },
    UNION_DENSITY: { description: "Members ÷ workers over the active units with a union and a workers figure, in [0, 1]." },
    UNION_FEE_PAID: { description: "Union fee (KPCĐ) paid for the periods of the year, VND." },
  },
});

export const ForecastMethod = Object.freeze(Object.fromEntries(FORECAST_METHODS.map((m) => [m, m])) as { readonly [M in ForecastMethodName]: M });

registerEnumType(ForecastMethod, {
  name: "ForecastMethod",
  description: "How a series is extrapolated. Every series is back-tested with each method its length allows, and the one with the lowest error is used.",
  valuesConfig: {
    LINEAR_TREND: {
      description: "Least-squares straight line over the years; prediction interval ŷ ± t(n−2)·s·√(1 + 1/n + (x₀ − x̄)²/Sxx). Needs 3 known years.",
    },
    HOLT: {
      description:
        "Holt's linear trend method (exponential smoothing of level and trend, FPP 3rd ed. §8.2), α and β* fitted by least squares. Needs 5 known years.",
    },
    HOLT_DAMPED: { description: "Holt's method with a damped trend (φ in [0.8, 0.98]) that flattens the further ahead it forecasts. Needs 6 known years." },
  },
});

export const BacktestMeasure = Object.freeze({ MASE: "MASE", MAPE: "MAPE" } as const);

registerEnumType(BacktestMeasure, {
  name: "BacktestMeasure",
  description: "The back-test error a method was chosen by.",
  valuesConfig: {
    MASE: {
      description:
        'Mean absolute scaled error: mean |error| ÷ the mean absolute year-on-year change of the years the forecast was made from; below 1 beats "same as last year".',
    },
    MAPE: { description: "Mean absolute percentage error (used when MASE is undefined: a series that never changed)." },
  },
});
