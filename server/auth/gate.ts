/**
 * The door of every GraphQL request (`/graphql` and the exports, through the one
 * context function): the API key (`Authorization: Bearer <key>` or `x-api-key`), the
 * batch size and the caller's rate limit, before any parsing of the operation and any
 * SQL. Refusals are GraphQL errors carrying their HTTP status (401, 429, 400), which
 * Apollo sends as such.
 */
import { HeaderMap, type HTTPGraphQLRequest } from "@apollo/server";
import { GraphQLError } from "graphql/index.js";
import { type KeyCheck, type KeyStore, KeyStoreError } from "../../core/access/api-keys.js";
import { PROVINCE_SCOPE, type Principal } from "../../core/access/principal.js";
import type { Logger } from "../../core/logger.js";
import type { RateLimiter } from "./rate-limit.js";

export interface GateOptions {
  readonly keys: KeyStore;
  readonly demoMode: boolean;
  readonly limiter: RateLimiter;
  readonly maxBatch: number;
  readonly logger: Logger;
}

/** The caller of demo mode when it sends no key: a province-wide analyst. */
export const DEMO_PRINCIPAL: Principal = Object.freeze({ keyId: null, name: "demo", role: "ANALYST", scope: PROVINCE_SCOPE, demo: true });

const REALM = 'Bearer realm="union-analytics", charset="UTF-8"';

function refused(status: number, code: string, message: string, extensions: Record<string, unknown> = {}, headers: [string, string][] = []): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code, http: { status, headers: new HeaderMap(headers) } } });
}

/** The key a request presents: `Authorization: Bearer <key>`, else `x-api-key`; null when none. */
export function presentedKey(headers: HeaderMap): string | null {
  const authorization = headers.get("authorization")?.trim();
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    return match ? match[1] : authorization; // a malformed header is a key that fails, not an absent one
  }
  return headers.get("x-api-key")?.trim() || null;
}

export interface Gate {
  /** The request's caller; throws the refusal (401, 429, 400, 503) otherwise. */
  admit(request: HTTPGraphQLRequest): Principal;
  /**
   * The refusal a request earns from its headers alone (no key where one is needed, a key
   * that fails), so that its body is never read; null when the headers pass.
   */
  refuseEarly(headers: HeaderMap): GraphQLError | null;
}

export function createGate(options: GateOptions): Gate {
  const { keys, demoMode, limiter, maxBatch, logger } = options;
  // A refusal has no response-level extensions (Apollo answers it before any plugin runs): in demo mode the error itself says so.
  const refusal = (status: number, code: string, message: string, extensions: Record<string, unknown> = {}, headers: [string, string][] = []) =>
    refused(status, code, message, demoMode ? { ...extensions, demoMode: true } : extensions, headers);
  const limit = (caller: string, cost: number) => {
    const wait = limiter.take(caller, cost);
    if (wait > 0) {
      throw refusal(
        429,
        "RATE_LIMITED",
        `Too many requests: this key may send ${limiter.perMinute} a minute; retry in ${wait} s.`,
        { retryAfterSeconds: wait, limitPerMinute: limiter.perMinute },
        [["retry-after", String(wait)]],
      );
    }
  };
  /** The caller a key (or its absence) names; throws the 401 (or 503) refusal. */
  const identify = (token: string | null): Principal => {
    if (token === null) {
      if (demoMode) return DEMO_PRINCIPAL;
      throw refusal(
        401,
        "UNAUTHENTICATED",
        "An API key is required: send it as `Authorization: Bearer <key>` (or `x-api-key: <key>`). Keys are made with `npm run etl -- keys create`.",
        { reason: "MISSING_KEY" },
        [["www-authenticate", REALM]],
      );
    }
    let check: KeyCheck;
    try {
      check = keys.check(token);
    } catch (error) {
      if (!(error instanceof KeyStoreError)) throw error;
      logger.error("the key store cannot be read", error);
      throw refusal(503, "SERVICE_UNAVAILABLE", "Keys cannot be checked right now; try again later.");
    }
    if (!check.ok) {
      limit("invalid-keys", 1); // guessing is hopeless (256-bit secrets), but not free either
      const revoked = check.reason === "REVOKED";
      throw refusal(
        401,
        "UNAUTHENTICATED",
        revoked ? "This API key has been revoked." : "The API key is not valid.",
        { reason: revoked ? "REVOKED_KEY" : "INVALID_KEY" },
        [["www-authenticate", `${REALM}, error="invalid_token"`]],
      );
    }
    const { key } = check;
    return Object.freeze({ keyId: key.id, name: key.name, role: key.role, scope: key.scope, demo: demoMode });
  };
  return {
    admit(request) {
      const operations = Array.isArray(request.body) ? request.body.length : 1;
      if (operations > maxBatch) {
        throw refusal(400, "BAD_REQUEST", `The batch has ${operations} operations, more than the maximum of ${maxBatch}; send fewer at a time.`, {
          reason: "BATCH_TOO_LARGE",
          limit: maxBatch,
        });
      }
      const principal = identify(presentedKey(request.headers));
      limit(principal.keyId === null ? "demo" : `key:${principal.keyId}`, operations);
      return principal;
    },
    refuseEarly(headers) {
      try {
        identify(presentedKey(headers));
        return null;
      } catch (error) {
        if (error instanceof GraphQLError) return error;
        throw error;
      }
    },
  };
}
