import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestPaths } from "../../etl/ingest/ingest.js";
import { INGEST_LIMIT_DEFAULTS, ingestLimits } from "../../etl/ingest/ingest-settings.js";
import { openWarehouse, type Warehouse } from "../../etl/warehouse/warehouse.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { writeJsonArray, writeParquet, writeXlsx } from "../helpers/write-formats.js";

const ROOT = new URL("../..", import.meta.url).pathname;
const SI_HEADERS = ["ma_don_vi", "ten_don_vi", "ma_so_thue", "ky", "so_lao_dong", "quy_luong"];

/** The SI contract's columns, then `extra_N` up to `columns` in all; `rows` rows. */
function wideTable(columns: number, rows: number) {
  const headers = [...SI_HEADERS, ...Array.from({ length: columns - SI_HEADERS.length }, (_, i) => `extra_${i + 1}`)];
  const row = (r: number) => [`U${r}`, `Công ty ${r}`, "", "06/2024", "3", "21000000", ...headers.slice(SI_HEADERS.length).map((_, i) => String((r + i) % 10))];
  return { headers, rows: Array.from({ length: rows }, (_, r) => row(r)) };
}

/**
 * Wall and CPU time of a refusal. CPU time (every thread of this process, DuckDB's too)
 * is the bound asserted: it is the refusal's own cost, unlike wall time on a shared
 * machine; wall time gets a looser bound.
 */
async function timed<T>(work: () => Promise<T>): Promise<{ result: T; wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const used = process.cpuUsage(cpu);
  return { result, wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

function expectFast(t: { wallMs: number; cpuMs: number }, cpuMs = 1000): void {
  expect(t.cpuMs).toBeLessThan(cpuMs);
  expect(t.wallMs).toBeLessThan(cpuMs * 3);
}

function writeWideCsv(path: string, columns: number, rows: number, delimiter: string): void {
  const t = wideTable(columns, rows);
  writeFileSync(path, `${[t.headers, ...t.rows].map((r) => r.join(delimiter)).join("\n")}\n`);
}

describe("files wider than MAX_COLUMNS are refused at once, before any row is read, naming the count", () => {
  const tmp = makeTempDir();
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await openWarehouse(join(tmp.dir, "w.duckdb"));
    // Warm up (lazy imports, JIT) so the first timed refusal measures the refusal alone.
    const warm = join(tmp.dir, "si_contributions.warm-up.csv");
    writeWideCsv(warm, 600, 1, ",");
    await ingestPaths(warehouse.connection, [warm]);
  });
  afterAll(async () => {
    await warehouse.close();
    tmp.remove();
  });

  const csvClass = [
    { delimiter: ",", name: "commas" },
    { delimiter: ";", name: "semicolons" },
    { delimiter: "\t", name: "tabs" },
  ].flatMap((d) => [501, 5_000, 50_000].map((columns) => ({ ...d, columns })));

  it.each(csvClass)("CSV separated by $name with $columns columns (2 rows)", async ({ delimiter, name, columns }) => {
    const file = join(tmp.dir, `si_contributions.wide-${name}-${columns}.csv`);
    writeWideCsv(file, columns, 2, delimiter);
    const t = await timed(() => ingestPaths(warehouse.connection, [file]));
    const [report] = t.result;
    expectFast(t);
    expect(report.status).toBe("REJECTED");
    expect(report.file).toBe(file);
    expect(report.message).toBe(
      `rejected whole: the file has ${columns} columns (fields of the header line, separated by ${name}), more than the 500 accepted (MAX_COLUMNS, or --max-columns); no dataset has that many: is it the right file?`,
    );
  });

  it("a 640 KB CSV of 50,000 columns (the red team's file) is refused in well under a second", async () => {
    const file = join(tmp.dir, "si_contributions.redteam.csv");
    const header = Array.from({ length: 50_000 }, (_, i) => `c${i}`).join(",");
    const row = Array.from({ length: 50_000 }, () => "1").join(",");
    writeFileSync(file, `${header}\n${row}\n${row}\n${row}\n`);
    const t = await timed(() => ingestPaths(warehouse.connection, [file]));
    expectFast(t);
    expect(t.result[0].message).toContain("the file has 50000 columns");
  });

  it("exactly MAX_COLUMNS columns load (unknown columns kept), and the limit is a setting (MAX_COLUMNS, --max-columns)", async () => {
    const file = join(tmp.dir, "si_contributions.at-limit.csv");
    writeWideCsv(file, 500, 3, ",");
    const [report] = await ingestPaths(warehouse.connection, [file]);
    expect(report).toMatchObject({ status: "LOADED", rowsLoaded: 3 });
    expect(report.unknownColumns).toHaveLength(494);

    const narrow = join(tmp.dir, "si_contributions.narrow-limit.csv");
    writeWideCsv(narrow, 8, 1, ",");
    const [refused] = await ingestPaths(warehouse.connection, [narrow], { limits: ingestLimits({ MAX_COLUMNS: "7" }) });
    expect(refused.message).toContain("the file has 8 columns (fields of the header line, separated by commas), more than the 7 accepted");
    expect(ingestLimits({})).toEqual(INGEST_LIMIT_DEFAULTS);
    expect(() => ingestLimits({ MAX_COLUMNS: "0", REPLACE_MIN_ROW_SHARE: "2" })).toThrow(
      'MAX_COLUMNS must be a whole number ≥ 1, got "0"; REPLACE_MIN_ROW_SHARE must be a share between 0 and 1, got "2"',
    );
  });

  it.each([501, 16_384])("XLSX with %i columns in its header row", async (columns) => {
    const file = join(tmp.dir, `si_contributions.wide-${columns}.xlsx`);
    await writeXlsx(file, wideTable(columns, 2));
    const t = await timed(() => ingestPaths(warehouse.connection, [file]));
    expect(t.result[0].file).toBe(file);
    expect(t.result[0].message).toBe(
      `rejected whole: the file has ${columns} columns (cells of the header row of sheet 1), more than the 500 accepted (MAX_COLUMNS, or --max-columns); no dataset has that many: is it the right file?`,
    );
    expectFast(t, columns > 1000 ? 3000 : 1000);
  });

  it.each([501, 5_000])("JSON whose objects have %i distinct keys", async (columns) => {
    const file = join(tmp.dir, `si_contributions.wide-${columns}.json`);
    writeJsonArray(file, wideTable(columns, 2));
    const t = await timed(() => ingestPaths(warehouse.connection, [file]));
    expect(t.result[0].message).toContain(`the file has ${columns} columns (distinct keys of its objects), more than the 500 accepted`);
    expectFast(t);
  });

  it("JSON whose keys differ from object to object counts every distinct key", async () => {
    const file = join(tmp.dir, "si_contributions.scattered.ndjson");
    writeFileSync(
      file,
      Array.from({ length: 600 }, (_, i) =>
        JSON.stringify({ ma_don_vi: `U${i}`, ten_don_vi: "A", ky: "06/2024", so_lao_dong: "1", quy_luong: "1", [`k${i}`]: "x" }),
      ).join("\n"),
    );
    const [report] = await ingestPaths(warehouse.connection, [file]);
    expect(report.message).toContain("the file has 605 columns (distinct keys of its objects)");
  });

  it.each([501, 2_000])("Parquet with %i columns in its schema", async (columns) => {
    const file = join(tmp.dir, `si_contributions.wide-${columns}.parquet`);
    await writeParquet(file, wideTable(columns, 2), join(tmp.dir, `scratch-${columns}.csv`));
    const t = await timed(() => ingestPaths(warehouse.connection, [file]));
    expect(t.result[0].message).toContain(`the file has ${columns} columns (columns of its Parquet schema), more than the 500 accepted`);
    expectFast(t);
  });

  it("nothing of a refused file is loaded; each refusal is one REJECTED batch with its message", async () => {
    const [[loaded, rejected, undefinedMessages]] = (
      await warehouse.connection.runAndReadAll(`
      select (select count(*)::int from raw.si_contributions where batch_id in (select batch_id from lineage.batches where status = 'REJECTED')),
             (select count(*)::int from lineage.batches where status = 'REJECTED' and message like '%columns%'),
             (select count(*)::int from lineage.batches where message like '%undefined%')`)
    ).getRowsJS();
    expect([loaded, rejected, undefinedMessages]).toEqual([0, 1 + csvClass.length + 1 + 1 + 2 + 2 + 1 + 2, 0]);
  });
});

describe("--max-columns on the command line", () => {
  const tmp = makeTempDir();
  afterAll(() => tmp.remove());
  it("overrides MAX_COLUMNS for the run and exits 1 naming the file (once) and the count", () => {
    const file = join(tmp.dir, "si_contributions.csv");
    writeWideCsv(file, 40, 1, ";");
    const r = spawnSync(
      process.execPath,
      ["--import", "tsx", join(ROOT, "etl/cli.ts"), "ingest", file, "--max-columns", "30", "--db", join(tmp.dir, "w.duckdb")],
      {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, MAX_COLUMNS: "1000" },
      },
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      `REJECTED  ${basename(file)}: rejected whole: the file has 40 columns (fields of the header line, separated by semicolons), more than the 30 accepted`,
    );
    expect(r.stdout).not.toContain(file);
  }, 60_000);
});
