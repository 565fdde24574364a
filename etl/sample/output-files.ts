/**
 * The data files of one run: each is opened here, named `<dataset id>[.<part>].<ext>`,
 * and every record written to it is entered in the row ledger with its record number.
 */
import { join } from "node:path";
import type { DetectedEncoding } from "../encoding/index.js";
import type { DatasetId } from "../sources/index.js";
import type { RowLedger, RowTruth } from "./truth/row-ledger.js";
import { type CsvOptions, CsvWriter } from "./writers/csv-writer.js";
import { type JsonRecord, JsonWriter } from "./writers/json-writer.js";
import { type ParquetColumn, type ParquetConverter, ParquetWriter } from "./writers/parquet-writer.js";
import type { CellValue, RowWriter } from "./writers/row-writer.js";
import { XlsxWriter } from "./writers/xlsx-writer.js";

export type FileFormat = "csv" | "xlsx" | "json" | "ndjson" | "parquet";

export interface DataFileInfo {
  readonly file: string;
  readonly dataset: DatasetId;
  readonly format: FileFormat;
  readonly encoding: DetectedEncoding | "binary";
  readonly rows: number;
}

export class DataFile<Row> {
  constructor(
    readonly file: string,
    readonly dataset: DatasetId,
    readonly format: FileFormat,
    readonly encoding: DetectedEncoding | "binary",
    readonly writer: RowWriter<Row>,
    private readonly ledger: RowLedger,
  ) {}

  write(row: Row, truth: RowTruth): void {
    this.writer.write(row);
    this.ledger.record(this.file, this.writer.rowsWritten + 1, this.dataset, truth);
  }

  info(): DataFileInfo {
    return { file: this.file, dataset: this.dataset, format: this.format, encoding: this.encoding, rows: this.writer.rowsWritten };
  }
}

export class OutputFiles {
  private readonly files: DataFile<unknown>[] = [];

  constructor(
    private readonly outDir: string,
    private readonly stagingDir: string,
    private readonly ledger: RowLedger,
    private readonly parquet: ParquetConverter,
  ) {}

  private add<Row>(file: string, dataset: DatasetId, format: FileFormat, encoding: DetectedEncoding | "binary", writer: RowWriter<Row>): DataFile<Row> {
    const dataFile = new DataFile(file, dataset, format, encoding, writer, this.ledger);
    this.files.push(dataFile as DataFile<unknown>);
    return dataFile;
  }

  csv(dataset: DatasetId, part: string | null, headers: readonly string[], options: CsvOptions): DataFile<readonly string[]> {
    const file = fileName(dataset, part, "csv");
    return this.add(file, dataset, "csv", options.encoding ?? "utf-8", new CsvWriter(join(this.outDir, file), headers, options));
  }

  xlsx(dataset: DatasetId, part: string | null, sheetName: string, headers: readonly string[]): DataFile<readonly CellValue[]> {
    const file = fileName(dataset, part, "xlsx");
    return this.add(file, dataset, "xlsx", "binary", new XlsxWriter(join(this.outDir, file), sheetName, headers));
  }

  json(dataset: DatasetId, part: string | null, layout: "array" | "ndjson"): DataFile<JsonRecord> {
    const format = layout === "array" ? "json" : "ndjson";
    const file = fileName(dataset, part, format);
    return this.add(file, dataset, format, "utf-8", new JsonWriter(join(this.outDir, file), layout));
  }

  parquetFile(dataset: DatasetId, part: string | null, columns: readonly ParquetColumn[]): DataFile<readonly string[]> {
    const file = fileName(dataset, part, "parquet");
    const writer = new ParquetWriter(join(this.outDir, file), columns, join(this.stagingDir, `${file}.csv`), this.parquet);
    return this.add(file, dataset, "parquet", "binary", writer);
  }

  async drain(): Promise<void> {
    await Promise.all(this.files.map((file) => file.writer.drain()));
  }

  async close(): Promise<void> {
    for (const file of this.files) await file.writer.close();
  }

  infos(): DataFileInfo[] {
    return this.files.map((f) => f.info());
  }
}

function fileName(dataset: DatasetId, part: string | null, extension: string): string {
  return part === null ? `${dataset}.${extension}` : `${dataset}.${part}.${extension}`;
}
