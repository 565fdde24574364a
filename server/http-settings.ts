/**
 * How long the HTTP server waits for slow and idle clients, and how many connections one
 * client address may hold (server/connection-guard.ts). Environment variables checked at start.
 */
import { ConfigError } from "../core/settings/server-config.js";

export interface HttpSettings {
  /** Longest wait for a request's headers, from its first byte (node:http `headersTimeout`). */
  readonly headersTimeoutMs: number;
  /** Longest wait for a whole request, headers and body (node:http `requestTimeout`); ≥ headersTimeoutMs. */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open between requests (node:http `keepAliveTimeout`). */
  readonly keepAliveTimeoutMs: number;
  /** Connections open at once from one client address; more are closed at once. */
  readonly maxConnectionsPerClient: number;
}

export const HTTP_DEFAULTS = Object.freeze({
  HEADERS_TIMEOUT_MS: "10000",
  REQUEST_TIMEOUT_MS: "30000",
  KEEP_ALIVE_TIMEOUT_MS: "5000",
  MAX_CONNECTIONS_PER_CLIENT: "64",
});

const MEANING: Readonly<Record<keyof typeof HTTP_DEFAULTS, string>> = Object.freeze({
  HEADERS_TIMEOUT_MS: "the longest wait for a request's headers in milliseconds",
  REQUEST_TIMEOUT_MS: "the longest wait for a whole request (headers and body) in milliseconds",
  KEEP_ALIVE_TIMEOUT_MS: "how long an idle keep-alive connection stays open, in milliseconds",
  MAX_CONNECTIONS_PER_CLIENT: "the most connections one client address may hold open",
});

export function readHttpSettings(env: NodeJS.ProcessEnv = process.env): HttpSettings {
  const problems: string[] = [];
  const integer = (name: keyof typeof HTTP_DEFAULTS, min: number): number => {
    const text = (env[name] ?? HTTP_DEFAULTS[name]).trim();
    if (!/^\d+$/.test(text) || Number(text) < min) {
      problems.push(`${name}=${JSON.stringify(env[name])}: expected ${MEANING[name]}, a whole number ≥ ${min}`);
      return Number.NaN;
    }
    return Number(text);
  };
  const settings: HttpSettings = {
    headersTimeoutMs: integer("HEADERS_TIMEOUT_MS", 100),
    requestTimeoutMs: integer("REQUEST_TIMEOUT_MS", 100),
    keepAliveTimeoutMs: integer("KEEP_ALIVE_TIMEOUT_MS", 100),
    maxConnectionsPerClient: integer("MAX_CONNECTIONS_PER_CLIENT", 1),
  };
  // node:http refuses a header wait longer than the whole request's.
  if (settings.headersTimeoutMs > settings.requestTimeoutMs) {
    problems.push(
      `HEADERS_TIMEOUT_MS (${settings.headersTimeoutMs}) is longer than REQUEST_TIMEOUT_MS (${settings.requestTimeoutMs}): the headers are part of the request`,
    );
  }
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze(settings);
}
