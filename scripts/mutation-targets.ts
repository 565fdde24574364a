/**
 * What `npm run mutate` mutates, and the tests that judge each module's mutants. The
 * tests are chosen by hand (the fastest files that exercise the module directly) rather
 * than by vitest's `related`: that follows every import through the server and would
 * run most of the suite for each module.
 */
export const MUTATION_TARGETS: Readonly<Record<string, readonly string[]>> = {
  "queries/access/suppression.ts": ["test/security/suppress-cells.test.ts", "test/security/access-rules.test.ts"],
  "queries/access/request-access.ts": ["test/security/access-rules.test.ts", "test/security/suppress-cells.test.ts"],
  "queries/access/scope-filter.ts": ["test/security/access-rules.test.ts"],
  "queries/access/suppress-results.ts": ["test/security/access-rules.test.ts"],
  "queries/coverage.ts": ["test/api/coverage.test.ts", "test/api/analytics-vs-truth.test.ts"],
  "queries/finance.ts": [
    "test/api/membership-finance.test.ts",
    "test/unit/year-period-ranges.test.ts",
    "test/api/finance-gaps-order.test.ts",
    "test/api/analytics-vs-truth.test.ts",
  ],
  "queries/membership.ts": ["test/api/membership-finance.test.ts", "test/unit/year-period-ranges.test.ts", "test/api/analytics-vs-truth.test.ts"],
  "queries/filters.ts": ["test/api/enterprise-filter.test.ts"],
  "queries/targets.ts": [
    "test/api/scorecard-rules.test.ts",
    "test/api/scorecard-quality.test.ts",
    "test/api/years-outside-data.test.ts",
    "test/semantic/one-definition.test.ts",
    "test/api/analytics-vs-truth.test.ts",
    "test/security/scope.test.ts",
  ],
  "queries/semantic/planner.ts": ["test/semantic/planner.test.ts"],
  "queries/semantic/measures.catalog.ts": ["test/semantic/measures-catalog.test.ts", "test/semantic/catalog-docs.test.ts"],
  "queries/semantic/conditions.catalog.ts": ["test/semantic/conditions-catalog.test.ts", "test/semantic/catalog-docs.test.ts"],
  "core/forecasting/holt.ts": ["test/forecast/holt.test.ts", "test/forecast/intervals.test.ts", "test/forecast/backtest.test.ts"],
  "core/forecasting/linear-trend.ts": ["test/forecast/linear-trend.test.ts", "test/forecast/intervals.test.ts"],
  "core/forecasting/student-t.ts": ["test/forecast/student-t.test.ts", "test/forecast/student-t-reference.test.ts", "test/forecast/intervals.test.ts"],
  "core/forecasting/prediction-intervals.ts": ["test/forecast/intervals.test.ts", "test/forecast/prediction-intervals.test.ts"],
  "core/forecasting/backtest.ts": ["test/forecast/backtest.test.ts"],
  "core/forecasting/choose-method.ts": ["test/forecast/backtest.test.ts", "test/forecast/forecast-series.test.ts"],
  "core/forecasting/nelder-mead.ts": ["test/forecast/nelder-mead.test.ts", "test/forecast/holt.test.ts"],
  "core/forecasting/model.ts": ["test/forecast/forecast-series.test.ts", "test/forecast/holt.test.ts", "test/forecast/linear-trend.test.ts"],
  "core/forecasting/forecast-series.ts": ["test/forecast/forecast-series.test.ts"],
  "core/forecasting/required-pace.ts": ["test/forecast/required-pace.test.ts"],
  "queries/forecast-cache.ts": ["test/forecast/cache.test.ts"],
  "server/plugins/complexity-limit.ts": ["test/unit/complexity-limit.test.ts"],
  "server/limits/depth-limit.ts": ["test/unit/query-limits.test.ts"],
  "server/limits/alias-limit.ts": ["test/unit/query-limits.test.ts"],
  "server/limits/answer-size.ts": ["test/unit/query-limits.test.ts"],
  "server/limits/expanded-size.ts": ["test/unit/query-limits.test.ts"],
  "server/response-cache.ts": ["test/unit/response-cache.test.ts"],
  "etl/ingest/validation-sql.ts": ["test/etl/ingest-negative.test.ts", "test/etl/ingest-formats.test.ts", "test/etl/ingest-lineage.test.ts"],
};

/** SQL files the SQL mutator (scripts/sql-mutate.ts) may mutate, and the tests run per mutant. */
export const SQL_MUTATION_TESTS: readonly string[] = [
  "test/warehouse/mart-boundaries.test.ts",
  "test/warehouse/union-dates.test.ts",
  "test/link/linker-competition.test.ts",
  "test/link/linker-scenario.test.ts",
  "test/link/stale-accept.test.ts",
  "test/link/link-thresholds.test.ts",
  "test/warehouse/models.test.ts",
  "test/e2e/api-vs-truth.test.ts",
];
export const SQL_MUTATION_GLOBS = { dirs: ["etl/models"], files: ["etl/warehouse/sql/macros.sql"] };
