/**
 * `_truth/rows.csv`: one line per data record written to any file (file, record number
 * counting the header as 1, dataset, the unit it belongs to, its dirt and the reason a
 * correct ETL rejects it with, empty when it loads), plus the counts for summary.json.
 */
import type { DatasetId } from "../../sources/index.js";
import type { ExpectedReason } from "../dirt-scheduler.js";
import { TextFileSink } from "../writers/text-file-sink.js";

export const ROWS_HEADER = ["file", "line_no", "dataset", "true_tax_code", "dirt", "expected_reason"] as const;

export interface RowTruth {
  /** The unit the row belongs to (for union rows: the unit of the union or payer). */
  readonly taxCode: string;
  readonly dirt?: string;
  readonly reason?: ExpectedReason;
}

export interface LedgerCounts {
  readonly rowsByDataset: Record<string, number>;
  /** Rows per expected reason, `LOADED` for rows that must load. */
  readonly rowsByReason: Record<string, number>;
  readonly rowsByDatasetAndDirt: Record<string, Record<string, number>>;
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

export class RowLedger {
  private readonly sink: TextFileSink;
  private readonly rowsByDataset: Record<string, number> = {};
  private readonly rejectedByReason: Record<string, number> = {};
  private readonly rowsByDatasetAndDirt: Record<string, Record<string, number>> = {};

  constructor(path: string) {
    this.sink = new TextFileSink(path);
    this.sink.write(`${ROWS_HEADER.join(",")}\n`);
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
  }

  get summary(): LedgerCounts {
    const rows = Object.values(this.rowsByDataset).reduce((sum, n) => sum + n, 0);
    const rejected = Object.values(this.rejectedByReason).reduce((sum, n) => sum + n, 0);
    return {
      rowsByDataset: this.rowsByDataset,
      rowsByReason: { LOADED: rows - rejected, ...this.rejectedByReason },
      rowsByDatasetAndDirt: this.rowsByDatasetAndDirt,
    };
  }

  drain(): Promise<void> {
    return this.sink.drain();
  }

  close(): Promise<void> {
    return this.sink.close();
  }
}
