/**
 * Keys of the models, for incremental builds (etl/build/incremental-plan.ts): how a change
 * in one input reaches only some rows of a model.
 *
 * A model declares key dimensions: for each, an expression over its own rows (`out`) and,
 * for some of its inputs, an expression over the input's rows. The declaration is a
 * promise: **the model's rows whose `out` value is v depend only on the rows of each listed
 * input whose expression is v** (and on any rows of the inputs not listed). So when listed
 * inputs change, the build recomputes only the model's rows whose key is among the keys of
 * the changed input rows (old and new), reading only the listed inputs' rows of those keys,
 * and keeps the other rows. An input that changed and is listed in no dimension of the
 * model makes it rebuild whole; a model with no declaration rebuilds whole whenever an
 * input changed.
 *
 * `filters` only narrow what a partial rebuild reads (rows of a source linked to the
 * units rebuilt); they are not keys.
 *
 * Raw tables and lineage.batches change by batch: their expression must be `batch_id`.
 * `columns` names the input columns the model reads, when it reads few of a wide input: a
 * change in the other columns does not reach it (e.g. the link keys' row counts).
 *
 * test/etl/incremental-build.test.ts builds the sample both ways (incremental and full)
 * after a new month of social insurance and a corrected half-year of labour reports, and
 * compares every table row for row.
 */

export interface KeyedInput {
  /** Dimension name → expression over the input's rows. */
  readonly keys: Readonly<Record<string, string>>;
  /**
   * Dimension name → a condition selecting (at least) the input's rows that the model's rows
   * of the keys need, `$IN(expr)` standing for "expr is one of the keys": for inputs that
   * reach the dimension through another table (a source row reaches its unit through the
   * link keys). Only read filters: a change of the input itself must be keyed in `keys`.
   */
  readonly filters?: Readonly<Record<string, string>>;
  /** The input's columns the model reads (default: all). */
  readonly columns?: readonly string[];
}

export interface ModelKeys {
  /** Dimension name → expression over the model's rows. */
  readonly dims: Readonly<Record<string, string>>;
  /** Qualified input (`main.x`, `raw.x`) → its keys. */
  readonly inputs: Readonly<Record<string, KeyedInput>>;
}

/** The columns of int_link_keys that say where a source key links (not its row counts or periods). */
const LINK = ["dataset", "source_key", "source_tax_code", "tax_code", "method", "confidence", "decision", "linked_through"];

/** Source rows of `dataset` whose link key (`column` as the source key) links to one of the keys (units); rows without a key always. */
const linkedTo = (dataset: string, column: string) =>
  `(${column} is null or ${column} in (select l.source_key from main.int_link_keys l where l.dataset = '${dataset}' and $IN(l.tax_code)))`;

const byBatch = (raw: string, extra: Record<string, KeyedInput> = {}): ModelKeys => ({
  dims: { batch: "batch_id" },
  inputs: { [raw]: { keys: { batch: "batch_id" } }, ...extra },
});

export const MODEL_KEYS: Readonly<Record<string, ModelKeys>> = Object.freeze({
  // staging: one row per raw row, nothing across rows
  stg_tax__enterprises: byBatch("raw.tax_enterprises"),
  stg_si__contributions: byBatch("raw.si_contributions"),
  stg_stats__enterprise_survey: byBatch("raw.stats_enterprise_survey"),
  stg_labour__workforce_reports: byBatch("raw.labour_workforce_reports"),
  stg_labour__collective_agreements: byBatch("raw.labour_collective_agreements"),
  stg_union__grassroots_unions: byBatch("raw.union_grassroots_unions"),
  stg_union__membership: byBatch("raw.union_membership"),
  stg_union__finance: byBatch("raw.union_finance"),
  // the tax registry's rows dated (a row without a date takes its batch's as-of date) and their codes mapped: row by row
  int_tax_snapshots: byBatch("main.stg_tax__enterprises", { "lineage.batches": { keys: { batch: "batch_id" } } }),

  // the linker: a source record's row and candidates depend on that record's source rows
  int_link_records: {
    dims: { record: "source_key" },
    inputs: {
      "main.stg_si__contributions": { keys: { record: "si_unit_code" } },
      "main.stg_union__grassroots_unions": { keys: { record: "union_code" } },
    },
  },
  int_link_candidates: {
    dims: { record: "source_key" },
    inputs: { "main.int_link_records": { keys: { record: "source_key" } } },
  },
  // every source row with its link: by the row's batch, or by its link key
  int_unit_links: {
    dims: { batch: "batch_id", key: "source_key" },
    inputs: {
      "main.int_tax_snapshots": { keys: { batch: "batch_id" }, filters: { key: "$IN(tax_code)" } },
      "main.stg_si__contributions": { keys: { batch: "batch_id" }, filters: { key: "$IN(si_unit_code)" } },
      "main.stg_stats__enterprise_survey": { keys: { batch: "batch_id" }, filters: { key: "$IN(tax_code)" } },
      "main.stg_labour__workforce_reports": { keys: { batch: "batch_id" }, filters: { key: "$IN(tax_code)" } },
      "main.stg_labour__collective_agreements": { keys: { batch: "batch_id" }, filters: { key: "$IN(tax_code)" } },
      "main.stg_union__grassroots_unions": { keys: { batch: "batch_id" }, filters: { key: "$IN(union_code)" } },
      "main.stg_union__finance": { keys: { batch: "batch_id" }, filters: { key: "$IN(tax_code)" } },
      "main.stg_union__membership": { keys: { batch: "batch_id" }, filters: { key: "$IN(union_code)" } },
      "main.int_link_keys": { keys: { key: "source_key" }, columns: LINK },
    },
  },
  int_unit_activity: {
    dims: { unit: "tax_code" },
    inputs: {
      "main.int_employer_units": { keys: { unit: "tax_code" } },
      "main.int_link_keys": { keys: { unit: "tax_code" } },
    },
  },
  int_si_latest_months: {
    dims: { year: "year", unit: "tax_code" },
    inputs: {
      "main.stg_si__contributions": { keys: { year: "year" }, filters: { unit: linkedTo("si_contributions", "si_unit_code") } },
      "main.int_link_keys": { keys: { unit: "tax_code" }, columns: LINK },
    },
  },
  int_si_unit_months: {
    dims: { year: "year", unit: "tax_code" },
    inputs: { "main.int_si_latest_months": { keys: { year: "year", unit: "tax_code" } } },
  },
  int_unit_year_workers: {
    dims: { year: "year", unit: "tax_code" },
    inputs: {
      "main.int_unit_years": { keys: { year: "year", unit: "tax_code" } },
      "main.stg_stats__enterprise_survey": { keys: { year: "year" }, filters: { unit: linkedTo("stats_enterprise_survey", "tax_code") } },
      "main.stg_labour__workforce_reports": { keys: { year: "year" }, filters: { unit: linkedTo("labour_workforce_reports", "tax_code") } },
      "main.int_si_unit_months": { keys: { year: "year", unit: "tax_code" } },
      "main.int_link_keys": { keys: { unit: "tax_code" }, columns: LINK },
    },
  },

  // marts
  dim_employer_unit: {
    dims: { unit: "tax_code" },
    inputs: {
      "main.int_employer_units": { keys: { unit: "tax_code" } },
      "main.int_unit_activity": { keys: { unit: "tax_code" } },
      "main.int_unit_year_workers": { keys: { unit: "tax_code" } },
    },
  },
  fct_si_monthly: {
    dims: { year: "year", unit: "tax_code" },
    inputs: {
      "main.int_si_unit_months": { keys: { year: "year", unit: "tax_code" } },
      "main.int_employer_units": { keys: { unit: "tax_code" } },
    },
  },
  fct_finance: {
    dims: { batch: "batch_id", unit: "tax_code" },
    inputs: {
      "main.stg_union__finance": { keys: { batch: "batch_id" }, filters: { unit: linkedTo("union_finance", "tax_code") } },
      "main.int_link_keys": { keys: { unit: "tax_code" }, columns: LINK },
    },
  },
  fct_finance_monthly: {
    dims: { year: "year", unit: "tax_code" },
    inputs: { "main.fct_finance": { keys: { year: "year", unit: "tax_code" } } },
  },
  // a payment's months lie in its period, and a period in one calendar year
  fct_fee_payment_months: {
    dims: { year: "year", unit: "tax_code" },
    inputs: {
      "main.fct_finance": { keys: { year: "year", unit: "tax_code" } },
      "main.fct_si_monthly": { keys: { year: "year", unit: "tax_code" } },
      "main.dim_employer_unit": { keys: { unit: "tax_code" } },
    },
  },
  mart_unit_year: {
    dims: { year: "year", unit: "tax_code" },
    inputs: {
      "main.int_unit_years": { keys: { year: "year", unit: "tax_code" } },
      "main.dim_employer_unit": { keys: { unit: "tax_code" } },
      "main.int_unit_year_workers": { keys: { year: "year", unit: "tax_code" } },
      "main.int_unions": { keys: { unit: "tax_code" } },
      "main.fct_membership_yearly": { keys: { year: "year", unit: "tax_code" } },
      "main.int_agreements": { keys: { unit: "tax_code" } },
      "main.fct_si_monthly": { keys: { year: "year", unit: "tax_code" } },
      "main.fct_fee_payment_months": { keys: { year: "year", unit: "tax_code" } },
      "main.fct_finance": { keys: { year: "year(period_start)", unit: "tax_code" } },
    },
  },
  mart_unit_month_finance: {
    dims: { year: "year", unit: "tax_code" },
    inputs: {
      "main.fct_si_monthly": { keys: { year: "year", unit: "tax_code" } },
      "main.fct_fee_payment_months": { keys: { year: "year", unit: "tax_code" } },
      "main.mart_unit_year": { keys: { year: "year", unit: "tax_code" } },
    },
  },
  // the tax registry's row of a unit has no year (NULL): every tax row is key NULL
  mart_unit_year_sources: {
    dims: { year: "year", unit: "tax_code" },
    inputs: {
      "main.int_tax_snapshots": { keys: { year: "null::integer" }, filters: { unit: linkedTo("tax_enterprises", "tax_code") } },
      "main.stg_stats__enterprise_survey": { keys: { year: "year" }, filters: { unit: linkedTo("stats_enterprise_survey", "tax_code") } },
      "main.stg_labour__workforce_reports": { keys: { year: "year" }, filters: { unit: linkedTo("labour_workforce_reports", "tax_code") } },
      "main.stg_si__contributions": { keys: { year: "year" }, filters: { unit: linkedTo("si_contributions", "si_unit_code") } },
      "main.int_link_keys": { keys: { unit: "tax_code" }, columns: LINK },
    },
  },
  rollup_unit_year: {
    dims: { year: "year" },
    inputs: { "main.mart_unit_year": { keys: { year: "year" } } },
  },
  rollup_finance_month: {
    dims: { year: "year(month)" },
    inputs: {
      "main.mart_unit_month_finance": { keys: { year: "year" } },
      "main.mart_unit_year": { keys: { year: "year" } },
    },
  },
  rollup_uncovered_units: {
    dims: { year: "year", unit: "tax_code" },
    inputs: { "main.mart_unit_year": { keys: { year: "year", unit: "tax_code" } } },
  },
});
