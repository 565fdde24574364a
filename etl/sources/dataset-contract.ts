/** The contract of one input dataset (docs/SOURCES.md § Columns): its columns, their aliases and rules. */
import type { DatasetId } from "../../core/code-lists.js";

export type ValueKind = "text" | "tax_code" | "date" | "month" | "year" | "half" | "count" | "money" | "number" | "boolean" | "finance_period";

export type ReasonCode =
  | "INVALID_TAX_CODE"
  | "MISSING_REQUIRED"
  | "BAD_DATE"
  | "BAD_NUMBER"
  | "NEGATIVE"
  | "INCONSISTENT"
  | "DUPLICATE_KEY"
  | "UNKNOWN_UNION"
  | "BAD_VALUE"
  | "MALFORMED_ROW";

export interface ColumnContract {
  /** Canonical (folded) column name as in docs/SOURCES.md § Columns. */
  readonly name: string;
  readonly aliases: readonly string[];
  readonly kind: ValueKind;
  /** The file is rejected whole when the column is absent; a row is rejected when its value is empty. */
  readonly required?: boolean;
  /** Optional tax codes: an invalid one is kept (flagged in staging) instead of rejecting the row. */
  readonly keepInvalid?: boolean;
  /** Reason for a missing required value (default MISSING_REQUIRED). */
  readonly missingReason?: ReasonCode;
  readonly description: string;
}

/**
 * A row rule over several columns, written in SQL over the parsed values (`p.<column>`)
 * and the original text (`t.<column>`); `batch_as_of` is the batch's snapshot date.
 */
export interface RowRule {
  readonly reason: ReasonCode;
  /** SQL boolean over parsed columns `p.<name>` and raw text `t.<name>`; true means the row is bad. */
  readonly badWhen: string;
  readonly message: string;
}

/**
 * How a corrected re-delivery replaces earlier rows. `sql` computes each row's
 * replacement key over the parsed values (`p.<column>`), the text (`t.<column>`) and
 * `batch_as_of`; it is stored with the raw row. `period`: a new file replaces the
 * earlier rows of the periods it holds; `key`: the earlier rows with the same key.
 */
export interface Replacement {
  readonly by: "period" | "key";
  readonly sql: string;
  /**
   * For `period`: what one row stands for within its period (an employer, an SI unit),
   * in the same SQL terms. A re-delivery missing many of a period's earlier keys is
   * refused unless confirmed (`--replace`). For `key` the replacement key itself.
   */
  readonly rowKey?: string;
}

export interface DatasetContract {
  readonly id: DatasetId;
  readonly agency: string;
  readonly grain: string;
  readonly columns: readonly ColumnContract[];
  readonly rules: readonly RowRule[];
  readonly replacement: Replacement;
  /** Columns whose value must be unique within a file (duplicates rejected unless identical). */
  readonly uniqueKey?: readonly string[];
  /** A column that must name a row of another dataset already loaded (else quarantined, retried on build). */
  readonly references?: { readonly column: string; readonly dataset: DatasetId; readonly reason: ReasonCode };
  /** Ingest order: lower first (registries before the returns that reference them). */
  readonly order: number;
}

export { DATASET_IDS, type DatasetId, isDatasetId } from "../../core/code-lists.js";

export function defineDataset(contract: DatasetContract): DatasetContract {
  return Object.freeze({ ...contract, columns: Object.freeze(contract.columns.map((c) => Object.freeze(c))) });
}

export function column(name: string, kind: ValueKind, description: string, options: Partial<ColumnContract> = {}): ColumnContract {
  return { name, kind, description, aliases: [], ...options };
}
