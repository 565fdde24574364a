/**
 * `npm run bench [-- --units N --months M --only PART --out DIR --scale]`: generates (or
 * reuses) a sample of the given size, measures ingest, build, API latency and
 * throughput, each against its reference measured in the same run, prints the tables
 * and writes them as Markdown and JSON under bench/results/<timestamp>/.
 * See README.md, "Benchmarks".
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { measureApi, measureThroughput } from "./lib/api.js";
import { type BenchOptions, type Part, parseBenchArgs, USAGE } from "./lib/args.js";
import { runWorker, WorkerClient } from "./lib/child.js";
import { ensureSample, WarehouseFile } from "./lib/data.js";
import { currentLoad, describeMachine } from "./lib/machine.js";
import { fullReport, type RunHeader, scaleSection, sizeSection } from "./lib/report.js";
import { checkTargets, type SizeResult } from "./lib/results.js";
import type { BuildResult, IncrementalBuildResult, IngestResult, ServerReady } from "./lib/types.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

async function main(argv: readonly string[]): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseBenchArgs(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const startedAt = new Date();
  const started = performance.now();
  const stamp = startedAt.toISOString().replace(/[:.]/g, "-").replace("Z", "");
  const outDir = resolve(ROOT, options.out ?? join("bench", "results", stamp));
  const dataDir = resolve(ROOT, options.dataDir);
  mkdirSync(outDir, { recursive: true });
  const machine = describeMachine(ROOT);
  const command = `npm run bench${argv.length ? ` -- ${argv.join(" ")}` : ""}`;
  console.log(`bench: ${command}`);
  console.log(
    `bench: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}; load average ${machine.loadAverageAtStart.join(" / ")}`,
  );
  console.log(`bench: sizes ${options.sizes.map((n) => n.toLocaleString("en")).join(", ")}; parts ${[...options.parts].join(", ")}; results in ${outDir}`);

  const sizes: SizeResult[] = [];
  const header = (): RunHeader => ({
    command,
    startedAt: startedAt.toISOString(),
    seconds: (performance.now() - started) / 1000,
    machine,
    loadAverageAtEnd: currentLoad(),
  });
  const save = () => {
    const run = header();
    writeFileSync(join(outDir, "results.md"), fullReport(run, sizes));
    const json = { ...run, options: { ...options, parts: [...options.parts] }, sizes: sizes.map((r) => ({ ...r, targets: checkTargets(r) })) };
    writeFileSync(join(outDir, "results.json"), `${JSON.stringify(json, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2)}\n`);
  };

  let failed = false;
  for (const units of options.sizes) {
    const result = await runSize(units, options, dataDir, machine).catch((error: unknown) => {
      console.error(`bench: ${units.toLocaleString("en")} units failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      failed = true;
      return undefined;
    });
    if (!result) break;
    sizes.push(result);
    save();
    console.log(`\n${sizeSection(result)}\n`);
  }
  if (sizes.length > 1) console.log(`\n${scaleSection(sizes)}\n`);
  save();
  console.log(`bench: ${((performance.now() - started) / 1000).toFixed(0)} s in all; results: ${join(outDir, "results.md")} and results.json`);
  return failed ? 1 : 0;
}

async function runSize(units: number, options: BenchOptions, dataDir: string, machine: ReturnType<typeof describeMachine>): Promise<SizeResult> {
  const t0 = performance.now();
  const label = `[${units >= 1e6 ? `${units / 1e6}M` : units >= 1e3 ? `${units / 1e3}k` : units}]`;
  const say = (text: string) => console.log(`${label} ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s  ${text}`);
  const has = (p: Part) => options.parts.has(p);

  const sample = await ensureSample(ROOT, dataDir, { units, seed: options.seed, years: options.years, fresh: options.fresh }, say);
  const warehouse = new WarehouseFile(ROOT, sample, options.fresh);
  const result: SizeResult = {
    units,
    seed: options.seed,
    years: options.years,
    sample: { files: sample.files.length, rows: sample.rows, bytes: sample.bytes, generatedSeconds: sample.generatedSeconds, reused: sample.reused },
    notes: [],
    seconds: 0,
  };
  const needsWarehouse = has("build") || has("api") || has("throughput");
  const needsBuilt = has("api") || has("throughput");

  if (has("ingest") || (needsWarehouse && !warehouse.state.ingested)) {
    const measured = has("ingest");
    if (!measured) result.notes.push("ingest was run (unmeasured) to prepare the warehouse.");
    warehouse.state = { ingested: false, built: false };
    const ingest = await runWorker<IngestResult>(
      "ingest",
      {
        sampleDir: sample.sampleDir,
        warehousePath: warehouse.path,
        referenceDbPath: warehouse.referenceDbPath,
        measureReferences: measured,
        files: sample.files,
      },
      say,
    );
    machine.duckdb ??= ingest.duckdbVersion;
    const rejected = ingest.files.filter((f) => f.status === "REJECTED");
    if (rejected.length) result.notes.push(`${rejected.length} file(s) rejected whole by ingest: ${rejected.map((f) => f.file).join(", ")}`);
    warehouse.state = { ingested: true, built: false };
    if (measured) result.ingest = ingest;
    say(`ingest: ${ingest.ingestSeconds.toFixed(1)} s for ${ingest.files.length} files`);
  }

  if (has("build") || (needsBuilt && !warehouse.state.built)) {
    const measured = has("build");
    if (!measured) result.notes.push("the build was run (unmeasured) to prepare the warehouse.");
    const build = await runWorker<BuildResult>("build", { warehousePath: warehouse.path }, say);
    warehouse.state = { ingested: true, built: build.ok };
    if (measured) result.build = build;
    if (!build.ok) {
      say(`build FAILED: ${build.error}`);
      if (needsBuilt) result.notes.push(`API and throughput not measured: the build failed (${build.error?.split("\n")[0]}).`);
      result.seconds = (performance.now() - t0) / 1000;
      return result;
    }
    say(`build: ${build.seconds.toFixed(1)} s, peak RSS ${build.peakRssMiB.toFixed(0)} MiB`);
    if (measured) {
      // one new month of social insurance on a copy of the warehouse, built incrementally
      const incremental = await runWorker<IncrementalBuildResult>("build-incremental", { warehousePath: warehouse.path, fullSeconds: build.seconds }, say);
      result.build = { ...build, incremental };
      say(
        incremental.ok
          ? `build incremental (${incremental.month}): ${incremental.seconds.toFixed(1)} s, ${(100 * incremental.shareOfFull).toFixed(0)} % of the full build`
          : `build incremental FAILED: ${incremental.error}`,
      );
    }
  }

  if (has("api") || has("throughput")) {
    const server = WorkerClient.start(
      "server",
      { warehousePath: warehouse.path, limits: { queryTimeoutMs: 30_000, maxDepth: 10, maxComplexity: 100_000 } },
      say,
    );
    try {
      const ready = await server.call<ServerReady>("ready");
      machine.duckdb ??= ready.duckdbVersion;
      // The API part measures the queries: the response cache is off; the throughput part serves the dashboard mix with it on.
      await server.call("responseCache", false);
      const [firstYear, lastYear] = options.years;
      const { result: api, mix } = await measureApi(
        server,
        ready.url,
        {
          firstYear,
          lastYear,
          year: Math.max(firstYear, lastYear - 1),
          secondsPerOperation: options.secondsPerOperation,
          minIterations: 20,
          maxIterations: 300,
          schemaPath: join(ROOT, "schema", "schema.graphql"),
          operationsDir: join(ROOT, "bench", "operations"),
          examplesDir: join(ROOT, "examples"),
        },
        has("api"),
        say,
      );
      if (has("api")) result.api = api;
      if (has("throughput")) {
        if (!mix.length) result.notes.push("throughput not measured: no dashboard operation answered.");
        else {
          await server.call("responseCache", true);
          result.throughput = await measureThroughput(server, ready.url, mix, options.concurrency, options.throughputSeconds, say);
          const stats = await server.call<{ hits: number; misses: number; entries: number; bytes: number }>("responseCacheStats");
          result.notes.push(
            `throughput with the API's response cache on (RESPONSE_CACHE_MB): ${stats.hits.toLocaleString("en")} hits, ${stats.misses} misses, ${stats.entries} answers held (${(stats.bytes / 1048576).toFixed(1)} MiB); the API part above ran with it off, so its figures are the queries'.`,
          );
        }
      }
      const memory = await server.call<{ rssMiB: number; peakRssMiB: number }>("memory");
      result.server = { startRssMiB: ready.rssMiB, peakRssMiB: memory.peakRssMiB };
      const logged = await server.call<string[]>("loggedErrors");
      if (logged.length) result.notes.push(`the server logged ${logged.length} error(s), first: ${logged[0].slice(0, 300)}`);
    } finally {
      await server.stop();
    }
  }
  result.seconds = (performance.now() - t0) / 1000;
  return result;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("bench: unexpected error:", error);
    process.exit(1);
  },
);
