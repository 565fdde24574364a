import { generateSample } from "../sample/generate-sample.js";
import { terminalProgress } from "./progress-bar.js";

export interface SampleCommandOptions {
  readonly out: string;
  readonly units?: number;
  readonly seed?: number;
  readonly years?: [number, number];
}

/** `etl sample`: writes the synthetic province, every dataset with known dirt, and its ground truth. */
export async function sampleCommand(options: SampleCommandOptions): Promise<number> {
  const progress = terminalProgress();
  const summary = await generateSample({
    outDir: options.out,
    units: options.units,
    seed: options.seed,
    years: options.years,
    onProgress: ({ phase, done, total }) => progress.update(`sample: ${phase}`, total ? done / total : 0),
  });
  progress.stop();
  console.log(JSON.stringify(summary, null, 2));
  console.log(`\nSample written to ${options.out} (ground truth in ${options.out}/_truth).`);
  return 0;
}
