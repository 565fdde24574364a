import type { DuckDBConnection } from "@duckdb/node-api";
import { quoteLiteral } from "../../core/warehouse/sql-text.js";
import { formatTaxCodeSql } from "../../queries/tax-code.js";
import { DATASET_IDS } from "../sources/index.js";

/**
 * A data test over the built models: `sql` selects the offending rows, each with a
 * `key` (text naming the row); the test passes when it selects none.
 */
export interface DataTest {
  readonly model: string;
  readonly test: string;
  readonly sql: string;
  /**
   * Each row passes or fails on its own (accepted values, not null, non-negative): after a
   * partial rebuild the test runs on the rebuilt rows only, the kept rows having passed it.
   */
  readonly rowLevel?: boolean;
}

export interface DataTestResult {
  readonly model: string;
  readonly test: string;
  readonly failures: number;
  /** Up to five offending keys. */
  readonly sample: readonly string[];
}

export const WORKERS_SOURCES = ["STATS", "LABOUR_H2", "LABOUR_H1", "SI", "NONE"] as const;
export const LEGAL_FORMS = ["TNHH_1TV", "TNHH_2TV", "CO_PHAN", "DNTN", "HOP_DANH", "HTX", "DNNN", "CHI_NHANH", "VP_DAI_DIEN", "KHAC"] as const;
export const UNIT_STATUSES = ["ACTIVE", "SUSPENDED", "CLOSED"] as const;
export const OWNERSHIPS = ["STATE", "NON_STATE", "FDI"] as const;
export const SIZE_BANDS = ["<5", "5-19", "20-49", "50-199", "200-999", "1000+"] as const;
export const LINK_METHODS = ["EXACT_TAX_CODE", "TAX_ROOT", "SI_UNIT_CODE", "TAX_CODE_VARIANT", "FUZZY_NAME", "UNLINKED", "ANALYST_ACCEPTED"] as const;
/** Comparison levels of the fuzzy linker (int_link_parameters). */
export const LINK_LEVELS = {
  tax_code: ["ONE_EDIT", "SAME_ROOT", "ROOT_ONE_EDIT", "DIFFERENT", "MISSING"],
  name: ["EXACT", "TOKENS_HIGH", "JW_HIGH", "TOKENS_MEDIUM", "DIFFERENT", "MISSING"],
  legal_form: ["SAME", "COMPATIBLE", "DIFFERENT", "MISSING"],
  location: ["SAME_ADDRESS", "SAME_COMMUNE", "SAME_AREA", "DIFFERENT", "MISSING"],
} as const;
export const LINK_STATUSES = ["LINKED", "REVIEW", "NO_MATCH"] as const;
export const LINK_REASONS = ["BELOW_THRESHOLD", "NAME_DISAGREES", "AMBIGUOUS", "CONFLICT"] as const;
export const REGISTRY_SOURCES = ["TAX", "STATS", "LABOUR", "AGREEMENTS", "SI", "FINANCE", "UNION"] as const;
export const UNION_SECTORS = ["HCSN", "DNNN", "NGOAI_NHA_NUOC", "FDI", "NGHIEP_DOAN", "KHAC"] as const;
export const FINANCE_GRAINS = ["MONTH", "QUARTER", "YEAR"] as const;
const SECTIONS = "ABCDEFGHIJKLMNOPQRSTU".split("");

/** A key value as the failure message shows it; tax codes in their official form (`3200123456-001`). */
const keyValue = (column: string) =>
  /tax_code$/.test(column) ? formatTaxCodeSql(`coalesce(${column}::varchar, 'NULL')`) : `coalesce(${column}::varchar, 'NULL')`;

const keyOf = (columns: readonly string[]) =>
  columns.length === 1 ? keyValue(columns[0]) : `'(' || concat_ws(', ', ${columns.map(keyValue).join(", ")}) || ')'`;

/** The grain: the columns are unique together and none is NULL. */
export function uniqueNotNull(model: string, columns: readonly string[]): DataTest {
  const cols = columns.join(", ");
  return {
    model,
    test: `unique_not_null(${cols})`,
    sql: `select ${keyOf(columns)} as key from (select ${cols}, count(*) as n from main.${model} group by all)
          where n > 1 or ${columns.map((c) => `${c} is null`).join(" or ")}`,
  };
}

/** The grain of a rollup: the columns are unique together, NULL being a value like any other (a unit without one). */
export function uniqueKey(model: string, columns: readonly string[]): DataTest {
  const cols = columns.join(", ");
  return {
    model,
    test: `unique_key(${cols})`,
    sql: `select ${keyOf(columns)} as key from (select ${cols}, count(*) as n from main.${model} group by all) where n > 1`,
  };
}

export function acceptedValues(model: string, column: string, values: readonly string[], options: { allowNull?: boolean } = {}): DataTest {
  const allowNull = options.allowNull ?? true;
  return {
    model,
    test: `accepted_values(${column})`,
    rowLevel: true,
    sql: `select ${keyOf([column])} as key from main.${model}
          where ${column} not in (${values.map(quoteLiteral).join(", ")})${allowNull ? "" : ` or ${column} is null`}`,
  };
}

export function nonNegative(model: string, columns: readonly string[], keys: readonly string[]): DataTest {
  return {
    model,
    test: `non_negative(${columns.join(", ")})`,
    rowLevel: true,
    sql: `select ${keyOf(keys)} as key from main.${model} where ${columns.map((c) => `${c} < 0`).join(" or ")}`,
  };
}

export function notNull(model: string, columns: readonly string[], keys: readonly string[]): DataTest {
  return {
    model,
    test: `not_null(${columns.join(", ")})`,
    rowLevel: true,
    sql: `select ${keyOf(keys)} as key from main.${model} where ${columns.map((c) => `${c} is null`).join(" or ")}`,
  };
}

/** Every non-NULL `column` names a row of `toModel`. */
export function relationship(model: string, column: string, toModel: string, toColumn: string): DataTest {
  return {
    model,
    test: `relationship(${column} -> ${toModel}.${toColumn})`,
    sql: `select ${keyOf([`m.${column}`])} as key from main.${model} m
          where m.${column} is not null and not exists (select 1 from main.${toModel} t where t.${toColumn} = m.${column})`,
  };
}

export function expression(model: string, test: string, sql: string): DataTest {
  return { model, test, sql };
}

const STAGING = [
  "stg_tax__enterprises",
  "stg_si__contributions",
  "stg_stats__enterprise_survey",
  "stg_labour__workforce_reports",
  "stg_labour__collective_agreements",
  "stg_union__grassroots_unions",
  "stg_union__membership",
  "stg_union__finance",
];

const MART_COUNTS = [
  "members",
  "new_members",
  "left_members",
  "si_months",
  "salary_fund",
  "fee_due",
  "fee_paid",
  "arrears",
  "member_dues_paid",
  "si_arrears",
  "fee_paid_on_time",
  "fee_paid_late",
];
const MART_KEY = ["tax_code", "year"];

export const DATA_TESTS: readonly DataTest[] = Object.freeze([
  // grains
  ...STAGING.map((m) => uniqueNotNull(m, ["batch_id", "line_no"])),
  uniqueNotNull("int_employer_units", ["tax_code"]),
  uniqueNotNull("int_link_areas", ["commune_code"]),
  uniqueNotNull("int_link_decisions", ["dataset", "source_key", "tax_code"]),
  uniqueNotNull("int_link_parameters", ["comparison", "level"]),
  uniqueNotNull("int_link_units", ["tax_code"]),
  uniqueNotNull("int_link_tokens", ["token"]),
  uniqueNotNull("int_link_records", ["dataset", "source_key"]),
  uniqueNotNull("int_link_candidates", ["dataset", "source_key", "tax_code"]),
  uniqueNotNull("int_link_matches", ["dataset", "source_key"]),
  uniqueNotNull("int_link_review_queue", ["dataset", "source_key", "tax_code"]),
  uniqueNotNull("int_unit_links", ["dataset", "batch_id", "line_no"]),
  uniqueNotNull("mart_unit_year_sources", ["dataset", "batch_id", "line_no"]),
  uniqueNotNull("int_unit_activity", ["tax_code"]),
  uniqueNotNull("int_unit_years", MART_KEY),
  uniqueNotNull("int_si_unit_months", ["tax_code", "month"]),
  uniqueNotNull("int_unit_year_workers", MART_KEY),
  uniqueNotNull("int_unions", ["union_code"]),
  uniqueNotNull("int_agreements", ["agreement_key"]),
  uniqueNotNull("dim_admin_unit", ["commune_code"]),
  uniqueNotNull("dim_sector", ["section"]),
  uniqueNotNull("dim_date", ["date"]),
  uniqueNotNull("dim_employer_unit", ["tax_code"]),
  uniqueNotNull("fct_si_monthly", ["tax_code", "month"]),
  uniqueNotNull("fct_membership_yearly", ["union_code", "year"]),
  uniqueNotNull("fct_agreements", ["agreement_key"]),
  uniqueNotNull("fct_finance", ["batch_id", "line_no"]),
  uniqueNotNull("fct_finance_monthly", ["tax_code", "period_key"]),
  uniqueNotNull("fct_fee_payment_months", ["batch_id", "line_no", "month"]),
  uniqueNotNull("mart_unit_year", MART_KEY),
  uniqueNotNull("mart_unit_month_finance", ["tax_code", "month"]),
  uniqueKey("rollup_unit_year", [
    "year",
    "district_code",
    "commune_code",
    "new_commune_code",
    "new_province_code",
    "sector_section",
    "ownership",
    "legal_form",
    "size_band",
    "active",
    "has_union",
    "agreement_in_force",
  ]),
  uniqueKey("rollup_finance_month", ["month", "district_code", "new_province_code", "sector_section", "ownership", "active", "has_union"]),
  uniqueNotNull("rollup_uncovered_units", ["year", "tax_code"]),
  expression(
    "rollup_unit_year",
    "units, workers and members add up to mart_unit_year's, per year",
    `select coalesce(r.year, m.year)::varchar as key
     from (select year, sum(units) as units, sum(workers) as workers, sum(members) as members from main.rollup_unit_year group by year) r
     full join (select year, count(*) as units, sum(workers) as workers, sum(members) as members from main.mart_unit_year group by year) m on m.year = r.year
     where r.units is distinct from m.units or r.workers is distinct from m.workers or r.members is distinct from m.members`,
  ),
  expression(
    "rollup_finance_month",
    "fee due and paid and unit-months add up to mart_unit_month_finance's, per month",
    `select coalesce(r.month, m.month)::varchar as key
     from (select month, sum(units) as units, sum(fee_due) as due, sum(fee_paid) as paid from main.rollup_finance_month group by month) r
     full join (select month, count(*) as units, sum(fee_due) as due, sum(fee_paid) as paid from main.mart_unit_month_finance group by month) m on m.month = r.month
     where r.units is distinct from m.units or r.due is distinct from m.due or r.paid is distinct from m.paid`,
  ),
  // accepted values
  acceptedValues("mart_unit_year", "workers_source", WORKERS_SOURCES, { allowNull: false }),
  acceptedValues("int_unit_year_workers", "workers_source", WORKERS_SOURCES, { allowNull: false }),
  acceptedValues("mart_unit_year", "legal_form", LEGAL_FORMS),
  acceptedValues("dim_employer_unit", "legal_form", LEGAL_FORMS),
  acceptedValues("mart_unit_year", "status", UNIT_STATUSES),
  acceptedValues("dim_employer_unit", "status", UNIT_STATUSES),
  acceptedValues("mart_unit_year", "ownership", OWNERSHIPS),
  acceptedValues("mart_unit_year", "size_band", SIZE_BANDS),
  acceptedValues("dim_employer_unit", "size_band", SIZE_BANDS),
  acceptedValues("mart_unit_year", "sector_section", SECTIONS),
  acceptedValues("int_unit_links", "method", LINK_METHODS, { allowNull: false }),
  acceptedValues("int_link_keys", "method", LINK_METHODS, { allowNull: false }),
  acceptedValues("int_link_keys", "dataset", DATASET_IDS, { allowNull: false }),
  acceptedValues("int_unit_links", "dataset", DATASET_IDS, { allowNull: false }),
  ...Object.entries(LINK_LEVELS).map(([comparison, levels]) => acceptedValues("int_link_candidates", `${comparison}_level`, levels, { allowNull: false })),
  acceptedValues("int_link_matches", "status", LINK_STATUSES, { allowNull: false }),
  acceptedValues("int_link_matches", "reason", LINK_REASONS),
  acceptedValues("int_link_decisions", "decision", ["ACCEPT", "REJECT"], { allowNull: false }),
  acceptedValues("int_employer_units", "registry_source", REGISTRY_SOURCES, { allowNull: false }),
  acceptedValues("int_unions", "sector", UNION_SECTORS),
  acceptedValues("fct_finance", "period_grain", FINANCE_GRAINS, { allowNull: false }),
  // measures: non-negative, and 0 rather than NULL
  nonNegative("mart_unit_year", ["workers", ...MART_COUNTS], MART_KEY),
  notNull(
    "mart_unit_year",
    [...MART_COUNTS, "active", "in_scope_20", "has_union", "union_codes", "agreement_in_force", "nonpayer", "paid_late", "workers_source"],
    MART_KEY,
  ),
  nonNegative("fct_fee_payment_months", ["fee_paid", "dues_paid", "fee_paid_on_time", "fee_paid_late"], ["batch_id", "line_no", "month"]),
  nonNegative("mart_unit_month_finance", ["si_arrears", "fee_paid_on_time", "fee_paid_late"], ["tax_code", "month"]),
  notNull("fct_fee_payment_months", ["deadline"], ["batch_id", "line_no", "month"]),
  nonNegative("fct_si_monthly", ["insured_workers", "salary_fund", "union_fee_due", "si_arrears"], ["tax_code", "month"]),
  notNull("fct_si_monthly", ["salary_fund", "union_fee_rate", "union_fee_due"], ["tax_code", "month"]),
  nonNegative("fct_membership_yearly", ["workers", "members", "new_members", "left_members", "female_members"], ["union_code", "year"]),
  nonNegative("fct_finance", ["fee_paid", "dues_paid"], ["batch_id", "line_no"]),
  nonNegative("fct_agreements", ["term_months", "workers_covered"], ["agreement_key"]),
  notNull("fct_agreements", ["effective_on", "expires_on"], ["agreement_key"]),
  nonNegative("int_unit_year_workers", ["workers", "stats_workers", "labour_h2_workers", "labour_h1_workers", "si_workers"], MART_KEY),
  // relationships
  relationship("int_unit_links", "tax_code", "int_employer_units", "tax_code"),
  relationship("int_link_keys", "tax_code", "int_employer_units", "tax_code"),
  relationship("mart_unit_year_sources", "tax_code", "dim_employer_unit", "tax_code"),
  relationship("int_link_candidates", "tax_code", "int_link_units", "tax_code"),
  relationship("int_link_matches", "tax_code", "int_link_units", "tax_code"),
  relationship("mart_unit_year", "tax_code", "dim_employer_unit", "tax_code"),
  relationship("fct_si_monthly", "tax_code", "dim_employer_unit", "tax_code"),
  relationship("fct_membership_yearly", "tax_code", "dim_employer_unit", "tax_code"),
  relationship("fct_agreements", "tax_code", "dim_employer_unit", "tax_code"),
  relationship("fct_finance", "tax_code", "dim_employer_unit", "tax_code"),
  relationship("fct_fee_payment_months", "tax_code", "dim_employer_unit", "tax_code"),
  relationship("int_unions", "tax_code", "dim_employer_unit", "tax_code"),
  relationship("dim_employer_unit", "sector_section", "dim_sector", "section"),
  // rules and reconciliations
  expression(
    "mart_unit_year",
    "arrears = greatest(0, fee_due - fee_paid) and nonpayer = (fee_due > 0 and fee_paid = 0)",
    `select '(' || ${formatTaxCodeSql("tax_code")} || ', ' || year || ')' as key from main.mart_unit_year
     where arrears <> greatest(0, fee_due - fee_paid) or nonpayer <> (fee_due > 0 and fee_paid = 0)`,
  ),
  expression(
    "mart_unit_year",
    "fee paid on time and late are parts of the fee paid; paid_late = (fee_paid_late > 0)",
    `select '(' || ${formatTaxCodeSql("tax_code")} || ', ' || year || ')' as key from main.mart_unit_year
     where fee_paid_on_time + fee_paid_late > fee_paid or paid_late <> (fee_paid_late > 0)`,
  ),
  expression(
    "fct_fee_payment_months",
    "the shares add up to each payment exactly (no dong lost in the spreading)",
    `select f.batch_id || ':' || f.line_no as key
     from main.fct_finance f
     left join (select batch_id, line_no, sum(fee_paid) as fee, sum(dues_paid) as dues from main.fct_fee_payment_months group by all) s
       on s.batch_id = f.batch_id and s.line_no = f.line_no
     where f.tax_code is not null and (coalesce(s.fee, 0) <> f.fee_paid or coalesce(s.dues, 0) <> coalesce(f.dues_paid, 0))`,
  ),
  expression(
    "mart_unit_year",
    "workers is NULL exactly when workers_source = NONE",
    `select '(' || ${formatTaxCodeSql("tax_code")} || ', ' || year || ')' as key from main.mart_unit_year where (workers is null) <> (workers_source = 'NONE')`,
  ),
  expression(
    "mart_unit_year",
    "fee_due reconciles with fct_si_monthly",
    `select 'mart ' || m || ' <> fct ' || f as key from
       (select coalesce(sum(fee_due), 0) as m from main.mart_unit_year),
       (select coalesce(sum(union_fee_due), 0) as f from main.fct_si_monthly)
     where m <> f`,
  ),
  expression(
    "mart_unit_year",
    "fee_paid reconciles with fct_finance",
    `select 'mart ' || m || ' <> fct ' || f as key from
       (select coalesce(sum(fee_paid), 0) as m from main.mart_unit_year),
       (select coalesce(sum(fee_paid), 0) as f from main.fct_finance where tax_code is not null and year(period_start) = year(period_end))
     where m <> f`,
  ),
  expression(
    "mart_unit_year",
    "members reconcile with fct_membership_yearly",
    `select 'mart ' || m || ' <> fct ' || f as key from
       (select coalesce(sum(members), 0) as m from main.mart_unit_year),
       (select coalesce(sum(members), 0) as f from main.fct_membership_yearly where tax_code is not null)
     where m <> f`,
  ),
  expression(
    "mart_unit_month_finance",
    "fee due and the payments placed on months reconcile with fct_si_monthly and fct_finance (no dong lost in the spreading)",
    `select 'mart ' || m.due || '/' || m.paid || '/' || m.dues || ' <> fct ' || s.due || '/' || f.paid || '/' || f.dues as key from
       (select coalesce(sum(fee_due), 0) as due, coalesce(sum(fee_paid), 0) as paid, coalesce(sum(member_dues_paid), 0) as dues
        from main.mart_unit_month_finance) m,
       (select coalesce(sum(union_fee_due), 0) as due from main.fct_si_monthly) s,
       (select coalesce(sum(fee_paid), 0) as paid, coalesce(sum(dues_paid), 0) as dues from main.fct_finance where tax_code is not null) f
     where m.due <> s.due or m.paid <> f.paid or m.dues <> f.dues`,
  ),
  expression(
    "int_unit_links",
    "confidence in [0, 1]; 1 for exact and analysts' links, 0 exactly when unlinked",
    `select dataset || ' ' || batch_id || ':' || line_no as key from main.int_unit_links
     where confidence is null or confidence < 0 or confidence > 1 or (tax_code is null) <> (confidence = 0)
        or (method in ('EXACT_TAX_CODE', 'TAX_ROOT', 'SI_UNIT_CODE', 'ANALYST_ACCEPTED') and confidence <> 1)`,
  ),
  expression(
    "int_link_keys",
    "one row per link key (dataset, source_key, source_tax_code; NULLs are keys too)",
    `select dataset || ' ' || coalesce(source_key, 'NULL') || ' ' || coalesce(source_tax_code, 'NULL') as key
     from main.int_link_keys group by dataset, source_key, source_tax_code having count(*) > 1`,
  ),
  expression(
    "int_link_parameters",
    "m and u are probabilities; the levels of each comparison with evidence sum to 1",
    `select comparison as key from main.int_link_parameters
     group by comparison
     having bool_or(m <= 0 or m > 1 or u <= 0 or u > 1)
         or abs(sum(m) filter (where level <> 'MISSING') - 1) > 1e-6
         or abs(sum(u) filter (where level <> 'MISSING') - 1) > 1e-3`,
  ),
  expression(
    "int_unions",
    "no unit has two unions in force at once unless the data says so (valid tax codes, analysts' ACCEPTs)",
    `select a.union_code || ' & ' || b.union_code || ' -> ' || ${formatTaxCodeSql("a.tax_code")} as key
     from main.int_unions a
     join main.int_unions b on b.tax_code = a.tax_code and b.union_code > a.union_code
      and coalesce(a.founded_on < b.dissolved_on, true) and coalesce(b.founded_on < a.dissolved_on, true)
     where a.link_method in ('FUZZY_NAME', 'TAX_CODE_VARIANT') or b.link_method in ('FUZZY_NAME', 'TAX_CODE_VARIANT')`,
  ),
  expression(
    "int_unit_links",
    "one link row per raw row of every dataset (unlinked rows counted, never dropped)",
    `with raw_counts as (${DATASET_IDS.map((d) => `select ${quoteLiteral(d)} as dataset, count(*) as n from raw.${d}`).join(" union all ")}),
          link_counts as (select dataset, count(*) as n from main.int_unit_links group by dataset)
     select r.dataset || ': raw ' || r.n || ', links ' || coalesce(l.n, 0) as key
     from raw_counts r left join link_counts l using (dataset) where r.n <> coalesce(l.n, 0)`,
  ),
]);

/** Runs one data test: how many rows offend, and the first few keys. */
export async function runDataTest(connection: DuckDBConnection, test: DataTest): Promise<DataTestResult> {
  const reader = await connection.runAndReadAll(
    `select count(*)::bigint as failures, coalesce(list(key order by key)[1:5], []) as sample from (${test.sql}) offending`,
  );
  const [failures, sample] = reader.getRowsJS()[0] as [bigint, string[]];
  return { model: test.model, test: test.test, failures: Number(failures), sample: sample.map(String) };
}

export function describeFailure(result: DataTestResult): string {
  return `${result.model}: ${result.test} failed for ${result.failures} row(s), e.g. ${result.sample.join("; ")}`;
}
