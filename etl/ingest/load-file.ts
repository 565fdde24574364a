import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { failpoint } from "../../core/warehouse/failpoint.js";
import { quoteIdent, quoteLiteral } from "../../core/warehouse/sql-text.js";
import { DATASETS, type DatasetContract } from "../sources/index.js";
import type { BatchReport, ProgressSink } from "./batch-report.js";
import type { FileFormat, InputFile } from "./discover-files.js";
import { sha256OfFile } from "./file-hash.js";
import { type HeaderMapping, mapHeaders } from "./header-mapping.js";
import { FileRejectedError } from "./ingest-errors.js";
import { type IngestLimits, ingestLimits } from "./ingest-settings.js";
import { runWithProgress } from "./query-progress.js";
import { malformedLines } from "./readers/csv-reader.js";
import { openFile, readsDirectly, stageFile } from "./readers/stage-file.js";
import { fileKeys, refuseSilentReplacement, replacementImpact, supersedeRows } from "./replacement.js";
import { FileValidation, hasCrossRowChecks } from "./validation-sql.js";

export interface LoadOptions {
  /** Snapshot date for files without `ngay_du_lieu` (yyyy-mm-dd); default today. */
  readonly asOf?: string;
  readonly sheet?: string;
  readonly progress: ProgressSink;
  /** Confirms a re-delivery that would take much of a period out of effect (`--replace`). */
  readonly replace?: boolean;
  /** Width and replacement limits (MAX_COLUMNS, REPLACE_*); default from the environment. */
  readonly limits?: IngestLimits;
  /**
   * Reads a CSV, JSON or Parquet file straight into `raw.<dataset>` in two passes
   * (`loadDirect`) instead of staging it. It stores the same rows
   * (test/etl/typed-ingest.test.ts) but is slower on large files, so it is not the
   * default: 4.5 s against 3.5 s for 744,108 social-insurance rows in one file, because
   * DuckDB rewrites at commit the row groups an insert has already written to the file
   * once rows appended in the same transaction are updated (numbered) or deleted (set
   * aside); on files of a few thousand rows the two take the same time.
   */
  readonly direct?: boolean;
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
 * Loads one file atomically: every statement that changes the warehouse runs in one
 * DuckDB transaction, so an error or a killed process leaves the warehouse as it was
 * before the file.
 *
 * Every file is read once by its reader into a temp table and judged there in the same
 * statement, then the rows that pass are appended to `raw.<dataset>`, typed, in one
 * insert (`loadStaged`). `options.direct` reads CSV, JSON and Parquet files of datasets
 * without cross-row checks straight into the raw table instead (`loadDirect`).
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
  const transaction = new Transaction(connection);
  const restoreOrder = await preserveInsertionOrder(connection);
  try {
    const load: Load = { connection, path, contract, format: file.format, batchId, asOf, tag, tempDir, options, limits, started, transaction };
    const direct = options.direct === true && readsDirectly(file.format) && !hasCrossRowChecks(contract);
    const loaded = direct ? await loadDirect(load) : await loadStaged(load);
    const { counts, mapping } = loaded;
    await insertBatch(connection, {
      ...base,
      encoding: loaded.encoding,
      delimiter: loaded.delimiter ?? null,
      sheet: loaded.sheet ?? null,
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
    await transaction.commit();
    return {
      file: path,
      dataset: file.dataset,
      status: "LOADED",
      batchId,
      encoding: loaded.encoding,
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
    await transaction.rollback();
    const rejection = asRejection(path, error);
    await insertBatch(connection, {
      ...base,
      status: "REJECTED",
      message: rejection.reason,
      rows_read: 0,
      rows_loaded: 0,
      rows_rejected: 0,
      rows_replaced: 0,
    });
    return { ...emptyReport(file, started), status: "REJECTED", batchId, message: rejection.reason };
  } finally {
    await restoreOrder();
    await dropTempRelations(connection, tag);
    rmSync(tempDir, { recursive: true, force: true });
  }
}

/** One file's load in progress: what the two ways of loading share. */
interface Load {
  readonly connection: DuckDBConnection;
  readonly path: string;
  readonly contract: DatasetContract;
  readonly format: FileFormat;
  readonly batchId: number;
  readonly asOf: string;
  readonly tag: string;
  readonly tempDir: string;
  readonly options: LoadOptions;
  readonly limits: IngestLimits;
  readonly started: Date;
  readonly transaction: Transaction;
}

/** What a load leaves to record on the batch. */
interface Loaded {
  readonly counts: Counts;
  readonly mapping: HeaderMapping;
  readonly encoding: string;
  readonly delimiter?: string;
  readonly sheet?: string;
}

/** The file's transaction: begun once, committed or rolled back once. */
class Transaction {
  #open = false;
  constructor(private readonly connection: DuckDBConnection) {}
  async begin(): Promise<void> {
    await this.connection.run("begin transaction");
    this.#open = true;
  }
  async commit(): Promise<void> {
    await this.connection.run("commit");
    this.#open = false;
  }
  async rollback(): Promise<void> {
    if (this.#open) await this.connection.run("rollback").catch(() => {});
    this.#open = false;
  }
}

/**
 * A typed load in two passes, in the file's transaction:
 * 1. DuckDB's reader reads the file once, straight into `raw.<dataset>`: each value by its
 *    fast parser (or as a Parquet file types it); a row every check passes gets the batch
 *    number, any other (a check fails, or a value is in a form only the careful parsers
 *    read: `1.234.567`, `06/2024`, ` 12 `…) gets its negative with its text in `extra`.
 * 2. The rows are numbered by their order (record numbers, the header being 1).
 * 3. The second pass reads the set-aside rows alone and judges them with the careful
 *    parsers: those that pass go to `raw.<dataset>` typed, the others to the quarantine
 *    with their reason; the set-aside rows are deleted.
 * Then the re-delivery guard, the superseding of earlier rows, the quarantine and the
 * batch's lineage, as for every load.
 */
async function loadDirect(load: Load): Promise<Loaded> {
  const { connection, path, contract, batchId, asOf, tag, options } = load;
  const name = basename(path);
  options.progress.update(`${name}: reading`, 0);
  const source = await openFile(connection, load.format, { path, tag, tempDir: load.tempDir, maxColumns: load.limits.maxColumns });
  const mapping = mapHeaders(path, contract, source.headers);
  const fast = new FileValidation(contract, mapping, asOf, source.types);
  const raw = `raw.${contract.id}`;
  const columns = `batch_id, line_no, ${contract.columns.map((c) => quoteIdent(c.name)).join(", ")}, extra, replace_key, row_key`;
  await load.transaction.begin();
  const inserted = await runWithProgress(
    connection,
    `insert into ${raw} (${columns}) ${fast.directSelect(source.select, batchId)}`,
    `${name}: reading`,
    options.progress,
  )
    .then((result) => result.rowsChanged)
    .catch((error: unknown) => (source.readError ? source.readError(error) : Promise.reject(error)));
  const malformedCount = source.rejects ? await malformedLines(connection, source.rejects) : 0;
  const malformed = malformedCount ? `${source.rejects}_lines` : undefined;
  await numberRows(connection, raw, batchId, malformed);

  options.progress.update(`${name}: validating`, 0);
  const careful = new FileValidation(contract, mapping, asOf);
  const judged = `judged_${tag}`;
  await connection.run(`create temp table ${judged} as ${careful.judgeRows(fast.secondPassSource(raw, batchId), ["__line_no", ...fast.headers])}`);
  await connection.run(`insert into ${raw} (${columns}) ${loadedRowsSql(careful, judged, batchId)}`);
  await connection.run(`delete from ${raw} where batch_id = ${-batchId}`);
  const counts = await countRows(connection, judged, careful.reasons, malformed);
  const setAside = counts.loaded + counts.rejected - malformedCount;
  counts.loaded += inserted - setAside;
  counts.read = counts.loaded + counts.rejected;

  const inEffect = `(select null::integer as __check, replace_key as __replace_key, row_key as __row_key from ${raw} where batch_id = ${batchId})`;
  const keys = await fileKeys(connection, contract, inEffect, tag);
  const earlier = { ...keys, condition: `(${keys.condition}) and batch_id <> ${batchId}` };
  counts.period = periodLabel(keys.periods);
  counts.periodKeys = keys.periods ? [...keys.periods] : undefined;
  options.progress.update(`${name}: writing`, 0);
  // Most files replace nothing (a new period): then there is nothing to weigh or supersede.
  if (await scalar(connection, `select exists (select 1 from ${raw} where ${earlier.condition})`)) {
    if (!options.replace) refuseSilentReplacement(path, contract.id, await replacementImpact(connection, contract, inEffect, earlier), load.limits);
    counts.replaced = await supersedeRows(connection, contract.id, earlier.condition, batchId, load.started);
  }
  await insertRejectedRows(connection, { dataset: contract.id, validation: careful, judged, hasMessage: false, malformed, batchId, fileName: name });
  return { counts, mapping, encoding: source.encoding, delimiter: source.delimiter };
}

/**
 * Numbers the rows just inserted by `loadDirect` (batch `batchId` or its negative) by
 * their order, which is the file's: DuckDB inserts in the reader's order
 * (`preserve_insertion_order`), so the i-th row inserted is record i + 2 (the header is
 * 1), shifted by the malformed records before it, which the reader did not insert.
 */
async function numberRows(connection: DuckDBConnection, raw: string, batchId: number, malformed: string | undefined): Promise<void> {
  const mine = `batch_id in (${batchId}, ${-batchId})`;
  const row = `(rowid - (select min(rowid) from ${raw} where ${mine}))`;
  if (!malformed) {
    await connection.run(`update ${raw} set line_no = ${row} + 2 where ${mine}`);
    return;
  }
  await connection.run(
    `update ${raw} set line_no = numbered.line_no
     from (
       with shifts as (
         select line_no - 2 - (row_number() over (order by line_no) - 1) as from_row, row_number() over (order by line_no) as shift from ${malformed}
       ), rows as (select rowid as rid, ${row} as i from ${raw} where ${mine})
       select rows.rid, rows.i + 2 + coalesce(shifts.shift, 0) as line_no from rows asof left join shifts on rows.i >= shifts.from_row
     ) numbered
     where ${raw}.rowid = numbered.rid`,
  );
}

/** The judged rows that load, typed, in file order: no sort when `judged` is in file order already. */
function loadedRowsSql(validation: FileValidation, judged: string, batchId: number, fileOrder = false): string {
  return `select ${batchId}, s.__line_no, ${validation.rawProjection()}, s.__replace_key, s.__row_key from ${judged} s where s.__check is null${fileOrder ? "" : " order by s.__line_no"}`;
}

/**
 * The staged load (the default): the file read into a temp table (XLSX through exceljs;
 * CSV, JSON and Parquet composed to NFC and judged with the careful parsers, each with a
 * fast path for the plain forms, in the statement that reads them), judged against other
 * rows or datasets where the contract says so, then the rows that pass appended to
 * `raw.<dataset>` typed, in file order, by one insert: nothing appended is changed
 * afterwards, so DuckDB writes each row group once.
 */
async function loadStaged(load: Load): Promise<Loaded> {
  const { connection, path, contract, batchId, asOf, tag, options } = load;
  // Reading and judging touch only this connection's temp relations, so they run
  // before the transaction: temp tables made there keep plain, file-ordered rowids.
  options.progress.update(`${basename(path)}: reading`, 0);
  const judge = (headers: readonly string[]) => {
    try {
      const validation = new FileValidation(contract, mapHeaders(path, contract, headers), asOf);
      return (source: string) => validation.judgeRows(source, headers);
    } catch {
      return undefined; // a required column is missing: reported below, after reading, as before
    }
  };
  const staged = await stageFile(connection, load.format, {
    path,
    tag,
    sheet: options.sheet,
    tempDir: load.tempDir,
    judge,
    maxColumns: load.limits.maxColumns,
  });
  const mapping = mapHeaders(path, contract, staged.headers);
  const validation = new FileValidation(contract, mapping, asOf);
  options.progress.update(`${basename(path)}: validating`, 0);
  // `judged`: __line_no, the file's columns, __check, __replace_key, __row_key (and __message after cross-row checks).
  let judged = staged.relation;
  // Rows numbered past malformed records (an ASOF join) or judged across rows (windows) may come out of order.
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
  if (!options.replace) refuseSilentReplacement(path, contract.id, await replacementImpact(connection, contract, judged, keys), load.limits);
  options.progress.update(`${basename(path)}: writing`, 0);
  await load.transaction.begin();
  // Replaced rows are kept, marked with this batch: `etl restore` brings them back.
  counts.replaced = await supersedeRows(connection, contract.id, keys.condition, batchId, load.started);
  const names = contract.columns.map((c) => quoteIdent(c.name)).join(", ");
  await runWithProgress(
    connection,
    `insert into raw.${contract.id} (batch_id, line_no, ${names}, extra, replace_key, row_key) ${loadedRowsSql(validation, judged, batchId, fileOrder)}`,
    `${basename(path)}: writing`,
    options.progress,
  );
  await insertRejectedRows(connection, {
    dataset: contract.id,
    validation,
    judged,
    hasMessage: validation.crossRow,
    malformed: staged.malformed,
    batchId,
    fileName: basename(path),
  });
  return { counts, mapping, encoding: staged.encoding, delimiter: staged.delimiter, sheet: staged.sheet };
}

/**
 * Makes sure DuckDB inserts rows in the order it reads them (the build turns that off
 * for its own statements); returns what puts the setting back.
 */
async function preserveInsertionOrder(connection: DuckDBConnection): Promise<() => Promise<void>> {
  const before = await scalar(connection, "select current_setting('preserve_insertion_order')");
  if (before === true || String(before) === "true") return async () => {};
  await connection.run("set preserve_insertion_order = true");
  return async () => {
    await connection.run("set preserve_insertion_order = false").catch(() => {});
  };
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
  const byCheck = await connection.runAndReadAll(`select __check, count(*)::bigint from ${judged} group by __check order by __check nulls first`);
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
  const like = `like ${quoteLiteral(`%\\_${tag}%`)} escape '\\'`;
  const reader = await connection.runAndReadAll(
    `select table_name, false from duckdb_tables() where temporary and table_name ${like}
     union all select view_name, true from duckdb_views() where temporary and view_name ${like}`,
  );
  const relations = reader.getRows().map(([name, view]) => ({ name: String(name), view: view === true }));
  for (const r of relations.filter((r) => r.view)) await connection.run(`drop view if exists temp.main.${quoteIdent(r.name)}`);
  for (const r of relations.filter((r) => !r.view)) await connection.run(`drop table if exists temp.main.${quoteIdent(r.name)}`);
}
