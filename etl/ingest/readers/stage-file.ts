import type { DuckDBConnection } from "@duckdb/node-api";
import type { FileFormat } from "../discover-files.js";
import { stageCsv } from "./csv-reader.js";
import { stageJson } from "./json-reader.js";
import { stageParquet } from "./parquet-reader.js";
import type { StageContext, StagedFile } from "./staged-file.js";
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

export type { StageContext, StagedFile };
