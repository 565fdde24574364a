/** Small statistics over latency samples (milliseconds). */

export interface LatencySummary {
  readonly n: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
}

/** Nearest-rank percentile (q in [0, 1]) of unsorted samples; NaN for none. */
export function percentile(samples: readonly number[], q: number): number {
  if (!samples.length) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1];
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1] : Number.NaN);
  return {
    n: sorted.length,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    min: sorted.length ? sorted[0] : Number.NaN,
    max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
    mean: sorted.length ? sorted.reduce((s, v) => s + v, 0) / sorted.length : Number.NaN,
  };
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 0.5);
}

/** Peak resident set size of this process so far, in MiB (Linux: VmHWM; else resourceUsage). */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Current resident set size of this process, in MiB. */
export function rssMiB(): number {
  return process.memoryUsage.rss() / (1024 * 1024);
}
