/**
 * The bench's cache (bench/.data/, ignored by git): one folder per generated sample,
 * keyed by units, seed, years and a hash of the generator's code, holding the sample
 * and the warehouse built from it, keyed by a hash of the ETL code (ingest, build,
 * models, reference data). A sample is complete only once its manifest is written.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { generateSample } from "../../etl/sample/generate-sample.js";
import type { SampleFile } from "./types.js";

export interface Sample {
  readonly key: string;
  readonly folder: string;
  readonly sampleDir: string;
  readonly units: number;
  readonly seed: number;
  readonly years: readonly [number, number];
  readonly files: readonly SampleFile[];
  readonly rows: number;
  readonly bytes: number;
  /** Seconds the generation took (in this run, or when it was cached). */
  readonly generatedSeconds: number;
  readonly reused: boolean;
}

interface Manifest {
  readonly units: number;
  readonly seed: number;
  readonly years: readonly [number, number];
  readonly files: readonly SampleFile[];
  readonly generatedSeconds: number;
  readonly generatedAt: string;
}

/** A short hash of every file under the given folders (names and contents). */
export function codeHash(root: string, folders: readonly string[], exclude: readonly string[] = []): string {
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const rel = relative(root, path);
      if (exclude.some((e) => rel === e || rel.startsWith(`${e}/`))) continue;
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(rel).update("\0").update(readFileSync(path)).update("\0");
    }
  };
  for (const f of folders) if (existsSync(join(root, f))) walk(join(root, f));
  return hash.digest("hex").slice(0, 10);
}

const GENERATOR_CODE = ["etl/sample", "etl/encoding", "etl/reference", "etl/sources"];
const WAREHOUSE_CODE = ["etl"];

export async function ensureSample(
  root: string,
  dataDir: string,
  options: { units: number; seed: number; years: readonly [number, number]; fresh: boolean },
  say: (text: string) => void,
): Promise<Sample> {
  const { units, seed, years } = options;
  const key = `u${units}-s${seed}-y${years[0]}-${years[1]}-g${codeHash(root, GENERATOR_CODE)}`;
  const folder = join(dataDir, key);
  const sampleDir = join(folder, "sample");
  const manifestPath = join(folder, "manifest.json");
  let manifest: Manifest | undefined;
  if (!options.fresh && existsSync(manifestPath)) {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest;
    const intact = manifest.files.every((f) => existsSync(join(sampleDir, f.file)) && statSync(join(sampleDir, f.file)).size === f.bytes);
    if (intact) say(`sample: reusing ${sampleDir} (${manifest.files.length} files, generated in ${manifest.generatedSeconds.toFixed(1)} s)`);
    else manifest = undefined;
  }
  const reused = manifest !== undefined;
  if (!manifest) {
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(sampleDir, { recursive: true });
    say(`sample: generating ${units.toLocaleString("en")} units, seed ${seed}, ${years[0]}–${years[1]} into ${sampleDir}`);
    const t0 = performance.now();
    let lastSaid = 0;
    const summary = await generateSample({
      outDir: sampleDir,
      units,
      seed,
      years: [years[0], years[1]],
      onProgress: ({ phase, done, total }) => {
        const now = performance.now();
        if (now - lastSaid > 5000 || (phase === "closing" && done === 0)) {
          lastSaid = now;
          say(`sample: ${phase} ${done.toLocaleString("en")}/${total.toLocaleString("en")} (${((now - t0) / 1000).toFixed(0)} s)`);
        }
      },
    });
    const generatedSeconds = (performance.now() - t0) / 1000;
    // The ground truth (_truth/) is not needed by the bench: it is as large as the data.
    rmSync(join(sampleDir, "_truth"), { recursive: true, force: true });
    manifest = {
      units,
      seed,
      years,
      files: summary.files.map((f) => ({
        file: f.file,
        dataset: f.dataset,
        format: f.format,
        encoding: f.encoding,
        rows: f.rows,
        bytes: statSync(join(sampleDir, f.file)).size,
      })),
      generatedSeconds,
      generatedAt: new Date().toISOString(),
    };
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    say(`sample: ${manifest.files.length} files, ${summary.rows.toLocaleString("en")} rows in ${generatedSeconds.toFixed(1)} s`);
  }
  return {
    key,
    folder,
    sampleDir,
    units,
    seed,
    years,
    files: manifest.files,
    rows: manifest.files.reduce((s, f) => s + f.rows, 0),
    bytes: manifest.files.reduce((s, f) => s + f.bytes, 0),
    generatedSeconds: manifest.generatedSeconds,
    reused,
  };
}

/** The warehouse of a sample for the current ETL code, and what has been done to it. */
export class WarehouseFile {
  readonly path: string;
  readonly #statePath: string;

  constructor(
    root: string,
    readonly sample: Sample,
    fresh: boolean,
  ) {
    const hash = codeHash(root, WAREHOUSE_CODE, ["etl/sample"]);
    this.path = join(sample.folder, `warehouse-${hash}.duckdb`);
    this.#statePath = join(sample.folder, `warehouse-${hash}.json`);
    // warehouses of other ETL code are stale: remove them (they are as large as the data)
    for (const name of readdirSync(sample.folder)) {
      if (name.startsWith("warehouse-") && !name.startsWith(`warehouse-${hash}.`)) rmSync(join(sample.folder, name), { force: true });
    }
    if (fresh) this.reset();
  }

  get state(): { ingested: boolean; built: boolean } {
    if (!existsSync(this.path) || !existsSync(this.#statePath)) return { ingested: false, built: false };
    return JSON.parse(readFileSync(this.#statePath, "utf8")) as { ingested: boolean; built: boolean };
  }

  set state(value: { ingested: boolean; built: boolean }) {
    writeFileSync(this.#statePath, `${JSON.stringify(value)}\n`);
  }

  reset(): void {
    for (const p of [this.path, `${this.path}.wal`, this.#statePath]) rmSync(p, { force: true });
  }

  get referenceDbPath(): string {
    return join(this.sample.folder, "reference-scratch.duckdb");
  }
}
