/** `npm run bench -- [options]`: what to measure, at which sizes. */
import { parseArgs } from "node:util";

export const PARTS = ["ingest", "build", "api", "throughput"] as const;
export type Part = (typeof PARTS)[number];

export const SCALE_SIZES = [4_000, 100_000, 1_000_000] as const;
/** The sample generator's years: the rate table covers 2019 on; the fixed operations ask for the year before the last. */
const LAST_YEAR = 2025;
const EARLIEST_YEAR = 2019;

export interface BenchOptions {
  readonly sizes: readonly number[];
  readonly months: number;
  readonly years: readonly [number, number];
  readonly seed: number;
  readonly parts: ReadonlySet<Part>;
  readonly out: string | undefined;
  readonly dataDir: string;
  readonly fresh: boolean;
  readonly throughputSeconds: number;
  readonly concurrency: readonly number[];
  readonly secondsPerOperation: number;
  readonly help: boolean;
}

export const USAGE = `npm run bench -- [options]

  --units N          employer units of the generated sample (default 4000)
  --months M         months of data (default 84: 2019–2025); the generator works in
                     whole years, so M is rounded up to years ending in 2025
                     (or starting in 2019 beyond 7 years)
  --seed N           sample seed (default 1)
  --only PART[,PART] ingest, build, api, throughput (default: all four)
  --out DIR          results folder (default bench/results/<timestamp>)
  --scale            the scale curve: 4,000, 100,000 and 1,000,000 units
  --sizes N,N,…      the scale curve at other sizes
  --duration S       seconds per throughput run (default 10)
  --concurrency C,…  throughput clients (default 1,4,16)
  --op-seconds S     time budget per API operation (default 4)
  --data-dir DIR     cache of samples and warehouses (default bench/.data)
  --fresh            regenerate the sample and rebuild the warehouse
`;

function positiveInt(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text.replaceAll("_", ""));
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number ≥ 1, got ${JSON.stringify(text)}`);
  return value;
}

function list(name: string, text: string | undefined, fallback: readonly number[]): number[] {
  if (text === undefined) return [...fallback];
  return text.split(",").map((t) => positiveInt(name, t.trim(), 0));
}

/** Whole years covering `months`, ending in 2025 (the sample's last year) while that fits, else starting in 2019. */
export function yearsForMonths(months: number): [number, number] {
  const span = Math.ceil(months / 12);
  return LAST_YEAR - span + 1 >= EARLIEST_YEAR ? [LAST_YEAR - span + 1, LAST_YEAR] : [EARLIEST_YEAR, EARLIEST_YEAR + span - 1];
}

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      units: { type: "string" },
      months: { type: "string" },
      seed: { type: "string" },
      only: { type: "string" },
      out: { type: "string" },
      scale: { type: "boolean", default: false },
      sizes: { type: "string" },
      duration: { type: "string" },
      concurrency: { type: "string" },
      "op-seconds": { type: "string" },
      "data-dir": { type: "string" },
      fresh: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const parts = new Set<Part>();
  for (const p of (values.only ?? PARTS.join(",")).split(",").map((s) => s.trim())) {
    if (!(PARTS as readonly string[]).includes(p)) throw new Error(`--only: unknown part ${JSON.stringify(p)} (parts: ${PARTS.join(", ")})`);
    parts.add(p as Part);
  }
  if (values.scale && values.units) throw new Error("give --units or --scale, not both");
  const sizes = values.sizes ? list("sizes", values.sizes, []) : values.scale ? [...SCALE_SIZES] : [positiveInt("units", values.units, 4000)];
  const months = positiveInt("months", values.months, 84);
  return {
    sizes,
    months,
    years: yearsForMonths(months),
    seed: positiveInt("seed", values.seed, 1),
    parts,
    out: values.out,
    dataDir: values["data-dir"] ?? "bench/.data",
    fresh: values.fresh,
    throughputSeconds: positiveInt("duration", values.duration, 10),
    concurrency: list("concurrency", values.concurrency, [1, 4, 16]),
    secondsPerOperation: Number(values["op-seconds"] ?? 4),
    help: values.help,
  };
}
