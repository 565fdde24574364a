/** Security settings from the environment, validated once at start (every problem reported at once). */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { LINK_DECISIONS_FILE } from "../records/link-decision-log.js";
import { CONFIG_DEFAULTS, ConfigError } from "./server-config.js";

export interface SecurityConfig {
  /** Demo mode: requests without a key act as a province-wide ANALYST; introspection on; said in every response. */
  readonly demoMode: boolean;
  /** The key store (hashed API keys); beside the warehouse by default. */
  readonly keyStorePath: string;
  /** The audit log of admin actions; beside the warehouse by default. */
  readonly auditLogPath: string;
  /** Analysts' link decisions (core/records/link-decision-log.ts); default: link-decisions.jsonl beside the audit log. */
  readonly linkDecisionsPath?: string;
  /** DASHBOARD aggregates built from fewer units than this are suppressed. */
  readonly suppressionK: number;
  /** Requests per minute per key (token bucket: this many at once, refilled evenly over a minute). */
  readonly rateLimitPerMinute: number;
  /** Whether `__schema`/`__type` are answered (always in demo mode). */
  readonly allowIntrospection: boolean;
  /** Most aliased fields in one operation. */
  readonly maxAliases: number;
  /** Most operations in one batched (array) POST. */
  readonly maxBatch: number;
  /** Most lexical tokens in one document (the parser stops beyond). */
  readonly maxTokens: number;
  /** Where DASHBOARD keys' allowed operations are (.graphql files, folders of them, or JSON lists of sha256); null: DASHBOARD keys may send any operation. */
  readonly dashboardAllowList: readonly string[] | null;
}

/**
 * Where the key store and the audit log are unless API_KEYS / AUDIT_LOG say otherwise:
 * beside the warehouse (`data/keys.json`, `data/audit.jsonl` for the default
 * `data/warehouse.duckdb`), so the ETL commands on a warehouse (`--db`) and the server on
 * it (`WAREHOUSE`) use the same ones.
 */
export function securityFilesBeside(warehousePath: string): { readonly API_KEYS: string; readonly AUDIT_LOG: string; readonly LINK_DECISIONS: string } {
  const dir = dirname(warehousePath);
  return { API_KEYS: join(dir, "keys.json"), AUDIT_LOG: join(dir, "audit.jsonl"), LINK_DECISIONS: join(dir, LINK_DECISIONS_FILE) };
}

export const SECURITY_DEFAULTS = Object.freeze({
  SUPPRESSION_K: "3",
  RATE_LIMIT_PER_MINUTE: "600",
  MAX_ALIASES: "30",
  MAX_BATCH: "10",
  MAX_TOKENS: "10000",
  DASHBOARD_ALLOWLIST: "examples",
});

const FLAG = /^(1|true|yes|on|0|false|no|off)$/i;
const isOn = (text: string) => /^(1|true|yes|on)$/i.test(text);

export function readSecurityConfig(env: NodeJS.ProcessEnv = process.env): SecurityConfig {
  const problems: string[] = [];
  const text = (name: keyof typeof SECURITY_DEFAULTS) => (env[name] ?? SECURITY_DEFAULTS[name]).trim();
  const integer = (name: keyof typeof SECURITY_DEFAULTS, min: number, meaning: string): number => {
    const value = text(name);
    if (!/^\d+$/.test(value) || Number(value) < min) {
      problems.push(`${name}=${JSON.stringify(env[name])}: expected ${meaning}, a whole number ≥ ${min}`);
      return Number.NaN;
    }
    return Number(value);
  };
  const flag = (name: string): boolean => {
    const value = env[name]?.trim();
    if (value === undefined || value === "") return false;
    if (!FLAG.test(value)) problems.push(`${name}=${JSON.stringify(env[name])}: expected 1 or 0`);
    return isOn(value);
  };
  const demoMode = flag("DEMO_MODE");
  const allowIntrospection = flag("ALLOW_INTROSPECTION") || demoMode;
  const beside = securityFilesBeside(env.WAREHOUSE?.trim() || CONFIG_DEFAULTS.WAREHOUSE);
  const path = (name: "API_KEYS" | "AUDIT_LOG" | "LINK_DECISIONS") => {
    const value = (env[name] ?? beside[name]).trim();
    if (!value) problems.push(`${name} is empty: expected a file path`);
    return value;
  };
  const allowListText = text("DASHBOARD_ALLOWLIST");
  let dashboardAllowList: string[] | null = null;
  if (!/^(off|none)$/i.test(allowListText)) {
    dashboardAllowList = allowListText
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean);
    if (!dashboardAllowList.length)
      problems.push('DASHBOARD_ALLOWLIST is empty: expected .graphql files, folders or JSON hash lists (comma-separated), or "off"');
    for (const p of dashboardAllowList) if (!existsSync(p)) problems.push(`DASHBOARD_ALLOWLIST: ${p} does not exist`);
  }
  const config: SecurityConfig = {
    demoMode,
    keyStorePath: path("API_KEYS"),
    auditLogPath: path("AUDIT_LOG"),
    linkDecisionsPath: path("LINK_DECISIONS"),
    suppressionK: integer("SUPPRESSION_K", 2, "the smallest number of units an aggregate cell shown to DASHBOARD keys may hold"),
    rateLimitPerMinute: integer("RATE_LIMIT_PER_MINUTE", 1, "requests per minute per key"),
    allowIntrospection,
    maxAliases: integer("MAX_ALIASES", 1, "the most aliased fields in one operation"),
    maxBatch: integer("MAX_BATCH", 1, "the most operations in one batched request"),
    maxTokens: integer("MAX_TOKENS", 100, "the most tokens in one GraphQL document"),
    dashboardAllowList,
  };
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze(config);
}
