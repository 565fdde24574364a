import type { Compilable, InferResult, Kysely } from "kysely";

/**
 * The warehouse tables the API reads, as Kysely sees them (schema `main` unless
 * prefixed). This is the one place that names warehouse tables and columns for the
 * API: when the ETL renames one, this file and the queries that the compiler then
 * flags change, nothing else. DuckDB returns BIGINT/HUGEINT as JS `bigint` and DATE
 * as a JS `Date` at UTC midnight.
 */
export interface Database {
  mart_unit_year: MartUnitYearTable;
  "ref.admin_units_before_2025": RefAdminUnitsBefore2025Table;
  "ref.admin_units_from_2025": RefAdminUnitsFrom2025Table;
  dim_sector: DimSectorTable;
  mart_unit_year_sources: MartUnitYearSourcesTable;
  dim_union: DimUnionTable;
  fct_agreements: FctAgreementsTable;
  fct_si_monthly: FctSiMonthlyTable;
  fct_finance: FctFinanceTable;
  "lineage.batches": LineageBatchesTable;
  fct_membership_yearly: FctMembershipYearlyTable;
  mart_unit_month_finance: MartUnitMonthFinanceTable;
  mart_unit_year_workers_by_source: MartUnitYearWorkersBySourceTable;
  mart_link_rates: MartLinkRatesTable;
  mart_unlinked_source_rows: MartUnlinkedSourceRowsTable;
  "ref.targets": RefTargetsTable;
  "quarantine.rejected_rows": QuarantineRejectedRowsTable;
  dim_employer_unit: DimEmployerUnitTable;
  dim_source_key: DimSourceKeyTable;
  mart_link_review_queue: MartLinkReviewQueueTable;
  "link.decisions": LinkDecisionsTable;
}

export type Db = Kysely<Database>;

/**
 * The row of the query a function builds (`RowOf<typeof unionsQuery>`): a query's row type
 * is the one its select list infers from `Database`, so no row is typed twice.
 */
export type RowOf<Query extends (...args: never[]) => Compilable<unknown>> = InferResult<ReturnType<Query>>[number];

/** One employer unit in one year, with every measure of docs/DOMAIN.md § Measures (grain: tax_code, year). */
export interface MartUnitYearTable {
  tax_code: string;
  year: number;
  parent_tax_code: string | null;
  name: string;
  /** Lower case, no diacritics, đ → d, runs of non-alphanumerics → one space (`util.fold`). */
  name_folded: string;
  legal_form: string | null;
  ownership: string | null;
  vsic: string | null;
  sector_section: string | null;
  commune_code: string | null;
  district_code: string | null;
  new_commune_code: string | null;
  new_province_code: string | null;
  industrial_zone: string | null;
  status: string | null;
  registered_on: Date | null;
  closed_on: Date | null;
  active: boolean;
  workers: number | null;
  workers_source: string;
  size_band: string | null;
  in_scope_20: boolean;
  has_union: boolean;
  union_codes: string[] | null;
  upper_union: string | null;
  members: number | null;
  new_members: number | null;
  left_members: number | null;
  agreement_in_force: boolean;
  si_months: number | null;
  salary_fund: bigint | null;
  fee_due: bigint | null;
  fee_paid: bigint | null;
  arrears: bigint | null;
  member_dues_paid: bigint | null;
  nonpayer: boolean;
  /** Social-insurance arrears at 31 December (so_no of December), VND (docs/DOMAIN.md § SI arrears). */
  si_arrears: bigint;
  /** Funded wholly by the state budget, the year's last SI month's; null without SI (docs/DOMAIN.md § Fee exemption). */
  state_budget_funded: boolean | null;
  /** Union fee of the year's months received by its deadline, and after it (docs/DOMAIN.md § On-time payment). */
  fee_paid_on_time: bigint;
  fee_paid_late: bigint;
  paid_late: boolean;
}

/**
 * The administrative units in force before 1 July 2025 (etl/reference), one row per
 * commune; a district without communes (Cồn Cỏ) has one row with no commune. The API
 * reads the reference lists rather than dim_admin_unit, which has no row for such a
 * district: closed lists must name every district.
 */
export interface RefAdminUnitsBefore2025Table {
  province_code: string;
  province_name: string;
  district_code: string;
  district_name: string;
  commune_code: string | null;
  commune_name: string | null;
  /** Xã, Phường, Thị trấn (NULL for a district without communes). */
  commune_type: string | null;
}

/** The commune-level units from 1 July 2025 (no district level). */
export interface RefAdminUnitsFrom2025Table {
  province_code: string;
  province_name: string;
  commune_code: string;
  commune_name: string;
}

/** VSIC 2018 sections A–U. */
export interface DimSectorTable {
  section: string;
  name_vi: string;
  /** Its two-digit divisions, `10-33` or `35`, comma-separated. */
  divisions: string | null;
  /** `VSIC2018`. */
  classification: string;
}

/**
 * What each agency says about each unit per year, as the unit page lists it (grain:
 * dataset, batch_id, line_no; ordered by tax_code): the latest tax snapshot (year NULL:
 * every year), the survey and labour rows of the year, the SI row of its last month.
 */
export interface MartUnitYearSourcesTable {
  tax_code: string;
  /** NULL for the tax registry snapshot, which every year shows. */
  year: number | null;
  dataset: string;
  /** 1 tax registry, 2 statistics survey, 3 labour reports, 4 social insurance. */
  source_order: number;
  /** `yyyy-mm-dd` (tax snapshot), `yyyy` (survey), `yyyy-H1|H2` (labour), `yyyy-mm` (SI). */
  period: string;
  reported_name: string | null;
  workers: number | null;
  method: string;
  confidence: number;
  batch_id: bigint;
  line_no: bigint;
}

/** Source rows per dataset and link method (grain: dataset, method; UNLINKED included). */
export interface MartLinkRatesTable {
  dataset: string;
  method: string;
  source_rows: bigint;
  /** Of those, rows linked to no unit. */
  unlinked_rows: bigint;
  /** Mean confidence of the rows' links, 0 to 1 (0 for UNLINKED). */
  mean_confidence: number;
}

/** The source rows linked to no employer unit (grain: dataset, batch_id, line_no). */
export interface MartUnlinkedSourceRowsTable {
  dataset: string;
  batch_id: bigint;
  line_no: bigint;
  source_key: string | null;
  /** The tax code as the source row gives it (normalised), when it gives one. */
  source_tax_code: string | null;
  /** The unit's (or union's) name as the source row gives it. */
  source_name: string | null;
  /** First day of the period the row describes. */
  period_start: Date | null;
}

/** Grassroots unions (CĐCS) with the unit each organises (grain: union_code). */
export interface DimUnionTable {
  union_code: string;
  union_name: string;
  /** The linked employer unit; NULL for a union linked to no unit. */
  tax_code: string | null;
  link_method: string | null;
  link_confidence: number | null;
  upper_union: string | null;
  sector: string | null;
  employer_name: string | null;
  address: string | null;
  commune_code: string | null;
  founded_on: Date;
  dissolved_on: Date | null;
}

/** Registered collective agreements (TULĐTT), with the expiry already resolved. */
export interface FctAgreementsTable {
  /** `tax_code|signed_on`, or `row:batch:line` for an agreement linked to no unit. */
  agreement_key: string;
  /** NULL for an agreement linked to no unit. */
  tax_code: string | null;
  /** The tax code as the agreement gives it. */
  source_tax_code: string | null;
  employer_name: string | null;
  signed_on: Date;
  effective_on: Date;
  expires_on: Date;
  /** Where expires_on came from: EXPIRY_DATE (given) or TERM_MONTHS (effective_on + term). */
  expiry_source: string | null;
  term_months: number | null;
  workers_covered: number | null;
  link_method: string | null;
  batch_id: bigint;
  line_no: bigint;
}

/** Social insurance per unit and month. */
export interface FctSiMonthlyTable {
  tax_code: string;
  month: Date;
  year: number;
  quarter: number;
  /** The SI unit codes (mã đơn vị BHXH) whose rows make the unit's month. */
  si_unit_codes: string[];
  si_rows: number;
  insured_workers: number;
  salary_fund: bigint;
  /** The union fee rate in force (ref.rates): DECIMAL, arrives as a number. */
  union_fee_rate: number | null;
  union_fee_due: bigint;
  /** SI arrears at month end (so_no), VND. */
  si_arrears: bigint | null;
  /** Funded wholly by the state budget this month (docs/DOMAIN.md § Fee exemption). */
  state_budget_funded: boolean | null;
}

/** Union fee (KPCĐ) and member dues received, per payer and period. */
export interface FctFinanceTable {
  batch_id: bigint;
  line_no: bigint;
  tax_code: string | null;
  /** The tax code as the receipt gives it. */
  source_tax_code: string | null;
  link_method: string | null;
  union_code: string | null;
  /** The period as written (`06/2024`, `Q2/2024`, `2024`). */
  period_text: string | null;
  /** MONTH, QUARTER or YEAR. */
  period_grain: string;
  period_start: Date;
  period_end: Date;
  /** `2024-06`, `2024-Q2`, `2024`. */
  period_key: string;
  year: number;
  quarter: number | null;
  month: number | null;
  fee_paid: bigint;
  dues_paid: bigint | null;
  paid_on: Date | null;
}

/** One row per ingested file. */
export interface LineageBatchesTable {
  batch_id: bigint;
  dataset: string;
  file_path: string;
  file_name: string;
  file_format: string;
  sha256: string;
  file_bytes: bigint;
  encoding: string | null;
  delimiter: string | null;
  sheet: string | null;
  /** The snapshot date the file is as of (its name or contents), when it has one. */
  as_of: Date | null;
  period: string | null;
  /** The periods (or keys) this batch replaced. */
  period_keys: string[] | null;
  rows_read: bigint;
  rows_loaded: bigint;
  rows_rejected: bigint;
  rows_replaced: bigint;
  status: string;
  /** Why a file was rejected whole. */
  message: string | null;
  /** Columns of the file the contract does not know (kept in each row's `extra`). */
  columns_unknown: string[] | null;
  started_at: Date;
  finished_at: Date | null;
  duration_ms: bigint | null;
}

/** One membership return per grassroots union and year (the latest), linked to its unit through the union. */
export interface FctMembershipYearlyTable {
  union_code: string;
  year: number;
  /** NULL when the union is linked to no unit. */
  tax_code: string | null;
  link_method: string | null;
  upper_union: string | null;
  /** Workers the union reports. */
  workers: number | null;
  members: number;
  new_members: number;
  left_members: number;
  net_growth: number;
  female_members: number | null;
  batch_id: bigint;
  line_no: bigint;
}

/**
 * Union-fee collection per unit and month (grain: tax_code, month): fee due, the
 * payments placed on the month (QUARTER and YEAR payments spread over their months in
 * proportion to the fee due, see the model), member dues paid and expected.
 */
export interface MartUnitMonthFinanceTable {
  tax_code: string;
  month: Date;
  year: number;
  quarter: number;
  insured_workers: number;
  salary_fund: bigint;
  fee_due: bigint;
  fee_paid: bigint;
  arrears: bigint;
  member_dues_paid: bigint;
  members: number;
  expected_member_dues: bigint;
  /** The unit has a social-insurance record for the month. */
  has_si: boolean;
  /** Payments with a share on this month. */
  payments: number;
  payment_grains: string[];
  last_paid_on: Date | null;
  /** Fee placed on the month received by its deadline, and after it (docs/DOMAIN.md § On-time payment). */
  fee_paid_on_time: bigint;
  fee_paid_late: bigint;
  /** SI arrears at month end, VND. */
  si_arrears: bigint | null;
  /** Funded wholly by the state budget this month (docs/DOMAIN.md § Fee exemption). */
  state_budget_funded: boolean | null;
}

/**
 * workers(u, Y) with the source used, and each agency's own value, for the unit-years two or
 * more agencies report (grain: tax_code, year; for conflicts between sources).
 */
export interface MartUnitYearWorkersBySourceTable {
  tax_code: string;
  year: number;
  workers: number | null;
  workers_source: string;
  stats_workers: number | null;
  labour_h2_workers: number | null;
  labour_h1_workers: number | null;
  si_workers: number | null;
}

/** The action program's targets (etl/reference/targets.csv): data, not code. */
export interface RefTargetsTable {
  target_id: string;
  metric: string;
  from_year: number;
  to_year: number;
  /** `>=` or `<=`. */
  comparison: string;
  /** DECIMAL: arrives as a number. */
  value: number;
  unit: string | null;
  program_line: string | null;
}

/** Rows an ingest refused, with the reason and the original row. */
export interface QuarantineRejectedRowsTable {
  batch_id: bigint;
  dataset: string;
  file_name: string;
  line_no: bigint;
  reason_code: string;
  message: string;
  /** The original row as JSON text, under the file's own headers. */
  original: string | null;
  /** Set when a retried row (UNKNOWN_UNION) was loaded by a later build. */
  released_at: Date | null;
}

/** Employer units, one row each, with their latest description (grain: tax_code). */
export interface DimEmployerUnitTable {
  tax_code: string;
  /** The first 10 digits: the head office's code for a branch. */
  root_tax_code: string;
  is_branch: boolean;
  parent_tax_code: string | null;
  /** The source the unit itself comes from: TAX, STATS, LABOUR, SI, UNION… */
  registry_source: string;
  name: string;
  name_folded: string;
  address: string | null;
  legal_form: string | null;
  legal_form_text: string | null;
  ownership: string | null;
  vsic: string | null;
  sector_section: string | null;
  sector_name: string | null;
  commune_code: string | null;
  commune_name: string | null;
  district_code: string | null;
  district_name: string | null;
  province_code: string | null;
  new_commune_code: string | null;
  new_commune_name: string | null;
  new_province_code: string | null;
  industrial_zone: string | null;
  status: string | null;
  status_text: string | null;
  registered_on: Date | null;
  closed_on: Date | null;
  snapshot_on: Date | null;
  first_seen_on: Date | null;
  last_seen_on: Date | null;
  active_from: Date | null;
  closed_effective_on: Date | null;
  source_datasets: string[] | null;
  latest_workers_year: number | null;
  latest_workers: number | null;
  latest_workers_source: string | null;
  size_band: string | null;
}

/** One row per link key with a source key (what link decisions name), and its link (grain: dataset, source_key, source_tax_code). */
export interface DimSourceKeyTable {
  dataset: string;
  source_key: string;
  source_tax_code: string | null;
  /** The linked unit; NULL when the key links to none. */
  tax_code: string | null;
  method: string;
  confidence: number;
  /** The analyst's decision that set the link, if one did. */
  decision: string | null;
  /** UNION for a membership return's key, which links through its union's link; else NULL. */
  linked_through: string | null;
  source_rows: bigint;
  first_period_start: Date | null;
  last_period_start: Date | null;
}

/** Candidates of the records the linker did not link, with both sides' evidence (the analysts' review queue). */
export interface MartLinkReviewQueueTable {
  dataset: string;
  /** The union code (union registry) or SI unit code (social insurance): what decisions name. */
  source_key: string;
  /** The candidate unit. */
  tax_code: string;
  /** 1 = the linker's best candidate for the record. */
  candidate_rank: bigint;
  /** Why the best candidate was not linked: BELOW_THRESHOLD, NAME_DISAGREES, AMBIGUOUS, CONFLICT. */
  reason: string | null;
  /** For CONFLICT: the source already linked to the unit in the same period. */
  conflict_source_key: string | null;
  match_probability: number;
  match_weight: number;
  blocking_rules: string[];
  tax_code_level: string;
  name_level: string;
  legal_form_level: string;
  location_level: string;
  name_jaro_winkler: number | null;
  name_token_overlap: number;
  source_name_reading: string | null;
  name_expansions: string[] | null;
  source_name_core: string | null;
  unit_name_core: string | null;
  name_reading_weight: number | null;
  source_name: string | null;
  source_tax_code_text: string | null;
  source_address: string | null;
  source_commune_code: string | null;
  source_valid_from: Date | null;
  source_valid_to: Date | null;
  source_rows: bigint;
  source_batch_id: bigint;
  source_line_no: bigint;
  unit_name: string | null;
  unit_address: string | null;
  unit_commune_code: string | null;
  unit_legal_form: string | null;
  unit_status: string | null;
}

/** What analysts decided on a (source, unit) pair, never rewritten by a build. */
export interface LinkDecisionsTable {
  dataset: string;
  source_key: string;
  tax_code: string;
  /** ACCEPT or REJECT. */
  decision: string;
  decided_by: string;
  decided_at: Date;
  note: string | null;
}
