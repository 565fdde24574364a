/** What the bench's parts exchange and record (results.json follows these shapes). */

/** One data file of the generated sample. */
export interface SampleFile {
  readonly file: string;
  readonly dataset: string;
  readonly format: string;
  readonly encoding: string;
  /** Data records (header excluded). */
  readonly rows: number;
  readonly bytes: number;
}

export interface IngestInput {
  readonly sampleDir: string;
  readonly warehousePath: string;
  readonly referenceDbPath: string;
  readonly measureReferences: boolean;
  readonly files: readonly SampleFile[];
}

/** Our ingest of one file: wall time from the end of the previous file to its report. */
export interface FileIngest {
  readonly file: string;
  readonly dataset: string;
  readonly status: string;
  readonly message?: string;
  readonly bytes: number;
  readonly rowsRead: number;
  readonly rowsLoaded: number;
  readonly rowsRejected: number;
  readonly seconds: number;
  /** prepare (sha256, duplicate check), reading (stage), validating, writing (replace, insert, quarantine, lineage, commit). */
  readonly phases: Readonly<Record<string, number>>;
}

/** The reference load of one file. */
export interface ReferenceLoad {
  readonly file: string;
  readonly method: string;
  readonly seconds: number;
  /** Rows the bare table got (CSV: rows not fitting the sniffed types are skipped). */
  readonly rowsStored: number;
  readonly note?: string;
}

export interface IngestResult {
  readonly files: readonly FileIngest[];
  readonly references: readonly ReferenceLoad[];
  readonly ingestSeconds: number;
  readonly checkpointSeconds: number;
  readonly ingestPeakRssMiB: number;
  readonly peakRssMiB: number;
  readonly duckdbVersion: string;
}

export interface BuildInput {
  readonly warehousePath: string;
}

export interface ModelTime {
  readonly model: string;
  readonly layer: string;
  readonly seconds: number;
  readonly rows: number | null;
}

export interface BuildResult {
  readonly ok: boolean;
  readonly error?: string;
  readonly seconds: number;
  readonly retrySeconds: number;
  readonly referencesSeconds: number;
  readonly modelsSeconds: number;
  readonly testsSeconds: number;
  readonly testsRun: number;
  readonly checkpointSeconds: number;
  readonly models: readonly ModelTime[];
  readonly peakRssMiB: number;
  readonly warehouseBytes: number;
  /** DuckDB's memory limit of the build (BUILD_MEMORY_LIMIT, as DuckDB reports it). */
  readonly memoryLimit?: string;
  /** After one new month of social insurance, an incremental `etl build` on a copy of the built warehouse. */
  readonly incremental?: IncrementalBuildResult;
}

/** `build.incremental` in results.json: one new month of social insurance, loaded and built incrementally. */
export interface IncrementalBuildResult {
  readonly ok: boolean;
  readonly error?: string;
  /** The month added (the month after the latest, its rows those of the latest month). */
  readonly month: string;
  readonly rowsAdded: number;
  readonly ingestSeconds: number;
  /** The incremental build. */
  readonly seconds: number;
  /** seconds ÷ the full build's seconds. */
  readonly shareOfFull: number;
  readonly testsRun: number;
  readonly peakRssMiB: number;
  /** Models by what the build did with them. */
  readonly models: { readonly built: number; readonly partial: number; readonly unchanged: number; readonly skipped: number };
  /** Every model rebuilt (whole, in part, or with the same result): why, the keys (partitions) rebuilt, its seconds. */
  readonly rebuilt: readonly {
    readonly model: string;
    readonly action: string;
    readonly reason: string;
    readonly partitions?: Readonly<Record<string, { readonly count: number; readonly values: readonly string[] }>>;
    readonly seconds: number;
  }[];
}

export interface ServerInput {
  readonly warehousePath: string;
  readonly limits: { readonly queryTimeoutMs: number; readonly maxDepth: number; readonly maxComplexity: number };
}

export interface ServerReady {
  readonly url: string;
  readonly duckdbVersion: string;
  readonly rssMiB: number;
  readonly peakRssMiB: number;
}

/** The statements one API request sent, as captured in the server. */
export interface CapturedOperation {
  readonly statements: number;
  /** Sum of Kysely's own per-statement durations (runAndReadAll + JS rows), ms, median over the capture runs. */
  readonly kyselyMs: number;
  readonly sqlPreview: readonly string[];
}

/** How busy the server process was over a stretch of wall time. */
export interface ServerUsage {
  readonly wallSeconds: number;
  /** Share of the time the event loop was running JS (1 = saturated). */
  readonly eventLoopUtilization: number;
  /** User + system CPU seconds of the whole process (DuckDB's threads included). */
  readonly cpuSeconds: number;
}

export interface OperatorCost {
  readonly operator: string;
  readonly ms: number;
  readonly rows: number;
  readonly detail: string;
}

/** One statement of an operation run once under DuckDB's profiler. */
export interface StatementProfile {
  readonly sql: string;
  readonly latencyMs: number;
  readonly cpuMs: number;
  /** Rows passed between operators, all operators added up (a fan-out shows here). */
  readonly rowsThroughOperators: number;
  readonly top: readonly OperatorCost[];
}
