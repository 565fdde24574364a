/** Server settings from the environment, validated once at start. */
export interface ServerConfig {
  /** TCP port of the HTTP server (0: any free port). */
  readonly port: number;
  /** Interface to listen on; all interfaces when not set. */
  readonly host: string | undefined;
  /** The DuckDB warehouse file; built from the sample province when missing. */
  readonly warehousePath: string;
  /** Longest a /graphql request may take, parse to answer; then its DuckDB statements are interrupted and it is answered QUERY_TIMEOUT. */
  readonly queryTimeoutMs: number;
  /** Deepest selection nesting accepted (introspection fields not counted). */
  readonly maxDepth: number;
  /** Highest query cost accepted (see schema/common/complexity.ts). */
  readonly maxComplexity: number;
  /** Most fields an operation may ask for once its fragments are spread (server/limits/expanded-size.ts). */
  readonly maxExpandedFields: number;
  /** Most rows one grouped answer (coverage, membershipGrowth, financeCollection) may have, predicted before it runs. */
  readonly maxAnswerRows: number;
  /** Largest /graphql answer sent, in bytes of JSON; a larger one is refused, not sent. */
  readonly maxResponseBytes: number;
  /** Memory for whole GraphQL answers (server/response-cache.ts), in bytes; 0: no response cache. */
  readonly responseCacheBytes: number;
  /** DuckDB's memory limit for each served warehouse version (its buffer pool and query memory; larger work spills to disk), e.g. `1GB`. */
  readonly duckdbMemoryLimit: string;
}

export const CONFIG_DEFAULTS = Object.freeze({
  PORT: "4000",
  WAREHOUSE: "data/warehouse.duckdb",
  QUERY_TIMEOUT_MS: "30000",
  MAX_DEPTH: "10",
  MAX_COMPLEXITY: "100000",
  MAX_EXPANDED_FIELDS: "2000",
  MAX_ANSWER_ROWS: "50000",
  MAX_RESPONSE_BYTES: "20000000",
  RESPONSE_CACHE_MB: "64",
  DUCKDB_MEMORY_LIMIT: "1GB",
});

/** What each variable means, for the error message. */
const MEANING: Readonly<Record<string, string>> = Object.freeze({
  PORT: "TCP port, a whole number 0–65535",
  QUERY_TIMEOUT_MS: "time limit of a whole request (parse, validate, execute, serialise) in milliseconds, a whole number ≥ 1",
  MAX_DEPTH: "maximum query depth, a whole number ≥ 1",
  MAX_COMPLEXITY: "maximum query cost, a whole number ≥ 1",
  MAX_EXPANDED_FIELDS: "most fields of an operation once its fragments are spread, a whole number ≥ 1",
  MAX_ANSWER_ROWS: "most rows of one grouped answer, a whole number ≥ 1",
  MAX_RESPONSE_BYTES: "largest answer in bytes, a whole number ≥ 1000",
  WAREHOUSE: "path of the DuckDB warehouse file",
  RESPONSE_CACHE_MB: "memory for cached GraphQL responses in MiB, a whole number ≥ 0 (0: no cache)",
  DUCKDB_MEMORY_LIMIT: "DuckDB memory limit of a served warehouse, a size such as 512MB or 1.5GB",
});

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid server configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Reads and checks the settings; every problem is reported at once. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const problems: string[] = [];
  const integer = (name: keyof typeof CONFIG_DEFAULTS, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const text = (env[name] ?? CONFIG_DEFAULTS[name]).trim();
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max) {
      problems.push(`${name}=${JSON.stringify(env[name])}: expected the ${MEANING[name]}`);
      return Number.NaN;
    }
    return value;
  };
  const warehousePath = (env.WAREHOUSE ?? CONFIG_DEFAULTS.WAREHOUSE).trim();
  if (!warehousePath) problems.push(`WAREHOUSE is empty: expected the ${MEANING.WAREHOUSE}`);
  const memoryLimit = (env.DUCKDB_MEMORY_LIMIT ?? CONFIG_DEFAULTS.DUCKDB_MEMORY_LIMIT).trim();
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(memoryLimit)) {
    problems.push(`DUCKDB_MEMORY_LIMIT=${JSON.stringify(env.DUCKDB_MEMORY_LIMIT)}: expected the ${MEANING.DUCKDB_MEMORY_LIMIT}`);
  }
  const config: ServerConfig = {
    port: integer("PORT", 0, 65535),
    host: env.HOST?.trim() || undefined,
    warehousePath,
    queryTimeoutMs: integer("QUERY_TIMEOUT_MS", 1),
    maxDepth: integer("MAX_DEPTH", 1),
    maxComplexity: integer("MAX_COMPLEXITY", 1),
    maxExpandedFields: integer("MAX_EXPANDED_FIELDS", 1),
    maxAnswerRows: integer("MAX_ANSWER_ROWS", 1),
    maxResponseBytes: integer("MAX_RESPONSE_BYTES", 1000),
    responseCacheBytes: integer("RESPONSE_CACHE_MB", 0, 1_000_000) * 1024 * 1024,
    duckdbMemoryLimit: memoryLimit,
  };
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze(config);
}
