import { readFileSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import { importLinkDecisions } from "../../core/records/link-decision-log.js";
import { type BuildConfig, readBuildConfig } from "../../core/settings/build-config.js";
import { failpoint } from "../../core/warehouse/failpoint.js";
import { IncrementalPlan, type ModelDecision } from "./incremental-plan.js";
import { MODEL_MANIFEST, MODELS_DIR, type ModelEntry, type ModelLayer } from "./model-manifest.js";
import { type DataTest, type DataTestResult, describeFailure, loadDataTests, runDataTest } from "./model-tests.js";
import { DEFAULT_REFERENCE_DIR, loadReferenceTable, REFERENCE_TABLES } from "./reference-tables.js";
import { retryUnknownUnions } from "./retry-unknown-unions.js";
import { dropShadows, replaceTables, SHADOW_PREFIX, shadowName, tablesNamed } from "./shadow-tables.js";

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
  /** Build every model whole (`etl build --full`), not only what the changes since the last build reach. */
  readonly full?: boolean;
}

export interface ModelRun {
  readonly model: string;
  readonly layer: ModelLayer;
  readonly file: string;
  readonly seconds: number;
  /** Rows of the table (built, or kept); null for macro files. */
  readonly rows: number | null;
  /** What the build did with it (built whole, some keys rebuilt, rebuilt with the same result, skipped) and why. */
  readonly action: ModelDecision["action"];
  readonly reason: string;
  /** For a partial rebuild: per key dimension (year, unit, batch, …), how many keys and a few of them. */
  readonly keys?: ModelDecision["keys"];
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
  /** Whether every model was built whole, and why (`--full`, no earlier build state, the build's rules changed); else incremental. */
  readonly full: boolean;
  readonly fullReason?: string;
  /** Data tests not run: they read only tables this build kept as they were. */
  readonly testsSkipped: number;
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
/** UAP_BUILD_TRACE=1: each model's phases (decide, build, checkpoint, compare) with their seconds, on stderr. */
const trace = process.env.UAP_BUILD_TRACE ? (line: string) => process.stderr.write(`build trace: ${line}\n`) : () => {};

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
 *    BUILD_MEMORY_LIMIT (spilling to BUILD_TEMP_DIR), never the whole build. Unless
 *    `full`, a model none of whose inputs changed since the last build is skipped, one
 *    whose inputs changed only along its declared keys is rebuilt for those keys only (a
 *    patch), and a rebuilt model equal to the table in use is dropped (incremental-plan.ts);
 * 4. the data tests run on the shadows (unless `full`, only those reading a changed table);
 * 5. one short transaction swaps the shadows in (drop the old table, rename the new; a
 *    patch: delete the keys' old rows, insert the new), re-tries the quarantined rows,
 *    imports the link decisions for real and records what this build read.
 * Any error or failing data test drops the shadows (the previous tables stay, nothing
 * else changed) and throws a BuildFailedError naming the model, the test and a few
 * offending keys. A build killed before the swap's commit leaves the previous build.
 */
export async function buildWarehouse(connection: DuckDBConnection, options: BuildOptions = {}): Promise<BuildReport> {
  const startedAt = new Date();
  const started = performance.now();
  const referenceDir = options.referenceDir ?? DEFAULT_REFERENCE_DIR;
  const tests = [...(await loadDataTests()), ...(options.extraTests ?? [])];
  const total = 2 + REFERENCE_TABLES.length + MODEL_MANIFEST.length + tests.length;
  let done = 0;
  let step = "begin";
  const progress = (name: string) => {
    step = name;
    options.onProgress?.(name, done, total);
  };
  /** Tables (qualified, `main.x`) whose shadow this build made and swaps in. */
  const shadowed = new Set<string>();
  /** Models rebuilt in part: the shadow holds the region's new rows, swapped in by deleting the region's old rows and inserting them. */
  const patched = new Map<string, string>();
  const macroFiles: ModelEntry[] = [];
  let closePlan = async () => {};
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

    const read = (relation: string) => (shadowed.has(relation) || inputs.has(relation) ? shadowName(relation) : relation);
    /** What the models after a step read for each table this build changed: its shadow, or for a patched model its old rows outside the region and the patch. */
    const replacements = () =>
      new Map<string, string>([
        ...[...shadowed, ...inputs].map((t): [string, string] => [t, shadowName(t)]),
        ...[...patched].map(([t, region]): [string, string] => [
          t,
          `(select * from ${t} where not coalesce(${region}, false) union all select * from ${shadowName(t)})`,
        ]),
      ]);
    const plan = await IncrementalPlan.start(connection, { full: options.full ?? false, read, manifest: MODEL_MANIFEST, sqlOf: modelSql });
    closePlan = () => plan.close();
    // which models later ones read: a model nobody reads need not be compared with its old version
    const readLater = new Set(MODEL_MANIFEST.flatMap((entry) => plan.inputsOf(entry, modelSql(entry))));
    const sqlHashes = new Map<string, string>();
    const models: ModelRun[] = [];
    for (const entry of MODEL_MANIFEST) {
      progress(entry.name);
      const t0 = performance.now();
      const table = `main.${entry.name}`;
      const sql = modelSql(entry);
      sqlHashes.set(entry.name, IncrementalPlan.sqlHash(sql));
      let decision: Awaited<ReturnType<IncrementalPlan["decide"]>>;
      let action: ModelDecision["action"];
      try {
        decision = await plan.decide(entry, sql, read);
        trace(`${entry.name} decide ${secondsSince(t0).toFixed(2)} s: ${decision.action}`);
        if (decision.action === "skip") {
          action = "skipped";
        } else {
          if (!entry.createsTable) macroFiles.push(entry);
          if (decision.action === "partial" && decision.region) {
            await connection.run(plan.partialSql(entry, sql, decision.region, replacements()));
          } else {
            const names = replacements();
            if (entry.createsTable) names.set(table, shadowName(table));
            await connection.run(replaceTables(sql, names));
          }
          trace(`${entry.name} built ${secondsSince(t0).toFixed(2)} s`);
          // Each model is committed on its own; the checkpoint writes it to the file, so what
          // DuckDB holds in memory afterwards is cache it may evict.
          await connection.run("checkpoint");
          trace(`${entry.name} checkpointed ${secondsSince(t0).toFixed(2)} s`);
          action = decision.action === "partial" ? "partial" : "built";
          if (!entry.createsTable) {
            if (!plan.full) plan.macrosChanged(entry);
          } else {
            const settled = await plan.settle(entry, decision.region?.sql ?? null, readLater.has(table));
            trace(`${entry.name} compared ${secondsSince(t0).toFixed(2)} s: ${settled.changed ? `${settled.rowsDiffering ?? "?"} rows differ` : "same"}`);
            if (!settled.changed) {
              await connection.run(`drop table ${shadowName(table)}`);
              action = "unchanged";
            } else if (decision.action === "partial" && decision.region) patched.set(table, decision.region.sql);
            else shadowed.add(table);
          }
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new BuildFailedError(`model ${entry.name} (etl/models/${entry.file}) failed: ${message}`, [], entry.name);
      }
      models.push({
        model: entry.name,
        layer: entry.layer,
        file: entry.file,
        seconds: secondsSince(t0),
        rows: entry.createsTable ? await count(connection, `select count(*) from ${replacements().get(table) ?? table}`) : null,
        action,
        reason: decision.reason,
        ...(decision.region ? { keys: decision.region.keys } : {}),
      });
      done++;
    }

    // A test reading only tables this build kept as they were passed when they were built; a
    // row-level test of a table rebuilt in part runs on the rebuilt rows only.
    const results: DataTestResult[] = [];
    let testsSkipped = 0;
    for (const test of tests) {
      progress(`test ${test.model}: ${test.test}`);
      const named = [...tablesNamed(test.sql)].filter((t) => t.startsWith("main."));
      // a test the last build did not pass (new, or changed) runs whatever it reads
      if (!plan.full && !named.some((t) => shadowed.has(t) || patched.has(t)) && plan.testPassedBefore(test.sql)) testsSkipped++;
      else if (!plan.full && test.rowLevel && named.length === 1 && patched.has(named[0]) && plan.testPassedBefore(test.sql)) {
        results.push(await runDataTest(connection, { ...test, sql: replaceTables(test.sql, new Map([[named[0], shadowName(named[0])]])) }));
      } else results.push(await runDataTest(connection, { ...test, sql: replaceTables(test.sql, replacements()) }));
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
      for (const [table, region] of patched) {
        await connection.run(`delete from ${table} where coalesce(${region}, false)`);
        await connection.run(`insert into ${table} select * from ${shadowName(table)}`);
        await connection.run(`drop table ${shadowName(table)}`);
      }
      // The macros read the seeds by their real names again.
      for (const entry of macroFiles) await connection.run(modelSql(entry));
      // what this build read, for the next one to see what changed
      await plan.record(
        sqlHashes,
        tests.map((t) => t.sql),
      );
      await failpoint("build-before-commit");
      await connection.run("commit");
    } catch (error) {
      // DuckDB may already have rolled back (e.g. a commit that failed on a full disk):
      // then "rollback" fails too, and must not hide the error that matters.
      await connection.run("rollback").catch(() => {});
      throw error;
    }
    shadowed.clear();
    patched.clear();
    await dropShadows(connection);
    await plan.close();
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
      full: plan.full,
      ...(plan.fullReason ? { fullReason: plan.fullReason } : {}),
      testsSkipped,
    };
  } catch (error) {
    // The previous tables were never touched: drop the shadows, and give the macros back their real tables.
    await dropShadows(connection).catch(() => []);
    for (const entry of macroFiles) await connection.run(modelSql(entry)).catch(() => undefined);
    if (error instanceof BuildFailedError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new BuildFailedError(`build rolled back at step "${step}": ${message}`, [], step);
  } finally {
    await closePlan().catch(() => undefined);
    await restore();
  }
}
