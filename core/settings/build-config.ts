/**
 * Settings of `etl build` (and of every build: the bench's, the first start's sample):
 * how much memory DuckDB may use while it builds the models, where it spills what does
 * not fit, and how many threads it runs. The build commits model by model, so its peak
 * memory is set here and not by the size of the data (README "Building in bounded memory").
 */
import { ConfigError } from "./server-config.js";

export interface BuildConfig {
  /** DuckDB's memory limit during the build (buffer pool and query memory; larger work spills to `tempDirectory`), e.g. `4GB`. */
  readonly memoryLimit: string;
  /** Where DuckDB spills during the build; undefined: DuckDB's default, `<warehouse>.tmp` beside the warehouse. */
  readonly tempDirectory: string | undefined;
  /** DuckDB threads during the build; undefined: one per core (DuckDB's default). */
  readonly threads: number | undefined;
}

export const BUILD_DEFAULTS = Object.freeze({
  BUILD_MEMORY_LIMIT: "4GB",
});

const SIZE = /^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

/** Reads BUILD_MEMORY_LIMIT, BUILD_TEMP_DIR and BUILD_THREADS; every problem is reported at once (a ConfigError naming the setting). */
export function readBuildConfig(env: NodeJS.ProcessEnv = process.env): BuildConfig {
  const problems: string[] = [];
  const memoryLimit = (env.BUILD_MEMORY_LIMIT?.trim() || BUILD_DEFAULTS.BUILD_MEMORY_LIMIT).replace(/\s+/g, "");
  if (!SIZE.test(memoryLimit)) {
    problems.push(`BUILD_MEMORY_LIMIT=${JSON.stringify(env.BUILD_MEMORY_LIMIT)}: expected DuckDB's memory limit for the build, a size such as 512MB or 4GB`);
  }
  const tempDirectory = env.BUILD_TEMP_DIR?.trim() || undefined;
  const threadsText = env.BUILD_THREADS?.trim();
  let threads: number | undefined;
  if (threadsText) {
    threads = Number(threadsText);
    if (!/^\d+$/.test(threadsText) || threads < 1 || threads > 1024) {
      problems.push(`BUILD_THREADS=${JSON.stringify(env.BUILD_THREADS)}: expected DuckDB threads for the build, a whole number 1–1024`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze({ memoryLimit, tempDirectory, threads });
}

/** Bytes of a DuckDB size (`512MB` = 512 × 1000², `4GiB` = 4 × 1024³), as DuckDB reads it. */
export function sizeInBytes(size: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([KMGT])(i?)B$/i.exec(size.trim());
  if (!match) throw new Error(`not a size: ${size}`);
  const base = match[3] ? 1024 : 1000;
  return Math.round(Number(match[1]) * base ** ("KMGT".indexOf(match[2].toUpperCase()) + 1));
}
