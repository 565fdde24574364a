/**
 * `_truth/rows.csv`: one line per data record written to any file (file, record number
 * counting the header as 1, dataset, the unit it belongs to, its dirt and the reason a
 * correct ETL rejects it with, empty when it loads), plus the counts for summary.json.
 * `_truth/names.csv`: one line per record whose employer name the linker must read (the
 * union registry's rows without a usable tax code): how the name is written (its kind,
 * etl/sample/names/written-names.ts), the name as written and as registered.
 */
import type { DatasetId } from "../../sources/index.js";
import type { ExpectedReason } from "../dirt-scheduler.js";
import type { NameKind } from "../names/written-names.js";
import { TextFileSink } from "../writers/text-file-sink.js";

export const ROWS_HEADER = ["file", "line_no", "dataset", "true_tax_code", "dirt", "expected_reason"] as const;
export const NAMES_HEADER = ["file", "line_no", "dataset", "true_tax_code", "name_kind", "written_name", "registered_name"] as const;

/** How a record writes its employer's name. */
export interface NameTruth {
  readonly kind: NameKind;
  readonly written: string;
  readonly registered: string;
}

export interface RowTruth {
  /** The unit the row belongs to (for union rows: the unit of the union or payer). */
  readonly taxCode: string;
  readonly dirt?: string;
  readonly reason?: ExpectedReason;
  /** For a record whose employer name the linker must read: how it is written. */
  readonly name?: NameTruth;
}

export interface LedgerCounts {
  readonly rowsByDataset: Record<string, number>;
  /** Rows per expected reason, `LOADED` for rows that must load. */
  readonly rowsByReason: Record<string, number>;
  readonly rowsByDatasetAndDirt: Record<string, Record<string, number>>;
  /** Records of names.csv per dataset and kind of name. */
  readonly namesByDatasetAndKind: Record<string, Record<string, number>>;
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** A CSV field, quoted when it holds a comma, a quote or a line break. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export class RowLedger {
  private readonly sink: TextFileSink;
  private readonly rowsByDataset: Record<string, number> = {};
  private readonly rejectedByReason: Record<string, number> = {};
  private readonly rowsByDatasetAndDirt: Record<string, Record<string, number>> = {};
  private readonly namesSink: TextFileSink;
  private readonly namesByDatasetAndKind: Record<string, Record<string, number>> = {};

  constructor(path: string, namesPath: string) {
    this.sink = new TextFileSink(path);
    this.sink.write(`${ROWS_HEADER.join(",")}\n`);
    this.namesSink = new TextFileSink(namesPath);
    this.namesSink.write(`${NAMES_HEADER.join(",")}\n`);
  }

  /** Every value is a file name, a number, an identifier or a tax code: none needs quoting. */
  record(file: string, lineNo: number, dataset: DatasetId, truth: RowTruth): void {
    const dirt = truth.dirt ?? "";
    const reason = truth.reason ?? "";
    this.sink.write(`${file},${lineNo},${dataset},${truth.taxCode},${dirt},${reason}\n`);
    increment(this.rowsByDataset, dataset);
    if (reason) increment(this.rejectedByReason, reason);
    if (dirt) {
      this.rowsByDatasetAndDirt[dataset] ??= {};
      increment(this.rowsByDatasetAndDirt[dataset], dirt);
    }
    if (truth.name) {
      const { kind, written, registered } = truth.name;
      this.namesSink.write(`${file},${lineNo},${dataset},${truth.taxCode},${kind},${csvField(written)},${csvField(registered)}\n`);
      this.namesByDatasetAndKind[dataset] ??= {};
      increment(this.namesByDatasetAndKind[dataset], kind);
    }
  }

  get summary(): LedgerCounts {
    const rows = Object.values(this.rowsByDataset).reduce((sum, n) => sum + n, 0);
    const rejected = Object.values(this.rejectedByReason).reduce((sum, n) => sum + n, 0);
    return {
      rowsByDataset: this.rowsByDataset,
      rowsByReason: { LOADED: rows - rejected, ...this.rejectedByReason },
      rowsByDatasetAndDirt: this.rowsByDatasetAndDirt,
      namesByDatasetAndKind: this.namesByDatasetAndKind,
    };
  }

  async drain(): Promise<void> {
    await Promise.all([this.sink.drain(), this.namesSink.drain()]);
  }

  async close(): Promise<void> {
    await Promise.all([this.sink.close(), this.namesSink.close()]);
  }
}
