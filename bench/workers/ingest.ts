/**
 * Ingest part: our `ingestPaths` over the whole sample into a fresh warehouse file,
 * timed per file (with the phases ingest reports through its progress sink), then
 * the reference for every file: DuckDB's own typed load of the same file into a
 * bare table of a scratch database file (CSV, JSON, Parquet), or exceljs' streaming
 * parse alone (XLSX, which DuckDB cannot read without its `excel` extension).
 */
import { rmSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import ExcelJS from "exceljs";
import type { BatchReport } from "../../etl/ingest/batch-report.js";
import { ingestPaths } from "../../etl/ingest/ingest.js";
import { openWarehouse } from "../../etl/warehouse/warehouse.js";
import { peakRssMiB } from "../lib/stats.js";
import type { FileIngest, IngestInput, IngestResult, ReferenceLoad } from "../lib/types.js";
import { oneShotWorker, progress } from "../lib/worker-side.js";

const PHASES = ["reading", "validating", "writing"] as const;

oneShotWorker<IngestInput, IngestResult>(async (input) => {
  for (const suffix of ["", ".wal"]) rmSync(`${input.warehousePath}${suffix}`, { force: true });
  const warehouse = await openWarehouse(input.warehousePath);
  const files: FileIngest[] = [];
  const totalBytes = input.files.reduce((s, f) => s + f.bytes, 0);
  let doneBytes = 0;
  let fileStart = performance.now();
  let phaseStarts: Record<string, number> = {};
  const started = performance.now();
  try {
    await ingestPaths(warehouse.connection, [input.sampleDir], {
      progress: {
        update(label) {
          const phase = PHASES.find((p) => label.endsWith(`: ${p}`));
          if (phase && phaseStarts[phase] === undefined) phaseStarts[phase] = performance.now();
        },
      },
      onFile(report: BatchReport) {
        const now = performance.now();
        const name = basename(report.file);
        const bytes = statSync(report.file).size;
        const seconds = (now - fileStart) / 1000;
        files.push({
          file: name,
          dataset: report.dataset,
          status: report.status,
          message: report.message,
          bytes,
          rowsRead: report.rowsRead,
          rowsLoaded: report.rowsLoaded,
          rowsRejected: report.rowsRejected,
          seconds,
          phases: phaseSeconds(fileStart, phaseStarts, now),
        });
        doneBytes += bytes;
        progress(
          `ingest ${String(files.length).padStart(3)}/${input.files.length} ${report.status.padEnd(8)} ${name}: ${report.rowsRead.toLocaleString("en")} rows in ${seconds.toFixed(2)} s` +
            ` (${rate(report.rowsRead, seconds)} rows/s; ${((100 * doneBytes) / Math.max(1, totalBytes)).toFixed(0)} % of the bytes)`,
        );
        fileStart = now;
        phaseStarts = {};
      },
    });
    const ingestSeconds = (performance.now() - started) / 1000;
    const c0 = performance.now();
    await warehouse.connection.run("checkpoint");
    const checkpointSeconds = (performance.now() - c0) / 1000;
    const ingestPeakRssMiB = peakRssMiB();
    const duckdbVersion = String((await warehouse.connection.runAndReadAll("select version()")).getRows()[0][0]);
    await warehouse.close();

    const references = input.measureReferences ? await measureReferences(input) : [];
    return { files, references, ingestSeconds, checkpointSeconds, ingestPeakRssMiB, peakRssMiB: peakRssMiB(), duckdbVersion };
  } catch (error) {
    await warehouse.close().catch(() => {});
    throw error;
  }
});

function phaseSeconds(start: number, starts: Record<string, number>, end: number): Record<string, number> {
  // prepare (hash, duplicate check) → reading (stage) → validating → writing (replace, insert, quarantine, commit)
  const marks: [string, number][] = [["prepare", start], ...PHASES.filter((p) => starts[p] !== undefined).map((p): [string, number] => [p, starts[p]])];
  const out: Record<string, number> = {};
  marks.forEach(([name, t], i) => {
    out[name] = ((i + 1 < marks.length ? marks[i + 1][1] : end) - t) / 1000;
  });
  return out;
}

function rate(rows: number, seconds: number): string {
  return seconds > 0 ? Math.round(rows / seconds).toLocaleString("en") : "–";
}

async function measureReferences(input: IngestInput): Promise<ReferenceLoad[]> {
  for (const suffix of ["", ".wal"]) rmSync(`${input.referenceDbPath}${suffix}`, { force: true });
  const instance = await DuckDBInstance.create(input.referenceDbPath);
  const connection = await instance.connect();
  const out: ReferenceLoad[] = [];
  try {
    for (const [i, file] of input.files.entries()) {
      const path = join(input.sampleDir, file.file);
      let result: ReferenceLoad;
      try {
        result = await referenceLoad(connection, path, file.format, file.encoding, file.rows);
      } catch (error) {
        result = { file: file.file, method: "failed", seconds: Number.NaN, rowsStored: 0, note: (error as Error).message.split("\n")[0] };
      }
      out.push(result);
      progress(
        `reference ${String(i + 1).padStart(3)}/${input.files.length} ${file.file}: ${result.method} in ${result.seconds.toFixed(3)} s (${rate(file.rows, result.seconds)} rows/s)`,
      );
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
    for (const suffix of ["", ".wal"]) rmSync(`${input.referenceDbPath}${suffix}`, { force: true });
  }
  return out;
}

type Connection = Awaited<ReturnType<DuckDBInstance["connect"]>>;

const sqlText = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * The limit for one file. CSV: the sniffer's dialect and column types (untimed) make a
 * typed bare table, then the timed statement is DuckDB's own parallel reader with those
 * settings inserting into it (what `COPY bare FROM file` does), skipping rows that do not
 * fit the sniffed types. Legacy 8-bit encodings, which DuckDB cannot decode, are read as
 * latin-1 (same bytes, same parsing work).
 */
async function referenceLoad(connection: Connection, path: string, format: string, encoding: string, rows: number): Promise<ReferenceLoad> {
  const file = basename(path);
  await connection.run("drop table if exists bare");
  if (format === "csv") {
    const legacy = !encoding.startsWith("utf-8");
    const encodingOption = legacy ? ", encoding = 'latin-1'" : "";
    const sniff = await connection.runAndReadAll(`select Prompt from sniff_csv(${sqlText(path)}${encodingOption})`);
    const prompt = String(sniff.getRows()[0][0]).trim().replace(/;$/, "");
    if (!/^FROM read_csv\(.*\)$/s.test(prompt)) throw new Error(`unexpected sniff_csv prompt: ${prompt.slice(0, 80)}`);
    const reader = `${prompt.slice(0, -1)}${encodingOption}, ignore_errors = true)`;
    await connection.run(`create table bare as select * ${reader} limit 0`);
    const t0 = performance.now();
    await connection.run(`insert into bare select * ${reader}`);
    const seconds = (performance.now() - t0) / 1000;
    const stored = await count(connection);
    return { file, method: `typed read_csv → bare table${legacy ? " (latin-1)" : ""}`, seconds, rowsStored: stored };
  }
  if (format === "json" || format === "ndjson" || format === "jsonl") {
    const t0 = performance.now();
    let method = "read_json → bare table";
    try {
      await connection.run(`create table bare as select * from read_json(${sqlText(path)})`);
    } catch {
      // typed detection met a value of another type further down: the whole file typed from all rows
      await connection.run("drop table if exists bare");
      method = "read_json (sample_size = -1) → bare table";
      await connection.run(`create table bare as select * from read_json(${sqlText(path)}, sample_size = -1)`);
    }
    const seconds = (performance.now() - t0) / 1000;
    return { file, method, seconds, rowsStored: await count(connection) };
  }
  if (format === "parquet") {
    const t0 = performance.now();
    await connection.run(`create table bare as select * from read_parquet(${sqlText(path)})`);
    const seconds = (performance.now() - t0) / 1000;
    return { file, method: "read_parquet → bare table", seconds, rowsStored: await count(connection) };
  }
  if (format === "xlsx") {
    const t0 = performance.now();
    const parsed = await exceljsParseOnly(path);
    const seconds = (performance.now() - t0) / 1000;
    return { file, method: "exceljs streaming parse only (no DuckDB xlsx reader offline)", seconds, rowsStored: parsed, note: `${rows} data rows` };
  }
  throw new Error(`no reference for format ${format}`);
}

async function count(connection: Connection): Promise<number> {
  return Number((await connection.runAndReadAll("select count(*) from bare")).getRows()[0][0]);
}

/** exceljs' streaming reader over the first sheet with the options ingest uses, reading every row's values. */
async function exceljsParseOnly(path: string): Promise<number> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  let rows = 0;
  let first = true;
  for await (const sheet of reader) {
    if (!first) continue;
    first = false;
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      if ((row.values as unknown[]).length > 0) rows++;
    }
  }
  return rows;
}
