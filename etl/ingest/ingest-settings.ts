/**
 * Limits of one load, from the environment (checked when a load starts; every problem
 * reported at once): how wide a file may be, and how much of a period a re-delivery may
 * take out of effect before it must be confirmed with `--replace`.
 */
export interface IngestLimits {
  /** Files with more columns are refused before any row is read: `MAX_COLUMNS`, default 500. */
  readonly maxColumns: number;
  /** A re-delivery with fewer rows than this share of those it replaces is refused: `REPLACE_MIN_ROW_SHARE`, default 0.5. */
  readonly minRowShare: number;
  /** …or missing more than this share of the earlier keys: `REPLACE_MAX_MISSING_KEY_SHARE`, default 0.1. */
  readonly maxMissingKeyShare: number;
}

export const INGEST_LIMIT_DEFAULTS: IngestLimits = Object.freeze({ maxColumns: 500, minRowShare: 0.5, maxMissingKeyShare: 0.1 });

export function ingestLimits(env: NodeJS.ProcessEnv = process.env, overrides: Partial<IngestLimits> = {}): IngestLimits {
  const problems: string[] = [];
  const read = (name: string, fallback: number, valid: (n: number) => boolean, rule: string): number => {
    const text = env[name]?.trim();
    if (!text) return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || !valid(value)) {
      problems.push(`${name} must be ${rule}, got "${text}"`);
      return fallback;
    }
    return value;
  };
  const share = (n: number) => n >= 0 && n <= 1;
  const limits: IngestLimits = {
    maxColumns: read("MAX_COLUMNS", INGEST_LIMIT_DEFAULTS.maxColumns, (n) => Number.isInteger(n) && n >= 1, "a whole number ≥ 1"),
    minRowShare: read("REPLACE_MIN_ROW_SHARE", INGEST_LIMIT_DEFAULTS.minRowShare, share, "a share between 0 and 1"),
    maxMissingKeyShare: read("REPLACE_MAX_MISSING_KEY_SHARE", INGEST_LIMIT_DEFAULTS.maxMissingKeyShare, share, "a share between 0 and 1"),
  };
  if (problems.length) throw new Error(problems.join("; "));
  return Object.freeze({ ...limits, ...overrides });
}
