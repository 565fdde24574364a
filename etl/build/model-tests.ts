import { existsSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import { quoteLiteral } from "../../core/warehouse/sql-text.js";
import { formatTaxCodeSql } from "../../queries/tax-code.js";
import { MODEL_MANIFEST, MODELS_DIR, type ModelEntry } from "./model-manifest.js";

/**
 * The data tests of the models. Each model declares its grain and data tests beside its
 * SQL, in `etl/models/<layer>/<model>.tests.ts` (a default export of `DataTest[]` made with
 * the helpers below, each test naming that model); the build reads them all
 * (`loadDataTests`) and runs them after the models, before it swaps the new tables in.
 *
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
export const FINANCE_GRAINS = ["MONTH", "QUARTER", "YEAR"] as const;

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

/**
 * A reconciliation: the model's total (`modelTotal`, a query giving one value `m`) equals
 * another model's (`otherTotal`, one value `f`); the failing key shows both.
 */
export function totalsAgree(model: string, test: string, modelTotal: string, otherTotal: string): DataTest {
  return expression(model, test, `select 'mart ' || m || ' <> fct ' || f as key from (${modelTotal}), (${otherTotal}) where m <> f`);
}

/** The file declaring a model's data tests: `<model>.tests.ts` beside its SQL file. */
export function testsFileOf(entry: ModelEntry, modelsDir: URL = MODELS_DIR): URL {
  return new URL(entry.file.replace(/\.sql$/, ".tests.ts"), modelsDir);
}

/**
 * Every model's data tests, in the manifest's order: the tests each table model declares
 * beside its SQL (a model without a tests file has none). A tests file that exports no
 * list, or a test naming another model, is an error naming the file.
 */
export async function loadDataTests(manifest: readonly ModelEntry[] = MODEL_MANIFEST, modelsDir: URL = MODELS_DIR): Promise<readonly DataTest[]> {
  const tests: DataTest[] = [];
  for (const entry of manifest) {
    if (!entry.createsTable) continue;
    const file = testsFileOf(entry, modelsDir);
    if (!existsSync(file)) continue;
    const name = entry.file.replace(/\.sql$/, ".tests.ts");
    const declared: unknown = ((await import(file.href)) as { default?: unknown }).default;
    if (!Array.isArray(declared)) throw new Error(`etl/models/${name}: export default the model's data tests (a DataTest[])`);
    for (const test of declared as DataTest[]) {
      if (test.model !== entry.name) throw new Error(`etl/models/${name}: the test "${test.test}" names the model ${test.model}, not ${entry.name}`);
      tests.push(test);
    }
  }
  return Object.freeze(tests);
}

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
