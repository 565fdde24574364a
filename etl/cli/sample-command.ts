import { generateSample, type SampleSummary, TRUTH_DIR } from "../sample/generate-sample.js";
import { formatTable } from "./format-table.js";
import { terminalProgress } from "./progress-bar.js";

export interface SampleCommandOptions {
  readonly out: string;
  readonly units?: number;
  readonly seed?: number;
  readonly years?: [number, number];
  /** The whole manifest (every file with its format, encoding and rows; the truth files) as JSON instead of the summary. */
  readonly json?: boolean;
}

/** `etl sample`: writes the synthetic province, every dataset with known dirt, and its ground truth. */
export async function sampleCommand(options: SampleCommandOptions): Promise<number> {
  const progress = terminalProgress({ milestones: 4 });
  const summary = await generateSample({
    outDir: options.out,
    units: options.units,
    seed: options.seed,
    years: options.years,
    onProgress: ({ phase, done, total }) => progress.update(`sample: ${phase}`, total ? done / total : 0),
  });
  progress.stop();
  console.log(options.json ? JSON.stringify(summary, null, 2) : sampleSummary(summary));
  return 0;
}

/** A few lines for people: what was written, per dataset, and where. */
export function sampleSummary(summary: SampleSummary): string {
  const byDataset = new Map<string, { files: number; rows: number }>();
  for (const f of summary.files) {
    const d = byDataset.get(f.dataset) ?? { files: 0, rows: 0 };
    byDataset.set(f.dataset, { files: d.files + 1, rows: d.rows + f.rows });
  }
  const [from, to] = summary.years;
  return [
    `Sample province written to ${summary.outDir} in ${summary.seconds.toFixed(1)} s: ${summary.units.toLocaleString("en-US")} units, ${from}–${to}, seed ${summary.seed}.`,
    "",
    formatTable(
      ["dataset", "files", "records"],
      [...byDataset].map(([dataset, d]) => [dataset, d.files, d.rows]),
    ),
    "",
    `${summary.files.length} files, ${summary.rows.toLocaleString("en-US")} records; ground truth in ${summary.outDir}/${TRUTH_DIR}. Each file's format and encoding: --json.`,
    `Next: npm run etl -- ingest ${summary.outDir}`,
  ].join("\n");
}
