/** The results as Markdown (what the console shows and results.md holds). */
import type { Machine } from "./machine.js";
import { checkTargets, fmtDuration, fmtMiB, fmtRate, ingestByDataset, MB, SI_DATASET, type SizeResult } from "./results.js";

type Cell = string | number;

/** A Markdown table with padded columns (readable as plain text too); `align` r for numbers. */
export function table(header: readonly string[], rows: readonly (readonly Cell[])[], align?: string): string {
  const text = rows.map((r) => r.map((c) => String(c)));
  const widths = header.map((h, i) => Math.max(h.length, ...text.map((r) => (r[i] ?? "").length), 3));
  const right = (i: number) => (align ?? "").charAt(i) === "r";
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => (right(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (right(i) ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  return [line(header), rule, ...text.map(line)].join("\n");
}

const ms = (n: number) => (Number.isFinite(n) ? (n >= 100 ? n.toFixed(0) : n.toFixed(1)) : "–");
const x = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : "–");
const s = (n: number) => (Number.isFinite(n) ? (n >= 100 ? n.toFixed(0) : n.toFixed(2)) : "–");
const int = (n: number) => n.toLocaleString("en");

export interface RunHeader {
  readonly command: string;
  readonly startedAt: string;
  readonly seconds: number;
  readonly machine: Machine;
  readonly loadAverageAtEnd: readonly number[];
}

export function machineSection(run: RunHeader): string {
  const m = run.machine;
  return [
    `Run \`${run.command}\` started ${run.startedAt}, ${fmtDuration(run.seconds)} in all.`,
    "",
    table(
      ["machine", ""],
      [
        ["CPU", `${m.cpuModel}, ${m.cores} cores`],
        ["memory", `${m.memoryGiB} GiB`],
        ["OS", m.os],
        ["Node", m.node],
        ["DuckDB", `${m.duckdb ?? "?"} (@duckdb/node-api ${m.duckdbNodeApi})`],
        ["load generator", `autocannon ${m.autocannon}, same machine`],
        ["code", `${m.gitCommit ?? "?"}${m.gitChangedFiles ? ` + ${m.gitChangedFiles} changed file(s) in the work tree` : ""}`],
        ["load average (1/5/15 min)", `start ${m.loadAverageAtStart.join(" / ")}, end ${run.loadAverageAtEnd.join(" / ")}`],
      ],
    ),
    "",
    "> The cores are shared with other work (tests, builds) and the load generator runs on the same two cores as the server: figures are noisy, ratios measured in the same run are the figures to compare.",
  ].join("\n");
}

export function sizeSection(size: SizeResult): string {
  const out: string[] = [];
  out.push(
    `## ${int(size.units)} units (seed ${size.seed}, ${size.years[0]}–${size.years[1]})`,
    "",
    `Sample: ${size.sample.files} files, ${int(size.sample.rows)} rows, ${(size.sample.bytes / MB).toFixed(1)} MB; generated in ${s(size.sample.generatedSeconds)} s${size.sample.reused ? " (reused from the cache)" : ""}. This size took ${fmtDuration(size.seconds)}.`,
  );
  for (const note of size.notes) out.push("", `> ${note}`);

  if (size.ingest) {
    const datasets = ingestByDataset(size.ingest);
    const rows = datasets.map((d) => [
      d.dataset,
      d.formats,
      d.files,
      int(d.rows),
      (d.bytes / MB).toFixed(1),
      s(d.seconds),
      fmtRate(d.rowsPerSecond),
      d.mbPerSecond.toFixed(1),
      s(d.referenceSeconds),
      fmtRate(d.referenceRowsPerSecond),
      d.referenceMbPerSecond.toFixed(1),
      x(d.ratio),
      d.dataset === SI_DATASET ? (Number.isFinite(d.ratio) ? (d.ratio >= 0.7 ? "≥ 0.7× MET" : "≥ 0.7× MISSED") : "–") : "",
    ]);
    const total = datasets.reduce(
      (a, d) => ({ rows: a.rows + d.rows, bytes: a.bytes + d.bytes, seconds: a.seconds + d.seconds, ref: a.ref + d.referenceSeconds }),
      { rows: 0, bytes: 0, seconds: 0, ref: 0 },
    );
    rows.push([
      "all files",
      "",
      size.ingest.files.length,
      int(total.rows),
      (total.bytes / MB).toFixed(1),
      s(total.seconds),
      fmtRate(total.rows / total.seconds),
      (total.bytes / MB / total.seconds).toFixed(1),
      s(total.ref),
      fmtRate(total.rows / total.ref),
      (total.bytes / MB / total.ref).toFixed(1),
      x(total.ref / total.seconds),
      "",
    ]);
    out.push(
      "",
      "### 1. Ingest: ours vs DuckDB's own load of the same files",
      "",
      "Ours: `ingestPaths` (hash, duplicate check, read, validation SQL, quarantine, raw insert, lineage, commit), wall time per file. Limit: DuckDB's typed `read_csv` (sniffed dialect and types) / `read_json` / `read_parquet` of the same file into a bare table of a scratch database file; for XLSX, exceljs' streaming parse alone (DuckDB reads XLSX only through its `excel` extension, which cannot be downloaded here). Ratio = ours ÷ limit in rows/s (1.00× is the limit).",
      "",
      table(
        ["dataset", "format", "files", "rows", "MB", "ours s", "ours rows/s", "ours MB/s", "limit s", "limit rows/s", "limit MB/s", "ratio", "target"],
        rows,
        "llrrrrrrrrrrl",
      ),
    );
    const si = datasets.find((d) => d.dataset === SI_DATASET);
    if (si) {
      const total = Object.values(si.phases).reduce((a, b) => a + b, 0);
      out.push(
        "",
        `Where the social-insurance ingest time goes (${si.files} files): ${Object.entries(si.phases)
          .map(([k, v]) => `${k} ${s(v)} s (${((100 * v) / total).toFixed(0)} %)`)
          .join(
            ", ",
          )}. Peak RSS of the ingest process: ${fmtMiB(size.ingest.ingestPeakRssMiB)}; checkpoint after ingest: ${s(size.ingest.checkpointSeconds)} s.`,
      );
    }
    const failed = size.ingest.files.filter((f) => f.status !== "LOADED");
    if (failed.length) out.push("", `> ${failed.length} file(s) not loaded: ${failed.map((f) => `${f.file} ${f.status} ${f.message ?? ""}`).join("; ")}`);
    const refFailed = size.ingest.references.filter((r) => !Number.isFinite(r.seconds));
    if (refFailed.length) out.push("", `> reference load failed for: ${refFailed.map((r) => `${r.file} (${r.note})`).join("; ")}`);
  }

  if (size.build) {
    const b = size.build;
    out.push("", "### 2. Build");
    if (!b.ok) out.push("", `> BUILD FAILED after ${s(b.seconds)} s (rolled back): ${b.error}`);
    else {
      const linker = b.models.filter((m) => /^int_link|^int_unit_links$/.test(m.model));
      const top = [...b.models].sort((a, c) => c.seconds - a.seconds).slice(0, 10);
      out.push(
        "",
        table(
          ["step", "seconds"],
          [
            ["retry quarantined UNKNOWN_UNION rows", s(b.retrySeconds)],
            ["reference tables (ref.*)", s(b.referencesSeconds)],
            [`models (${b.models.length})`, s(b.modelsSeconds)],
            [`  of which the linker (${linker.length} models: int_link_*, int_unit_links)`, s(linker.reduce((a, m) => a + m.seconds, 0))],
            [`data tests (${b.testsRun})`, s(b.testsSeconds)],
            ["build total (each model committed, swapped in at the end)", s(b.seconds)],
            ["checkpoint after the build", s(b.checkpointSeconds)],
            [`peak RSS of the build process (BUILD_MEMORY_LIMIT: ${b.memoryLimit ?? "?"})`, fmtMiB(b.peakRssMiB)],
            ...(b.incremental
              ? [
                  b.incremental.ok
                    ? [
                        `incremental build after a new month (${b.incremental.month}, ${int(b.incremental.rowsAdded)} rows): ${b.incremental.models.built} models whole, ${b.incremental.models.partial} in part, ${b.incremental.models.unchanged} same result, ${b.incremental.models.skipped} skipped; ${(100 * b.incremental.shareOfFull).toFixed(0)} % of the full build`,
                        s(b.incremental.seconds),
                      ]
                    : ["incremental build after a new month: FAILED", b.incremental.error ?? ""],
                ]
              : []),
            ["warehouse file", `${(b.warehouseBytes / MB).toFixed(0)} MB`],
          ],
          "lr",
        ),
        "",
        "Slowest models, and the linker's:",
        "",
        table(
          ["model", "layer", "seconds", "rows"],
          [...top, ...linker.filter((m) => !top.includes(m))].map((m) => [m.model, m.layer, s(m.seconds), m.rows === null ? "" : int(m.rows)]),
          "llrr",
        ),
      );
    }
  }

  if (size.api) {
    const a = size.api;
    out.push(
      "",
      "### 3. API latency: over HTTP vs the same SQL run directly",
      "",
      `HTTP: sequential POST /graphql from the bench process to the app (\`createApp\`, its own process, one request at a time, keep-alive). SQL: the statements that request sent, captured in the server process through the warehouse dialect's \`onQuery\` hook (parameters from Kysely's log event of the same statement), replayed one after the other with \`connection.run\` in the server process. "in-API SQL" is Kysely's own timing of those statements inside the API (\`runAndReadAll\` and conversion to JS rows). Subject unit ${a.subjectTaxCode}; ${int(a.uncoveredTotal)} uncovered units, deep page after row ${int(a.deepPageOffset)}.`,
      "",
      table(
        ["operation", "stmts", "KB", "HTTP p50", "HTTP p99", "SQL p50", "SQL p99", "ratio p50", "ratio p99", "in-API SQL", "n", "errors", "target"],
        a.operations.map((o) => [
          o.label,
          o.statements,
          (o.responseBytes / 1024).toFixed(1),
          ms(o.api.p50),
          ms(o.api.p99),
          o.statements ? ms(o.raw.p50) : "no SQL",
          o.statements ? ms(o.raw.p99) : "(cache)",
          o.statements ? x(o.ratioP50) : "–",
          o.statements ? x(o.ratioP99) : "–",
          ms(o.kyselyMs),
          o.api.n,
          o.errors,
          o.id === "coverage_district"
            ? `p99<50 ${o.api.p99 < 50 ? "MET" : "MISSED"}; ≤1.3× ${o.ratioP99 <= 1.3 ? "MET" : "MISSED"}`
            : `p99<500 ${o.api.p99 < 500 ? "MET" : "MISSED"}`,
        ]),
        "lrrrrrrrrrrrl",
      ),
      "",
      "Times in ms. p99 with n < 100 is the slowest sample or close to it.",
    );
    const profiled = a.operations.filter((o) => o.profile?.length);
    if (profiled.length) {
      out.push(
        "",
        "Where the SQL time goes: each operation's slowest statement run once under DuckDB's profiler, with its costliest operator (rows = all rows passed between operators; a fan-out shows as rows far above the table sizes).",
        "",
        table(
          ["operation", "stmt ms", "rows through operators", "costliest operator", "op ms", "op rows", "detail"],
          profiled.map((o) => {
            const slowest = [...o.profile].sort((p, q) => q.latencyMs - p.latencyMs)[0];
            const top = slowest.top[0];
            return [
              o.label,
              ms(slowest.latencyMs),
              int(slowest.rowsThroughOperators),
              top?.operator ?? "–",
              top ? ms(top.ms) : "–",
              top ? int(top.rows) : "–",
              (top?.detail ?? "").replaceAll("|", "/").slice(0, 90),
            ];
          }),
          "lrrlrrl",
        ),
      );
    }
    for (const k of a.skipped) out.push("", `> skipped: ${k.label}: ${k.reason}`);
  }

  if (size.throughput) {
    out.push(
      "",
      "### 4. Throughput: dashboard mix over HTTP (autocannon)",
      "",
      "Each client cycles through the dashboard operations (coverage by district, coverage by commune × sector, uncovered first page, one unit, and the optional operations present); every body is checked (HTTP 200 with GraphQL errors counts as an error). References at the same concurrency: **SQL alone** = the mix's captured statements replayed straight on DuckDB by as many loops, each on its own connection (the API's pool holds 3); **cached** = the API's own responses served from memory by a bare node:http server in the server process (the best a whole-response cache could do). The load generator shares the machine's two cores with the server.",
      "",
      table(
        [
          "clients",
          "req/s",
          "p50 ms",
          "p99 ms",
          "errors",
          "event loop busy",
          "server CPU ms/req",
          "SQL alone req/s",
          "API ÷ SQL",
          "cached req/s",
          "API ÷ cached",
          "target",
        ],
        size.throughput.map((l) => [
          l.connections,
          l.requestsPerSecond.toFixed(1),
          l.p50,
          l.p99,
          l.errors,
          `${(100 * l.server.eventLoopUtilization).toFixed(0)} %`,
          l.requests ? ((1000 * l.server.cpuSeconds) / l.requests).toFixed(1) : "–",
          l.sql.requestsPerSecond.toFixed(1),
          x(l.requestsPerSecond / l.sql.requestsPerSecond),
          l.cached.requestsPerSecond.toFixed(0),
          x(l.requestsPerSecond / l.cached.requestsPerSecond),
          l.connections === 16 ? `≥ 500 req/s ${l.requestsPerSecond >= 500 ? "MET" : "MISSED"}` : "",
        ]),
        "rrrrrrrrrrrl",
      ),
    );
    const firstError = size.throughput.find((l) => l.firstError)?.firstError;
    if (firstError) out.push("", `> first error: ${firstError}`);
  }
  if (size.server)
    out.push(
      "",
      `Server process: RSS ${fmtMiB(size.server.startRssMiB)} after start, peak ${fmtMiB(size.server.peakRssMiB)} after the API and throughput runs.`,
    );

  const targets = checkTargets(size);
  out.push(
    "",
    "### Targets (issues 8, 16 and 17; 2 cores, 24 GiB)",
    "",
    table(
      ["target", "measured", "status"],
      targets.map((t) => [t.target, t.measured, `${t.status}${t.note && t.status !== "NOT MEASURED" ? ` (${t.note})` : ""}`]),
    ),
  );
  return out.join("\n");
}

/** Figures across sizes (the scale curve). */
export function scaleSection(sizes: readonly SizeResult[]): string {
  const col = (f: (r: SizeResult) => string) => sizes.map(f);
  const si = (r: SizeResult) => (r.ingest ? ingestByDataset(r.ingest).find((d) => d.dataset === SI_DATASET) : undefined);
  const op = (r: SizeResult, id: string) => r.api?.operations.find((o) => o.id === id);
  const tp = (r: SizeResult, c: number) => r.throughput?.find((l) => l.connections === c);
  const rows: string[][] = [
    ["sample rows", ...col((r) => int(r.sample.rows))],
    ["sample MB", ...col((r) => (r.sample.bytes / MB).toFixed(0))],
    ["generation s", ...col((r) => s(r.sample.generatedSeconds))],
    ["ingest, all files s", ...col((r) => (r.ingest ? s(r.ingest.ingestSeconds) : "–"))],
    ["SI ingest rows/s", ...col((r) => fmtRate(si(r)?.rowsPerSecond ?? Number.NaN))],
    ["SI limit rows/s", ...col((r) => fmtRate(si(r)?.referenceRowsPerSecond ?? Number.NaN))],
    ["SI ratio", ...col((r) => x(si(r)?.ratio ?? Number.NaN))],
    ["build s", ...col((r) => (r.build?.ok ? s(r.build.seconds) : r.build ? "FAILED" : "–"))],
    ["build peak RSS", ...col((r) => (r.build ? fmtMiB(r.build.peakRssMiB) : "–"))],
  ];
  const ids = [...new Set(sizes.flatMap((r) => r.api?.operations.map((o) => o.id) ?? []))];
  for (const id of ids) {
    const label = sizes.map((r) => op(r, id)?.label).find(Boolean) ?? id;
    rows.push([`${label} p99 ms (ratio)`, ...col((r) => (op(r, id) ? `${ms(op(r, id)!.api.p99)} (${x(op(r, id)!.ratioP99)})` : "–"))]);
  }
  const levels = [...new Set(sizes.flatMap((r) => r.throughput?.map((l) => l.connections) ?? []))];
  for (const c of levels) rows.push([`req/s at ${c} client(s)`, ...col((r) => (tp(r, c) ? tp(r, c)!.requestsPerSecond.toFixed(1) : "–"))]);
  rows.push(["server peak RSS", ...col((r) => (r.server ? fmtMiB(r.server.peakRssMiB) : "–"))]);
  return ["## Scale curve", "", table(["figure", ...sizes.map((r) => `${int(r.units)} units`)], rows, `l${"r".repeat(sizes.length)}`)].join("\n");
}

export function fullReport(run: RunHeader, sizes: readonly SizeResult[]): string {
  const parts = ["# Benchmark results", "", machineSection(run), ...sizes.map((r) => `\n${sizeSection(r)}`)];
  if (sizes.length > 1) parts.push("", scaleSection(sizes));
  return `${parts.join("\n")}\n`;
}
