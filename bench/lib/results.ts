/** One size's figures, the per-dataset ingest summary, and the targets of issues 8, 16 and 17. */
import type { ApiResult, ThroughputLevel } from "./api.js";
import type { BuildResult, FileIngest, IngestResult, ReferenceLoad } from "./types.js";

export interface SizeResult {
  readonly units: number;
  readonly seed: number;
  readonly years: readonly [number, number];
  readonly sample: { readonly files: number; readonly rows: number; readonly bytes: number; readonly generatedSeconds: number; readonly reused: boolean };
  ingest?: IngestResult;
  build?: BuildResult;
  api?: ApiResult;
  throughput?: readonly ThroughputLevel[];
  server?: { readonly startRssMiB: number; readonly peakRssMiB: number };
  readonly notes: string[];
  seconds: number;
}

export interface DatasetIngest {
  readonly dataset: string;
  readonly formats: string;
  readonly files: number;
  readonly rows: number;
  readonly bytes: number;
  readonly seconds: number;
  readonly referenceSeconds: number;
  readonly referenceMethod: string;
  readonly rowsPerSecond: number;
  readonly mbPerSecond: number;
  readonly referenceRowsPerSecond: number;
  readonly referenceMbPerSecond: number;
  /** ours ÷ limit (rows/s): 1 is the limit. */
  readonly ratio: number;
  readonly phases: Readonly<Record<string, number>>;
  readonly failed: number;
}

export const SI_DATASET = "si_contributions";
export const MB = 1e6;

export function ingestByDataset(ingest: IngestResult): DatasetIngest[] {
  const refs = new Map<string, ReferenceLoad>(ingest.references.map((r) => [r.file, r]));
  const groups = new Map<string, FileIngest[]>();
  for (const f of ingest.files) groups.set(f.dataset, [...(groups.get(f.dataset) ?? []), f]);
  return [...groups.entries()].map(([dataset, files]) => {
    const rows = files.reduce((s, f) => s + f.rowsRead, 0);
    const bytes = files.reduce((s, f) => s + f.bytes, 0);
    const seconds = files.reduce((s, f) => s + f.seconds, 0);
    const fileRefs = files.map((f) => refs.get(f.file));
    const referenceSeconds = fileRefs.every((r) => r && Number.isFinite(r.seconds)) ? fileRefs.reduce((s, r) => s + r!.seconds, 0) : Number.NaN;
    const phases: Record<string, number> = {};
    for (const f of files) for (const [k, v] of Object.entries(f.phases)) phases[k] = (phases[k] ?? 0) + v;
    return {
      dataset,
      formats: [...new Set(files.map((f) => f.file.split(".").pop()))].join(", "),
      files: files.length,
      rows,
      bytes,
      seconds,
      referenceSeconds,
      referenceMethod: [...new Set(fileRefs.map((r) => r?.method ?? "not measured"))].join("; "),
      rowsPerSecond: rows / seconds,
      mbPerSecond: bytes / MB / seconds,
      referenceRowsPerSecond: rows / referenceSeconds,
      referenceMbPerSecond: bytes / MB / referenceSeconds,
      ratio: referenceSeconds / seconds,
      phases,
      failed: files.filter((f) => f.status !== "LOADED").length,
    };
  });
}

export type TargetStatus = "MET" | "MISSED" | "NOT MEASURED";

export interface TargetCheck {
  readonly id: string;
  readonly target: string;
  readonly measured: string;
  readonly status: TargetStatus;
  /** Where the issue states the target at another size than this run's. */
  readonly note?: string;
}

const ONE_MILLION = 1_000_000;
const GIB_MIB = 1024;

/** The targets of issues 8, 16 and 17 (2 cores, 24 GiB), checked on one size's figures. */
export function checkTargets(size: SizeResult): TargetCheck[] {
  const at1M = size.units === ONE_MILLION ? undefined : `stated at 1,000,000 units; this run has ${size.units.toLocaleString("en")}`;
  const out: TargetCheck[] = [];
  const check = (id: string, target: string, measured: string | undefined, ok: boolean | undefined, note?: string) =>
    out.push({ id, target, measured: measured ?? "–", status: ok === undefined ? "NOT MEASURED" : ok ? "MET" : "MISSED", note });

  const si = size.ingest ? ingestByDataset(size.ingest).find((d) => d.dataset === SI_DATASET) : undefined;
  const siOk = si && Number.isFinite(si.ratio);
  check(
    "ingest-si-ratio",
    "social-insurance CSV ingest (validation, quarantine included) ≥ 0.7× DuckDB's typed load of the same files",
    siOk ? `${si.ratio.toFixed(2)}× (${fmtRate(si.rowsPerSecond)} vs ${fmtRate(si.referenceRowsPerSecond)} rows/s)` : undefined,
    siOk ? si.ratio >= 0.7 : undefined,
  );
  check(
    "ingest-si-100m",
    "100 M monthly social-insurance rows in under a minute (≥ 1.67 M rows/s)",
    si ? `${fmtRate(si.rowsPerSecond)} rows/s (100 M rows in ${fmtDuration(1e8 / si.rowsPerSecond)})` : undefined,
    si ? si.rowsPerSecond >= 1e8 / 60 : undefined,
  );

  const ops = size.api?.operations ?? [];
  const district = ops.find((o) => o.id === "coverage_district");
  check(
    "coverage-district-p99",
    "coverage by district p99 < 50 ms",
    district ? `${district.api.p99.toFixed(1)} ms` : undefined,
    district ? district.api.p99 < 50 : undefined,
    at1M,
  );
  check(
    "coverage-district-ratio",
    "coverage by district p99 ≤ 1.3× the same SQL run directly",
    district ? `${district.ratioP99.toFixed(2)}× (${district.api.p99.toFixed(1)} vs ${district.raw.p99.toFixed(1)} ms)` : undefined,
    district ? district.ratioP99 <= 1.3 : undefined,
    at1M,
  );
  // Issue 16: API ÷ the same SQL, p99, for every operation (the large grid too): ≤ 1.5× at the default size, ≤ 1.3× at 1 M units.
  const limit = size.units >= ONE_MILLION ? 1.3 : 1.5;
  const measured = ops.filter((o) => Number.isFinite(o.ratioP99));
  const worst = [...measured].sort((a, b) => b.ratioP99 - a.ratioP99)[0];
  check(
    "operations-ratio",
    `every operation p99 ≤ ${limit}× the same SQL run directly`,
    worst ? `worst: ${worst.label} ${worst.ratioP99.toFixed(2)}× (${worst.api.p99.toFixed(1)} vs ${worst.raw.p99.toFixed(1)} ms)` : undefined,
    measured.length ? measured.every((o) => o.ratioP99 <= limit) : undefined,
  );
  const slowest = [...ops].sort((a, b) => b.api.p99 - a.api.p99)[0];
  check(
    "operations-p99",
    "every operation p99 < 500 ms",
    slowest ? `slowest: ${slowest.label} ${slowest.api.p99.toFixed(1)} ms` : undefined,
    ops.length ? ops.every((o) => o.api.p99 < 500) : undefined,
    at1M,
  );
  // Issue 17: one new month of social insurance built incrementally, against the full build of the same run.
  const incremental = size.build?.incremental;
  const incrementalOk = incremental?.ok && Number.isFinite(incremental.shareOfFull);
  check(
    "build-incremental-share",
    "incremental build after one new month of social insurance ≤ 15 % of the full build's time",
    incrementalOk
      ? `${(100 * incremental.shareOfFull).toFixed(0)} % (${incremental.seconds.toFixed(1)} s vs ${size.build?.seconds.toFixed(1)} s; ${incremental.models.built} models whole, ${incremental.models.partial} in part)`
      : incremental && !incremental.ok
        ? `failed: ${incremental.error?.split("\n")[0] ?? "?"}`
        : undefined,
    incrementalOk ? incremental.shareOfFull <= 0.15 : incremental && !incremental.ok ? false : undefined,
    at1M,
  );
  const errors = ops.reduce((s, o) => s + o.errors, 0) + (size.throughput ?? []).reduce((s, l) => s + l.errors, 0);
  if (size.api || size.throughput) check("no-errors", "every response a GraphQL success (no errors)", `${errors} errors`, errors === 0);

  const at16 = size.throughput?.find((l) => l.connections === 16);
  check(
    "throughput-16",
    "≥ 500 req/s for the dashboard mix at 16 clients",
    at16 ? `${at16.requestsPerSecond.toFixed(1)} req/s (the API's response cache on)` : undefined,
    at16 ? at16.requestsPerSecond >= 500 : undefined,
  );
  check(
    "serving-rss",
    "peak RSS < 2 GiB while serving",
    size.server ? `${fmtMiB(size.server.peakRssMiB)}` : undefined,
    size.server ? size.server.peakRssMiB < 2 * GIB_MIB : undefined,
    at1M,
  );
  return out;
}

export function fmtRate(n: number): string {
  if (!Number.isFinite(n)) return "–";
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(0)} k`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return n.toFixed(0);
}

export function fmtDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "–";
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export function fmtMiB(mib: number): string {
  return mib >= 1024 ? `${(mib / 1024).toFixed(2)} GiB` : `${mib.toFixed(0)} MiB`;
}
