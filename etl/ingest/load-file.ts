import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { failpoint } from "../../core/warehouse/failpoint.js";
import { quoteIdent, quoteLiteral } from "../../core/warehouse/sql-text.js";
import { DATASETS, type DatasetContract } from "../sources/index.js";
import type { BatchReport, ProgressSink } from "./batch-report.js";
import type { InputFile } from "./discover-files.js";
import { sha256OfFile } from "./file-hash.js";
import { mapHeaders } from "./header-mapping.js";
import { FileRejectedError } from "./ingest-errors.js";
import { type IngestLimits, ingestLimits } from "./ingest-settings.js";
import { runWithProgress } from "./query-progress.js";
import { stageFile } from "./readers/stage-file.js";
import { fileKeys, refuseSilentReplacement, replacementImpact, supersedeRows } from "./replacement.js";
import { FileValidation } from "./validation-sql.js";

export interface LoadOptions {
  /** Snapshot date for files without `ngay_du_lieu` (yyyy-mm-dd); default today. */
  readonly asOf?: string;
  readonly sheet?: string;
  readonly progress: ProgressSink;
  /** Confirms a re-delivery that would take much of a period out of effect (`--replace`). */
  readonly replace?: boolean;
  /** Width and replacement limits (MAX_COLUMNS, REPLACE_*); default from the environment. */
  readonly limits?: IngestLimits;
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
  const limits = options.limits ?? ingestLimits();
  const sha256 = await sha256OfFile(path);
  const earlier = await sameContentBatches(connection, file.dataset, sha256);
  const duplicate = earlier.find((b) => b.inEffect || !b.superseded);
  if (duplicate !== undefined) {
    const partly = duplicate.superseded ? ` (some of its rows are superseded: npm run etl -- restore ${duplicate.batchId} puts them back in effect)` : "";
    return {
      ...emptyReport(file, started),
      status: "SKIPPED",
      duplicateOf: duplicate.batchId,
      message: `same content as batch ${duplicate.batchId}: skipped${partly}`,
    };
  }
  const batchId = await nextBatchId(connection);
  const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
  const tempDir = mkdtempSync(join(tmpdir(), "uap-ingest-"));
  const contract = DATASETS[file.dataset];
  const tag = `${batchId}t`;
  const base = {
    batch_id: batchId,
    dataset: file.dataset,
    file_path: path,
    file_name: basename(path),
    file_format: file.format,
    sha256,
    file_bytes: statSync(path).size,
    as_of: asOf,
    started_at: started,
  };
  let inTransaction = false;
  try {
    // Reading and judging touch only this connection's temp relations, so they run
    // before the transaction: temp tables made there keep plain, file-ordered rowids.
    // CSV, JSON and Parquet are read, composed to NFC and judged in one statement.
    options.progress.update(`${basename(path)}: reading`, 0);
    const judge = (headers: readonly string[]) => {
      try {
        const validation = new FileValidation(contract, mapHeaders(path, contract, headers), asOf);
        return (source: string) => validation.judgeRows(source, headers);
      } catch {
        return undefined; // a required column is missing: reported below, after reading, as before
      }
    };
    const staged = await stageFile(connection, file.format, { path, tag, sheet: options.sheet, tempDir, judge, maxColumns: limits.maxColumns });
    const mapping = mapHeaders(path, contract, staged.headers);
    const validation = new FileValidation(contract, mapping, asOf);
    options.progress.update(`${basename(path)}: validating`, 0);
    // `judged`: __line_no, the file's columns, __check, __replace_key, __row_key (and __message after cross-row checks).
    let judged = staged.relation;
    let fileOrder = !staged.malformed;
    if (!staged.judged) {
      judged = `judged_${tag}`;
      await runWithProgress(
        connection,
        `create temp table ${judged} as ${validation.judgeRows(staged.relation, ["__line_no", ...staged.headers])}`,
        `${basename(path)}: validating`,
        options.progress,
      );
      fileOrder = true;
    }
    if (validation.crossRow) {
      const checked = `checked_${tag}`;
      await connection.run(`create temp table ${checked} as ${validation.crossRowSql(judged)}`);
      judged = checked;
      fileOrder = false;
    }
    const counts = await countRows(connection, judged, validation.reasons, staged.malformed);
    const keys = await fileKeys(connection, contract, judged, tag);
    counts.period = periodLabel(keys.periods);
    counts.periodKeys = keys.periods ? [...keys.periods] : undefined;
    if (!options.replace) refuseSilentReplacement(path, contract.id, await replacementImpact(connection, contract, judged, keys), limits);
    options.progress.update(`${basename(path)}: writing`, 0);
    await connection.run("begin transaction");
    inTransaction = true;
    // Replaced rows are kept, marked with this batch: `etl restore` brings them back.
    counts.replaced = await supersedeRows(connection, contract.id, keys.condition, batchId, started);
    await runWithProgress(connection, insertLoadedRowsSql(contract, validation, judged, batchId, fileOrder), `${basename(path)}: writing`, options.progress);
    await insertRejectedRows(connection, {
      dataset: contract.id,
      validation,
      judged,
      hasMessage: validation.crossRow,
      malformed: staged.malformed,
      batchId,
      fileName: basename(path),
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
      ...(earlier.length ? { message: `same content as batch ${earlier[0].batchId}, whose rows had all been superseded: loaded again` } : {}),
    };
  } catch (error) {
    // DuckDB may have rolled back already (a commit that failed, e.g. on a full disk).
    if (inTransaction) await connection.run("rollback").catch(() => {});
    const rejection = asRejection(path, error);
    await insertBatch(connection, {
      ...base,
      status: "REJECTED",
      message: rejection.message,
      rows_read: 0,
      rows_loaded: 0,
      rows_rejected: 0,
      rows_replaced: 0,
    });
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

interface EarlierBatch {
  readonly batchId: number;
  /** Some of its rows are in effect. */
  readonly inEffect: boolean;
  /** Some of its rows were superseded by a later file. */
  readonly superseded: boolean;
}

/**
 * Loaded batches of the same content. One with rows in effect (or that loaded no row)
 * makes the file a duplicate; one whose rows were all superseded does not: loading the
 * file again is how an operator undoes a replacement by file (or `etl restore`).
 */
async function sameContentBatches(connection: DuckDBConnection, dataset: string, sha256: string): Promise<EarlierBatch[]> {
  const reader = await connection.runAndReadAll(
    `select b.batch_id, exists (select 1 from raw.${dataset} r where r.batch_id = b.batch_id), exists (select 1 from superseded.${dataset} s where s.batch_id = b.batch_id)
     from lineage.batches b where b.status = 'LOADED' and b.dataset = ${quoteLiteral(dataset)} and b.sha256 = ${quoteLiteral(sha256)} order by b.batch_id`,
  );
  return reader.getRowsJS().map(([id, inEffect, superseded]) => ({ batchId: Number(id), inEffect: Boolean(inEffect), superseded: Boolean(superseded) }));
}

/** `2024-06-01`, or `min..max` when the file holds several periods; undefined for datasets replaced by key. */
function periodLabel(periods: readonly string[] | undefined): string | undefined {
  if (!periods?.length) return undefined;
  return periods.length === 1 ? periods[0] : `${periods[0]}..${periods[periods.length - 1]}`;
}

async function nextBatchId(connection: DuckDBConnection): Promise<number> {
  return Number(await scalar(connection, "select nextval('lineage.batch_id_seq')"));
}

/** Rows read, loaded and rejected by reason: `__check` numbers the check a row broke (`reasons[__check]`). */
async function countRows(connection: DuckDBConnection, judged: string, reasons: readonly string[], malformed: string | undefined): Promise<Counts> {
  const counts: Counts = { read: 0, loaded: 0, rejected: 0, replaced: 0, byReason: {} };
  const add = (reason: string, n: number) => {
    counts.byReason[reason] = (counts.byReason[reason] ?? 0) + n;
    counts.rejected += n;
  };
  const byCheck = await connection.runAndReadAll(`select __check, count(*)::bigint from ${judged} group by __check`);
  for (const [check, n] of byCheck.getRows()) {
    if (check === null) counts.loaded += Number(n);
    else add(reasons[Number(check)], Number(n));
  }
  if (malformed) {
    const n = Number((await connection.runAndReadAll(`select count(*) from ${malformed}`)).getRows()[0][0]);
    if (n) add("MALFORMED_ROW", n);
  }
  counts.read = counts.loaded + counts.rejected;
  return counts;
}

/** The rows that load, in file order: no sort when the judged relation is already in file order. */
function insertLoadedRowsSql(contract: DatasetContract, validation: FileValidation, judged: string, batchId: number, fileOrder: boolean): string {
  const names = contract.columns.map((c) => quoteIdent(c.name)).join(", ");
  return `insert into raw.${contract.id} (batch_id, line_no, ${names}, extra, replace_key, row_key)
     select ${batchId}, s.__line_no, ${validation.rawProjection()}, s.__replace_key, s.__row_key from ${judged} s where s.__check is null${fileOrder ? "" : " order by s.__line_no"}`;
}

interface Rejections {
  readonly dataset: string;
  readonly validation: FileValidation;
  readonly judged: string;
  /** Whether `judged` has `__message` (cross-row checks). */
  readonly hasMessage: boolean;
  readonly malformed: string | undefined;
  readonly batchId: number;
  readonly fileName: string;
}

async function insertRejectedRows(connection: DuckDBConnection, r: Rejections): Promise<void> {
  const common = `${r.batchId}, ${quoteLiteral(r.dataset)}, ${quoteLiteral(r.fileName)}`;
  await connection.run(
    `insert into quarantine.rejected_rows (batch_id, dataset, file_name, line_no, reason_code, message, original)
     select ${common}, line_no, reason_code, message, original
     from (${r.validation.rejectedRowsSql(r.judged, r.hasMessage)}) order by line_no`,
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
