import { readFileSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import { importLinkDecisions } from "../../core/records/link-decision-log.js";
import { failpoint } from "../../core/warehouse/failpoint.js";
import { MODEL_MANIFEST, MODELS_DIR, type ModelEntry, type ModelLayer } from "./model-manifest.js";
import { DATA_TESTS, type DataTest, type DataTestResult, describeFailure, runDataTest } from "./model-tests.js";
import { DEFAULT_REFERENCE_DIR, REFERENCE_TABLES, loadReferenceTable } from "./reference-tables.js";
import { retryUnknownUnions } from "./retry-unknown-unions.js";

export interface BuildOptions {
  /** Called before each step: the step's name, steps done so far, and the total. */
  readonly onProgress?: (step: string, done: number, total: number) => void;
  /** Folder of the reference CSVs (default etl/reference). */
  readonly referenceDir?: string;
  /** Further data tests run after the built-in ones (they fail the build the same way). */
  readonly extraTests?: readonly DataTest[];
  /** Analysts' link decisions recorded through the API (core/records/link-decision-log.ts), imported into link.decisions before the models. */
  readonly linkDecisionsFile?: string;
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

async function rowCount(connection: DuckDBConnection, table: string): Promise<number> {
  const reader = await connection.runAndReadAll(`select count(*) from main.${table}`);
  return Number(reader.getRows()[0][0]);
}

const secondsSince = (start: number) => (performance.now() - start) / 1000;

/**
 * Builds the warehouse models in ONE transaction: re-tries quarantined UNKNOWN_UNION
 * membership rows, loads the reference tables (`ref.*`), runs every model file of the
 * manifest in order, then the data tests. Any error or failing data test rolls the whole
 * build back (the previous tables stay) and throws a BuildFailedError naming the model,
 * the test and a few offending keys.
 */
export async function buildWarehouse(connection: DuckDBConnection, options: BuildOptions = {}): Promise<BuildReport> {
  const startedAt = new Date();
  const started = performance.now();
  const referenceDir = options.referenceDir ?? DEFAULT_REFERENCE_DIR;
  const tests = [...DATA_TESTS, ...(options.extraTests ?? [])];
  const total = 1 + REFERENCE_TABLES.length + MODEL_MANIFEST.length + tests.length;
  let done = 0;
  let step = "begin";
  const progress = (name: string) => {
    step = name;
    options.onProgress?.(name, done, total);
  };

  await connection.run("begin transaction");
  try {
    progress("retry quarantined UNKNOWN_UNION rows");
    const retry = await retryUnknownUnions(connection);
    const linkDecisionsImported = options.linkDecisionsFile ? await importLinkDecisions(connection, options.linkDecisionsFile) : 0;
    done++;

    await connection.run("create schema if not exists ref");
    const references: { table: string; rows: number }[] = [];
    for (const spec of REFERENCE_TABLES) {
      progress(`ref.${spec.table}`);
      references.push({ table: spec.table, rows: await loadReferenceTable(connection, referenceDir, spec) });
      done++;
    }

    const models: ModelRun[] = [];
    for (const entry of MODEL_MANIFEST) {
      progress(entry.name);
      const t0 = performance.now();
      try {
        await connection.run(modelSql(entry));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new BuildFailedError(`model ${entry.name} (etl/models/${entry.file}) failed: ${message}`, [], entry.name);
      }
      const seconds = secondsSince(t0);
      models.push({
        model: entry.name,
        layer: entry.layer,
        file: entry.file,
        seconds,
        rows: entry.createsTable ? await rowCount(connection, entry.name) : null,
      });
      done++;
    }

    const results: DataTestResult[] = [];
    for (const test of tests) {
      progress(`test ${test.model}: ${test.test}`);
      results.push(await runDataTest(connection, test));
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

    step = "commit";
    await failpoint("build-before-commit");
    await connection.run("commit");
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
    };
  } catch (error) {
    // DuckDB may already have rolled back (e.g. a commit that failed on a full disk):
    // then "rollback" fails too, and must not hide the error that matters.
    await connection.run("rollback").catch(() => {});
    if (error instanceof BuildFailedError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new BuildFailedError(`build rolled back at step "${step}": ${message}`, [], step);
  }
}
