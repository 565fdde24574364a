import type { DuckDBConnection } from "@duckdb/node-api";
import { quoteLiteral } from "../../warehouse/sql-text.js";
import { columnNamesOf, nfcProjection } from "./relation-columns.js";
import type { StageContext, StagedFile } from "./staged-file.js";

/** Parquet is UTF-8 by definition; typed columns are read as text like every other format. */
export async function stageParquet(connection: DuckDBConnection, context: StageContext): Promise<StagedFile> {
  const loaded = `stage_parquet_${context.tag}`;
  await connection.run(`create temp table ${loaded} as select * from read_parquet(${quoteLiteral(context.path)})`);
  const headers = await columnNamesOf(connection, loaded);
  const view = `stage_${context.tag}`;
  await connection.run(`create temp view ${view} as select rowid + 2 as __line_no, ${nfcProjection(headers, "utf-8", loaded)} from ${loaded}`);
  return { relation: view, headers, encoding: "utf-8" };
}
