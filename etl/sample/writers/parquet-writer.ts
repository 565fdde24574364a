/**
 * Parquet through DuckDB: rows stream into a staging CSV, and closing the writer has
 * DuckDB `COPY` that CSV to Parquet with typed columns (streaming, bounded memory),
 * then deletes the staging file.
 */
import { rm } from "node:fs/promises";
import { DuckDBInstance } from "@duckdb/node-api";
import { CsvWriter } from "./csv-writer.js";
import type { RowWriter } from "./row-writer.js";

export type ParquetType = "VARCHAR" | "BIGINT" | "DATE";

export interface ParquetColumn {
  readonly name: string;
  readonly type: ParquetType;
}

const sqlText = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** One DuckDB instance shared by every Parquet file of a run. */
export class ParquetConverter {
  private constructor(private readonly instance: DuckDBInstance) {}

  static async open(): Promise<ParquetConverter> {
    return new ParquetConverter(await DuckDBInstance.create(":memory:", { threads: "2", memory_limit: "256MB" }));
  }

  async convert(csvPath: string, parquetPath: string, columns: readonly ParquetColumn[]): Promise<void> {
    const connection = await this.instance.connect();
    try {
      const types = columns.map((c) => `${sqlText(c.name)}: ${sqlText(c.type)}`).join(", ");
      await connection.run(
        `COPY (SELECT * FROM read_csv(${sqlText(csvPath)}, header = true, delim = ',', quote = '"', escape = '"',
           auto_detect = false, columns = {${types}}, dateformat = '%Y-%m-%d'))
         TO ${sqlText(parquetPath)} (FORMAT parquet, COMPRESSION zstd)`,
      );
    } finally {
      connection.closeSync();
    }
  }

  close(): void {
    this.instance.closeSync();
  }
}

/** Rows are text: digits for BIGINT, `yyyy-mm-dd` for DATE, empty for NULL. */
export class ParquetWriter implements RowWriter<readonly string[]> {
  private readonly staging: CsvWriter;

  constructor(
    private readonly path: string,
    private readonly columns: readonly ParquetColumn[],
    private readonly stagingPath: string,
    private readonly converter: ParquetConverter,
  ) {
    this.staging = new CsvWriter(
      stagingPath,
      columns.map((c) => c.name),
      { separator: "," },
    );
  }

  get rowsWritten(): number {
    return this.staging.rowsWritten;
  }

  write(row: readonly string[]): void {
    this.staging.write(row);
  }

  drain(): Promise<void> {
    return this.staging.drain();
  }

  async close(): Promise<void> {
    await this.staging.close();
    await this.converter.convert(this.stagingPath, this.path, this.columns);
    await rm(this.stagingPath);
  }
}
