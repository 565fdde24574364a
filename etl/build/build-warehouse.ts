import { readFileSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import { importLinkDecisions } from "../../core/records/link-decision-log.js";
import { type BuildConfig, readBuildConfig } from "../../core/settings/build-config.js";
import { failpoint } from "../../core/warehouse/failpoint.js";
import { MODEL_MANIFEST, MODELS_DIR, type ModelEntry, type ModelLayer } from "./model-manifest.js";
import { DATA_TESTS, type DataTest, type DataTestResult, describeFailure, runDataTest } from "./model-tests.js";
import { DEFAULT_REFERENCE_DIR, loadReferenceTable, REFERENCE_TABLES } from "./reference-tables.js";
import { retryUnknownUnions } from "./retry-unknown-unions.js";
import { dropShadows, SHADOW_PREFIX, shadowName, toShadows } from "./shadow-tables.js";

export interface BuildOptions {
  /** Called before each step: the step's name, steps done so far, and the total. */
  readonly onProgress?: (step: string, done: number, total: number) => void;
  /** Folder of the reference CSVs (default etl/reference). */
  readonly referenceDir?: string;
  /** Further data tests run after the built-in ones (they fail the build the same way). */
  readonly extraTests?: readonly DataTest[];
  /** Analysts' link decisions recorded through the API (core/records/link-decision-log.ts), imported into link.decisions before the models. */
  readonly linkDecisionsFile?: string;
  /** Memory limit, spill folder and threads of the build; default readBuildConfig() (BUILD_MEMORY_LIMIT, BUILD_TEMP_DIR, BUILD_THREADS). */
  readonly settings?: BuildConfig;
}

export interface ModelRun {
  readonly model: string;
  readonly layer: ModelLayer;
  readonly file: string;
  readonly seconds: number;
  /** Rows of the table built; null for macro files. */
  readonly rows: number | null;
}

export interface BuildReport {
  readonly startedAt: Date;
  readonly seconds: number;
  /** `ref.<table>` loaded from the reference CSVs, with their row counts. */
  readonly references: readonly { readonly table: string; readonly rows: number }[];
  /** Every model file run, in order, with its time and row count. */
  readonly models: readonly ModelRun[];
  readonly secondsByModel: Readonly<Record<string, number>>;
  readonly rowsByModel: Readonly<Record<string, number>>;
  readonly testsRun: number;
  readonly tests: readonly DataTestResult[];
  /** Quarantined UNKNOWN_UNION membership rows released into raw.union_membership by this build. */
  readonly rowsReleased: number;
  /** UNKNOWN_UNION rows whose union is known but whose union-year a later batch already delivered. */
  readonly rowsSuperseded: number;
  /** UNKNOWN_UNION rows still waiting for their union. */
  readonly rowsPending: number;
  /** Link decisions imported from the decisions file by this build (new ones only). */
  readonly linkDecisionsImported: number;
  /** The DuckDB settings the build ran with (BUILD_MEMORY_LIMIT, BUILD_TEMP_DIR, BUILD_THREADS). */
  readonly settings: { readonly memoryLimit: string; readonly tempDirectory: string; readonly threads: number };
  /** Seconds of the closing transaction that swapped the new tables in. */
  readonly swapSeconds: number;
  /** Tables a build that died had left behind, dropped before this one started. */
  readonly leftoversDropped: readonly string[];
}

/** A build that failed: nothing of it was committed, the previous build stands. */
export class BuildFailedError extends Error {
  constructor(
    message: string,
    readonly failures: readonly DataTestResult[] = [],
    readonly step?: string,
  ) {
    super(message);
    this.name = "BuildFailedError";
  }
}

function modelSql(entry: ModelEntry): string {
  return readFileSync(new URL(entry.file, MODELS_DIR), "utf8");
}

async function count(connection: DuckDBConnection, sql: string): Promise<number> {
  const reader = await connection.runAndReadAll(sql);
  return Number(reader.getRows()[0][0]);
}

const secondsSince = (start: number) => (performance.now() - start) / 1000;

const UNKNOWN_UNION_CANDIDATES = `from quarantine.rejected_rows
  where dataset = 'union_membership' and reason_code = 'UNKNOWN_UNION' and released_at is null and original is not null`;

/**
 * Sets the build's DuckDB settings (memory limit, spill folder, threads, insertion order
 * not preserved where no ORDER BY asks for it) and returns what puts the previous ones back.
 */
async function applySettings(connection: DuckDBConnection, config: BuildConfig): Promise<{ applied: BuildReport["settings"]; restore: () => Promise<void> }> {
  const names = ["memory_limit", "temp_directory", "threads", "preserve_insertion_order"] as const;
  const before = (await connection.runAndReadAll(`select ${names.map((n) => `current_setting('${n}')::varchar`).join(", ")}`)).getRowsJS()[0].map(String);
  const set = async (name: string, value: string) => connection.run(`set ${name} = '${value.replaceAll("'", "''")}'`);
  await set("memory_limit", config.memoryLimit);
  if (config.tempDirectory) await set("temp_directory", config.tempDirectory);
  if (config.threads) await set("threads", String(config.threads));
  await set("preserve_insertion_order", "false");
  const now = (
    await connection.runAndReadAll(
      `select ${names
        .slice(0, 3)
        .map((n) => `current_setting('${n}')::varchar`)
        .join(", ")}`,
    )
  )
    .getRowsJS()[0]
    .map(String);
  return {
    applied: { memoryLimit: now[0], tempDirectory: now[1], threads: Number(now[2]) },
    restore: async () => {
      for (const [i, name] of names.entries()) await set(name, before[i]).catch(() => undefined);
    },
  };
}

/**
 * Builds the warehouse models in bounded memory, the previous build standing until the
 * new one is whole and tested:
 * 1. tables left by a build that died are dropped;
 * 2. the inputs the build changes are prepared on copies: quarantined UNKNOWN_UNION
 *    membership rows re-tried (raw.union_membership), analysts' link decisions imported
 *    (link.decisions), the reference CSVs loaded (`ref.*`);
 * 3. every model file of the manifest runs in order, each into a shadow table
 *    (`main.__next_<model>`, reading the shadows of the models before it) committed and
 *    checkpointed on its own, so DuckDB holds one model at a time, within
 *    BUILD_MEMORY_LIMIT (spilling to BUILD_TEMP_DIR), never the whole build;
 * 4. the data tests run on the shadows;
 * 5. one short transaction swaps the shadows in (drop the old table, rename the new),
 *    re-tries the quarantined rows and imports the link decisions for real.
 * Any error or failing data test drops the shadows (the previous tables stay, nothing
 * else changed) and throws a BuildFailedError naming the model, the test and a few
 * offending keys. A build killed before the swap's commit leaves the previous build.
 */
export async function buildWarehouse(connection: DuckDBConnection, options: BuildOptions = {}): Promise<BuildReport> {
  const startedAt = new Date();
  const started = performance.now();
  const referenceDir = options.referenceDir ?? DEFAULT_REFERENCE_DIR;
  const tests = [...DATA_TESTS, ...(options.extraTests ?? [])];
  const total = 2 + REFERENCE_TABLES.length + MODEL_MANIFEST.length + tests.length;
  let done = 0;
  let step = "begin";
  const progress = (name: string) => {
    step = name;
    options.onProgress?.(name, done, total);
  };
  /** Tables (qualified, `main.x`) whose shadow this build made and swaps in. */
  const shadowed = new Set<string>();
  const macroFiles: ModelEntry[] = [];
  const { applied, restore } = await applySettings(connection, options.settings ?? readBuildConfig());

  try {
    progress("prepare: drop what a build that died left, re-try quarantined UNKNOWN_UNION rows, import link decisions");
    const leftoversDropped = await dropShadows(connection);
    // The models read copies of the two inputs the build changes; the real tables change in the swap.
    const inputs = new Set<string>();
    if ((await count(connection, `select count(*) ${UNKNOWN_UNION_CANDIDATES}`)) > 0) {
      await connection.run(`create table ${shadowName("raw.union_membership")} as select * from raw.union_membership`);
      await connection.run(`create table ${shadowName("quarantine.rejected_rows")} as select * ${UNKNOWN_UNION_CANDIDATES}`);
      await retryUnknownUnions(connection, { membership: shadowName("raw.union_membership"), quarantine: shadowName("quarantine.rejected_rows") });
      inputs.add("raw.union_membership");
    }
    await connection.run(`create table ${shadowName("link.decisions")} as select * from link.decisions`);
    if (options.linkDecisionsFile) await importLinkDecisions(connection, options.linkDecisionsFile, shadowName("link.decisions"));
    inputs.add("link.decisions");
    done++;

    await connection.run("create schema if not exists ref");
    const references: { table: string; rows: number }[] = [];
    for (const spec of REFERENCE_TABLES) {
      progress(`ref.${spec.table}`);
      references.push({ table: spec.table, rows: await loadReferenceTable(connection, referenceDir, { ...spec, table: `${SHADOW_PREFIX}${spec.table}` }) });
      shadowed.add(`ref.${spec.table}`);
      done++;
    }

    const models: ModelRun[] = [];
    for (const entry of MODEL_MANIFEST) {
      progress(entry.name);
      const t0 = performance.now();
      if (entry.createsTable) shadowed.add(`main.${entry.name}`);
      else macroFiles.push(entry);
      try {
        await connection.run(toShadows(modelSql(entry), new Set([...shadowed, ...inputs])));
        // Each model is committed on its own; the checkpoint writes it to the file, so what
        // DuckDB holds in memory afterwards is cache it may evict.
        await connection.run("checkpoint");
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new BuildFailedError(`model ${entry.name} (etl/models/${entry.file}) failed: ${message}`, [], entry.name);
      }
      models.push({
        model: entry.name,
        layer: entry.layer,
        file: entry.file,
        seconds: secondsSince(t0),
        rows: entry.createsTable ? await count(connection, `select count(*) from ${shadowName(`main.${entry.name}`)}`) : null,
      });
      done++;
    }

    const results: DataTestResult[] = [];
    for (const test of tests) {
      progress(`test ${test.model}: ${test.test}`);
      results.push(await runDataTest(connection, { ...test, sql: toShadows(test.sql, new Set([...shadowed, ...inputs])) }));
      done++;
    }
    const failures = results.filter((r) => r.failures > 0);
    if (failures.length) {
      throw new BuildFailedError(
        `build rolled back: ${failures.length} data test(s) failed: ${failures.map(describeFailure).join(" | ")}`,
        failures,
        "data tests",
      );
    }

    progress("commit");
    const s0 = performance.now();
    await connection.run("begin transaction");
    let retry: Awaited<ReturnType<typeof retryUnknownUnions>>;
    let linkDecisionsImported: number;
    try {
      retry = await retryUnknownUnions(connection);
      linkDecisionsImported = Number(
        (
          await connection.run(
            `insert into link.decisions select s.* from ${shadowName("link.decisions")} s
             where not exists (select 1 from link.decisions d where d.dataset = s.dataset and d.source_key = s.source_key
                               and d.tax_code = s.tax_code and d.decision = s.decision and d.decided_at = s.decided_at)`,
          )
        ).rowsChanged,
      );
      for (const table of shadowed) {
        await connection.run(`drop table if exists ${table}`);
        await connection.run(`alter table ${shadowName(table)} rename to ${table.split(".")[1]}`);
      }
      // The macros read the seeds by their real names again.
      for (const entry of macroFiles) await connection.run(modelSql(entry));
      await failpoint("build-before-commit");
      await connection.run("commit");
    } catch (error) {
      // DuckDB may already have rolled back (e.g. a commit that failed on a full disk):
      // then "rollback" fails too, and must not hide the error that matters.
      await connection.run("rollback").catch(() => {});
      throw error;
    }
    shadowed.clear();
    await dropShadows(connection);
    await connection.run("checkpoint");
    const swapSeconds = secondsSince(s0);
    options.onProgress?.("done", total, total);
    return {
      startedAt,
      seconds: secondsSince(started),
      references,
      models,
      secondsByModel: Object.fromEntries(models.map((m) => [m.model, m.seconds])),
      rowsByModel: Object.fromEntries(models.filter((m) => m.rows !== null).map((m) => [m.model, m.rows as number])),
      testsRun: results.length,
      tests: results,
      rowsReleased: retry.released,
      rowsSuperseded: retry.superseded,
      rowsPending: retry.pending,
      linkDecisionsImported,
      settings: applied,
      swapSeconds,
      leftoversDropped,
    };
  } catch (error) {
    // The previous tables were never touched: drop the shadows, and give the macros back their real tables.
    await dropShadows(connection).catch(() => []);
    for (const entry of macroFiles) await connection.run(modelSql(entry)).catch(() => undefined);
    if (error instanceof BuildFailedError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new BuildFailedError(`build rolled back at step "${step}": ${message}`, [], step);
  } finally {
    await restore();
  }
}
