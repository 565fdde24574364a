import type { DuckDBConnection } from "@duckdb/node-api";
import { quoteLiteral } from "../../../core/warehouse/sql-text.js";
import { refuseWideFile } from "./column-limit.js";
import { columnNamesOf, nfcProjection } from "./relation-columns.js";
import type { DirectSource, StageContext, StagedFile } from "./staged-file.js";

/** Parquet is UTF-8 by definition; the staged path reads typed columns as text like every other format. */
export async function stageParquet(connection: DuckDBConnection, context: StageContext): Promise<StagedFile> {
  const loaded = `stage_parquet_${context.tag}`;
  const read = `read_parquet(${quoteLiteral(context.path)})`;
  // The schema's root counts the top-level columns: read from the footer, no row read.
  const root = await connection.runAndReadAll(`select num_children from parquet_schema(${quoteLiteral(context.path)}) limit 1`);
  refuseWideFile(context.path, Number(root.getRows()[0]?.[0] ?? 0), context.maxColumns, "columns of its Parquet schema");
  let headers: string[] = [];
  let judge: ((source: string) => string) | undefined;
  if (context.judge) {
    headers = (await connection.runAndReadAll(`select * from ${read} limit 0`)).columnNames();
    judge = context.judge(headers);
  }
  await connection.run(
    judge
      ? `create temp table ${loaded} as ${judge(`(select ${nfcProjection(headers, "utf-8", "f")} from ${read} f)`)}`
      : `create temp table ${loaded} as select * from ${read}`,
  );
  if (!judge) headers = await columnNamesOf(connection, loaded);
  const view = `stage_${context.tag}`;
  await connection.run(`create temp view ${view} as select rowid + 2 as __line_no, ${judge ? "*" : nfcProjection(headers, "utf-8", loaded)} from ${loaded}`);
  return { relation: view, headers, encoding: "utf-8", judged: judge !== undefined };
}

/**
 * A Parquet file for a typed load: its columns as the file types them (a typed value
 * that needs no parsing is stored as it is; others are read through their text).
 */
export async function openParquet(connection: DuckDBConnection, context: StageContext): Promise<DirectSource> {
  const read = `read_parquet(${quoteLiteral(context.path)})`;
  const root = await connection.runAndReadAll(`select num_children from parquet_schema(${quoteLiteral(context.path)}) limit 1`);
  refuseWideFile(context.path, Number(root.getRows()[0]?.[0] ?? 0), context.maxColumns, "columns of its Parquet schema");
  const described = (await connection.runAndReadAll(`select column_name, column_type from (describe select * from ${read})`)).getRows();
  const headers = described.map(([name]) => String(name));
  return { select: `(select * from ${read})`, headers, types: new Map(described.map(([name, type]) => [String(name), String(type)])), encoding: "utf-8" };
}
