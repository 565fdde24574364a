import type { DuckDBConnection } from "@duckdb/node-api";
import type { FileFormat } from "../discover-files.js";
import { openCsv, stageCsv } from "./csv-reader.js";
import { openJson, stageJson } from "./json-reader.js";
import { openParquet, stageParquet } from "./parquet-reader.js";
import type { DirectSource, StageContext, StagedFile } from "./staged-file.js";
import { stageXlsx } from "./xlsx-reader.js";

const READERS: Readonly<Record<FileFormat, (c: DuckDBConnection, ctx: StageContext) => Promise<StagedFile>>> = Object.freeze({
  csv: stageCsv,
  xlsx: stageXlsx,
  json: stageJson,
  parquet: stageParquet,
});

export function stageFile(connection: DuckDBConnection, format: FileFormat, context: StageContext): Promise<StagedFile> {
  return READERS[format](connection, context);
}

export type { DirectSource, StageContext, StagedFile };

const OPENERS: Readonly<Partial<Record<FileFormat, (c: DuckDBConnection, ctx: StageContext) => Promise<DirectSource>>>> = Object.freeze({
  csv: openCsv,
  json: openJson,
  parquet: openParquet,
});

/** Whether files of `format` can be read straight into the raw table (XLSX is staged through exceljs). */
export const readsDirectly = (format: FileFormat): boolean => OPENERS[format] !== undefined;

/** Opens a CSV, JSON or Parquet file for a typed load (see `DirectSource`). */
export function openFile(connection: DuckDBConnection, format: FileFormat, context: StageContext): Promise<DirectSource> {
  const open = OPENERS[format];
  if (!open) throw new Error(`${format} files are staged, not read directly`);
  return open(connection, context);
}
