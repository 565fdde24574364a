/**
 * The models of etl/models in dependency order: every entry reads only `ref.*`, `raw.*`,
 * `lineage.*`, `link.*`, the `util`/`mdl`/`lnk` macros and the `main.*` tables of the entries
 * before it. `macros` files define macros (no table); `table` files are one model each,
 * `create or replace table main.<name> as with … select * from final`.
 */
export type ModelLayer = "seed" | "macros" | "staging" | "intermediate" | "mart";

export interface ModelEntry {
  /** The table the file creates (`main.<name>`), or the macro file's name. */
  readonly name: string;
  readonly layer: ModelLayer;
  /** Path under etl/models/. */
  readonly file: string;
  /** Whether the file creates the table `main.<name>` (false for macro files). */
  readonly createsTable: boolean;
}

const seed = (name: string): ModelEntry => ({ name, layer: "seed", file: `seeds/${name}.sql`, createsTable: true });
const staging = (name: string): ModelEntry => ({ name, layer: "staging", file: `staging/${name}.sql`, createsTable: true });
const intermediate = (name: string): ModelEntry => ({ name, layer: "intermediate", file: `intermediate/${name}.sql`, createsTable: true });
const mart = (name: string): ModelEntry => ({ name, layer: "mart", file: `marts/${name}.sql`, createsTable: true });

export const MODEL_MANIFEST: readonly ModelEntry[] = Object.freeze([
  seed("seed_legal_forms"),
  seed("seed_unit_statuses"),
  seed("seed_ownerships"),
  seed("seed_union_sectors"),
  seed("seed_vsic_divisions"),
  seed("seed_size_bands"),
  seed("seed_admin_district_units"),
  { name: "model_macros", layer: "macros", file: "macros/model_macros.sql", createsTable: false },
  { name: "link_macros", layer: "macros", file: "macros/link_macros.sql", createsTable: false },
  staging("stg_tax__enterprises"),
  staging("stg_si__contributions"),
  staging("stg_stats__enterprise_survey"),
  staging("stg_labour__workforce_reports"),
  staging("stg_labour__collective_agreements"),
  staging("stg_union__grassroots_unions"),
  staging("stg_union__membership"),
  staging("stg_union__finance"),
  intermediate("int_tax_snapshots"),
  intermediate("int_employer_units"),
  // the linker (README "Linking"): normalise, block, compare, decide; then the links
  intermediate("int_link_areas"),
  intermediate("int_link_decisions"),
  intermediate("int_link_parameters"),
  intermediate("int_link_units"),
  intermediate("int_link_tokens"),
  intermediate("int_link_records"),
  intermediate("int_link_candidates"),
  intermediate("int_link_matches"),
  intermediate("int_link_review_queue"),
  intermediate("int_link_keys"),
  intermediate("int_unit_links"),
  intermediate("int_unit_activity"),
  intermediate("int_unit_years"),
  intermediate("int_si_latest_months"),
  intermediate("int_si_unit_months"),
  intermediate("int_unit_year_workers"),
  intermediate("int_unions"),
  intermediate("int_agreements"),
  mart("dim_admin_unit"),
  mart("dim_sector"),
  mart("dim_date"),
  mart("dim_employer_unit"),
  mart("dim_union"),
  mart("fct_si_monthly"),
  mart("fct_membership_yearly"),
  mart("fct_agreements"),
  mart("fct_finance"),
  mart("fct_finance_monthly"),
  mart("fct_fee_payment_months"),
  mart("mart_unit_year"),
  mart("mart_unit_month_finance"),
  mart("mart_unit_year_sources"),
  // what the API reads of the linker and the workers' sources (it reads no int_ table)
  mart("dim_source_key"),
  mart("mart_link_review_queue"),
  mart("mart_link_rates"),
  mart("mart_unlinked_source_rows"),
  mart("mart_unit_year_workers_by_source"),
  // rollups the analytics planner reads (queries/semantic/rollups.catalog.ts)
  mart("rollup_unit_year"),
  mart("rollup_finance_month"),
  mart("rollup_uncovered_units"),
]);

/** The directory holding the model files. */
export const MODELS_DIR = new URL("../models/", import.meta.url);
