/**
 * Who connects: the password is an API key (the user name is not checked), checked by
 * the API's own gate (server/auth/gate.ts: the key store, revocation, the per-key rate
 * limit), so a key means the same role and scope here as on /graphql.
 *
 * ANALYST and ADMIN keys connect. DASHBOARD keys are refused: what they may see is
 * suppressed per aggregate cell (small counts withheld), which rows of SQL cannot honour.
 *
 * Demo mode (the sample warehouse `npm start` built itself, or DEMO_MODE=1), like the
 * API's: a password that is not an API key (anything not starting with `uap_`, e.g.
 * `demo`) connects as the province-wide demo ANALYST; a real key is checked as usual.
 */
import { HeaderMap, type HTTPGraphQLRequest } from "@apollo/server";
import { GraphQLError } from "graphql/index.js";
import type { Principal } from "../../core/access/principal.js";
import type { Security } from "../auth/security.js";
import type { PgError } from "./pg-wire.js";

export class AuthRefusal extends Error {
  override name = "AuthRefusal";
  constructor(
    readonly pgError: PgError,
    /** For the log line. */
    readonly reason: string,
  ) {
    super(pgError.message);
  }
}

/** The gate's request for a presented key (null: none). */
function requestWith(token: string | null): HTTPGraphQLRequest {
  const headers = new HeaderMap();
  if (token !== null) headers.set("authorization", `Bearer ${token}`);
  return { method: "POST", headers, search: "", body: {} };
}

/** The token a password presents: null in demo mode for a password that is not a key. */
export function presentedToken(security: Security, password: string): string | null {
  const trimmed = password.trim();
  if (security.config.demoMode && !trimmed.startsWith("uap_")) return null;
  return trimmed;
}

/**
 * Admits a caller (at connect, and again for each statement: a revoked key stops at its
 * next statement, and every statement takes one request from the key's rate limit).
 */
export function admit(security: Security, token: string | null, atConnect: boolean): Principal {
  let principal: Principal;
  try {
    if (token === "")
      throw new AuthRefusal(
        {
          severity: "FATAL",
          code: "28P01",
          message: "An API key is required as the password (any user name). Keys are made with `npm run etl -- keys create`.",
        },
        "no password",
      );
    principal = security.gate.admit(requestWith(token));
  } catch (error) {
    if (error instanceof AuthRefusal) throw error;
    if (!(error instanceof GraphQLError)) throw error;
    const reason = String(error.extensions.reason ?? error.extensions.code ?? "refused");
    if (error.extensions.code === "RATE_LIMITED") {
      throw new AuthRefusal({ severity: atConnect ? "FATAL" : "ERROR", code: "53400", message: error.message }, "rate limited");
    }
    if (error.extensions.code === "SERVICE_UNAVAILABLE")
      throw new AuthRefusal({ severity: "FATAL", code: "57P03", message: error.message }, "key store unreadable");
    const message =
      reason === "REVOKED_KEY"
        ? "This API key has been revoked."
        : reason === "MISSING_KEY"
          ? "An API key is required as the password (any user name). Keys are made with `npm run etl -- keys create`."
          : "The password is not a valid API key.";
    // At connect the connection ends; on a statement (a key revoked since) each statement is refused, with this message.
    throw new AuthRefusal({ severity: atConnect ? "FATAL" : "ERROR", code: "28P01", message }, reason.toLowerCase());
  }
  if (principal.role === "DASHBOARD") {
    throw new AuthRefusal(
      {
        severity: "FATAL",
        code: "28000",
        message:
          "DASHBOARD keys cannot connect to the SQL endpoint: their figures are suppressed per aggregate cell (small counts withheld), which rows of SQL cannot honour.",
        hint: "Use an ANALYST key for SQL, or the dashboard and the GraphQL API with this key.",
      },
      "DASHBOARD key",
    );
  }
  return principal;
}
