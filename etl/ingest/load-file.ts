import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { DATASETS, type DatasetContract } from "../sources/index.js";
import { failpoint } from "../warehouse/failpoint.js";
import { quoteIdent, quoteLiteral } from "../warehouse/sql-text.js";
import type { BatchReport, ProgressSink } from "./batch-report.js";
import type { InputFile } from "./discover-files.js";
import { sha256OfFile } from "./file-hash.js";
import { mapHeaders } from "./header-mapping.js";
import { FileRejectedError } from "./ingest-errors.js";
import { runWithProgress } from "./query-progress.js";
import { stageFile } from "./readers/stage-file.js";
import { checkedRowsSql, originalRowJsonSql, rejectionMessageSql } from "./validation-sql.js";

export interface LoadOptions {
  /** Snapshot date for files without `ngay_du_lieu` (yyyy-mm-dd); default today. */
  readonly asOf?: string;
  readonly sheet?: string;
  readonly progress: ProgressSink;
}

interface Counts {
  read: number;
  loaded: number;
  rejected: number;
  replaced: number;
  byReason: Record<string, number>;
  period?: string;
  periodKeys?: string[];
}

/**
 * Loads one file atomically: every statement runs in one DuckDB transaction, so an
 * error or a killed process leaves the warehouse as it was before the file.
 */
export async function loadFile(connection: DuckDBConnection, file: InputFile, options: LoadOptions): Promise<BatchReport> {
  const started = new Date();
  const path = resolve(file.path);
  const sha256 = await sha256OfFile(path);
  const duplicate = await findLoadedBatch(connection, file.dataset, sha256);
  if (duplicate !== undefined) {
    return { ...emptyReport(file, started), status: "SKIPPED", duplicateOf: duplicate, message: `same content as batch ${duplicate}: skipped` };
  }
  const batchId = await nextBatchId(connection);
  const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
  const tempDir = mkdtempSync(join(tmpdir(), "uap-ingest-"));
  const contract = DATASETS[file.dataset];
  const tag = `${batchId}t`;
  const base = { batch_id: batchId, dataset: file.dataset, file_path: path, file_name: basename(path), file_format: file.format, sha256, file_bytes: statSync(path).size, as_of: asOf, started_at: started };
  let inTransaction = false;
  try {
    // Staging and checking touch only this connection's temp relations, so they run
    // before the transaction: temp tables made there keep plain, file-ordered rowids.
    options.progress.update(`${basename(path)}: reading`, 0);
    const staged = await stageFile(connection, file.format, { path, tag, sheet: options.sheet, tempDir });
    const mapping = mapHeaders(path, contract, staged.headers);
    const checked = `checked_${tag}`;
    await runWithProgress(connection, checkedRowsSql(contract, mapping, staged.relation, checked, asOf), `${basename(path)}: validating`, options.progress);
    const counts = await countRows(connection, checked, staged.malformed);
    await connection.run("begin transaction");
    inTransaction = true;
    counts.replaced = await replaceEarlierRows(connection, contract, checked, counts);
    await runWithProgress(connection, insertLoadedRowsSql(contract, checked, batchId), `${basename(path)}: writing`, options.progress);
    await insertRejectedRows(connection, {
      dataset: contract.id,
      checked,
      malformed: staged.malformed,
      batchId,
      fileName: basename(path),
      message: rejectionMessageSql(contract, asOf),
      original: originalRowJsonSql(mapping),
    });
    await insertBatch(connection, {
      ...base,
      encoding: staged.encoding,
      delimiter: staged.delimiter ?? null,
      sheet: staged.sheet ?? null,
      period: counts.period ?? null,
      period_keys: counts.periodKeys ?? null,
      rows_read: counts.read,
      rows_loaded: counts.loaded,
      rows_rejected: counts.rejected,
      rows_replaced: counts.replaced,
      status: "LOADED",
      message: null,
      columns_unknown: [...mapping.unknown],
    });
    await failpoint("ingest-before-commit");
    await connection.run("commit");
    inTransaction = false;
    return {
      file: path,
      dataset: file.dataset,
      status: "LOADED",
      batchId,
      encoding: staged.encoding,
      rowsRead: counts.read,
      rowsLoaded: counts.loaded,
      rowsRejected: counts.rejected,
      rowsReplaced: counts.replaced,
      rejectedByReason: counts.byReason,
      period: counts.period,
      unknownColumns: mapping.unknown,
      seconds: secondsSince(started),
    };
  } catch (error) {
    // DuckDB may have rolled back already (a commit that failed, e.g. on a full disk).
    if (inTransaction) await connection.run("rollback").catch(() => {});
    const rejection = asRejection(path, error);
    await insertBatch(connection, { ...base, status: "REJECTED", message: rejection.message, rows_read: 0, rows_loaded: 0, rows_rejected: 0, rows_replaced: 0 });
    return { ...emptyReport(file, started), status: "REJECTED", batchId, message: rejection.message };
  } finally {
    await dropTempRelations(connection, tag);
    rmSync(tempDir, { recursive: true, force: true });
  }
}

function asRejection(path: string, error: unknown): FileRejectedError {
  if (error instanceof FileRejectedError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new FileRejectedError(path, "UNREADABLE", `rejected whole: the file could not be read (${message.split("\n")[0]})`);
}

function emptyReport(file: InputFile, started: Date): BatchReport {
  return {
    file: resolve(file.path),
    dataset: file.dataset,
    status: "SKIPPED",
    rowsRead: 0,
    rowsLoaded: 0,
    rowsRejected: 0,
    rowsReplaced: 0,
    rejectedByReason: {},
    seconds: secondsSince(started),
  };
}

const secondsSince = (start: Date) => (Date.now() - start.getTime()) / 1000;

async function scalar(connection: DuckDBConnection, sql: string): Promise<unknown> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRows()[0]?.[0];
}

async function findLoadedBatch(connection: DuckDBConnection, dataset: string, sha256: string): Promise<number | undefined> {
  const id = await scalar(
    connection,
    `select min(batch_id) from lineage.batches where status = 'LOADED' and dataset = ${quoteLiteral(dataset)} and sha256 = ${quoteLiteral(sha256)}`,
  );
  return id === null || id === undefined ? undefined : Number(id);
}

async function nextBatchId(connection: DuckDBConnection): Promise<number> {
  return Number(await scalar(connection, "select nextval('lineage.batch_id_seq')"));
}

async function countRows(connection: DuckDBConnection, checked: string, malformed: string | undefined): Promise<Counts> {
  const reasons = await connection.runAndReadAll(
    `select reason, count(*)::bigint as n from (
       select coalesce(__reason, '') as reason from ${checked}
       ${malformed ? `union all select 'MALFORMED_ROW' from ${malformed}` : ""}) group by reason`,
  );
  const counts: Counts = { read: 0, loaded: 0, rejected: 0, replaced: 0, byReason: {} };
  for (const [reason, n] of reasons.getRows()) {
    counts.read += Number(n);
    if (reason === "") counts.loaded += Number(n);
    else counts.byReason[String(reason)] = Number(n);
  }
  counts.rejected = counts.read - counts.loaded;
  return counts;
}

/** The raw columns of the rows that load, named as the contract names them. */
function loadedProjection(contract: DatasetContract): string {
  return contract.columns.map((c) => `t.${c.name} as ${quoteIdent(c.name)}`).join(", ");
}

/** A corrected re-delivery replaces the earlier rows of the same periods (or keys). */
async function replaceEarlierRows(connection: DuckDBConnection, contract: DatasetContract, checked: string, counts: Counts): Promise<number> {
  const newKeys = `new_keys_${checked}`;
  await connection.run(
    `create temp table ${newKeys} as select distinct __replace_key as k from ${checked} where __reason is null and __replace_key is not null`,
  );
  if (contract.replacement.by === "period") {
    const reader = await connection.runAndReadAll(`select min(k), max(k), list(k order by k) from ${newKeys}`);
    const [min, max, keys] = reader.getRowsJS()[0] as [string | null, string | null, string[] | null];
    counts.period = min === null ? undefined : min === max ? min : `${min}..${max}`;
    counts.periodKeys = keys ?? [];
  }
  const result = await connection.run(`delete from raw.${contract.id} where replace_key in (select k from ${newKeys})`);
  return result.rowsChanged;
}

function insertLoadedRowsSql(contract: DatasetContract, checked: string, batchId: number): string {
  const names = contract.columns.map((c) => quoteIdent(c.name)).join(", ");
  return `insert into raw.${contract.id} (batch_id, line_no, ${names}, extra, replace_key)
     select ${batchId}, __line_no, ${loadedProjection(contract)}, __extra, __replace_key from ${checked} where __reason is null order by __line_no`;
}

interface Rejections {
  readonly dataset: string;
  readonly checked: string;
  readonly malformed: string | undefined;
  readonly batchId: number;
  readonly fileName: string;
  /** SQL over the checked row: its message, and its original JSON. */
  readonly message: string;
  readonly original: string;
}

async function insertRejectedRows(connection: DuckDBConnection, r: Rejections): Promise<void> {
  const common = `${r.batchId}, ${quoteLiteral(r.dataset)}, ${quoteLiteral(r.fileName)}`;
  await connection.run(
    `insert into quarantine.rejected_rows (batch_id, dataset, file_name, line_no, reason_code, message, original)
     select ${common}, __line_no, __reason, ${r.message}, ${r.original}
     from ${r.checked} where __reason is not null order by __line_no`,
  );
  if (r.malformed) {
    await connection.run(
      `insert into quarantine.rejected_rows (batch_id, dataset, file_name, line_no, reason_code, message, original)
       select ${common}, line_no, 'MALFORMED_ROW', 'the record does not fit the header: ' || message, to_json({'text': text})
       from ${r.malformed} order by line_no`,
    );
  }
}

type BatchRow = Record<string, string | number | Date | string[] | null>;

async function insertBatch(connection: DuckDBConnection, row: BatchRow): Promise<void> {
  const finished = new Date();
  const started = row.started_at as Date;
  const full: BatchRow = { ...row, finished_at: finished, duration_ms: finished.getTime() - started.getTime() };
  const names = Object.keys(full);
  const values = names.map((n) => sqlValue(full[n]));
  await connection.run(`insert into lineage.batches (${names.join(", ")}) values (${values.join(", ")})`);
}

function sqlValue(value: BatchRow[string]): string {
  if (value === null) return "null";
  if (value instanceof Date) return `timestamp ${quoteLiteral(value.toISOString().replace("T", " ").replace("Z", ""))}`;
  if (Array.isArray(value)) return `[${value.map((v) => quoteLiteral(v)).join(", ")}]::varchar[]`;
  if (typeof value === "number") return String(value);
  return quoteLiteral(value);
}

/** Temp relations of this load carry its tag (`<batch id>t`) in their names. */
async function dropTempRelations(connection: DuckDBConnection, tag: string): Promise<void> {
  const reader = await connection.runAndReadAll(
    `select table_name, table_type from information_schema.tables where table_catalog = 'temp' and table_name like ${quoteLiteral(`%\\_${tag}%`)} escape '\\'`,
  );
  const relations = reader.getRows().map(([name, type]) => ({ name: String(name), view: type === "VIEW" }));
  for (const r of relations.filter((r) => r.view)) await connection.run(`drop view if exists temp.main.${quoteIdent(r.name)}`);
  for (const r of relations.filter((r) => !r.view)) await connection.run(`drop table if exists temp.main.${quoteIdent(r.name)}`);
}
