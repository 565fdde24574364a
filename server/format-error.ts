import { unwrapResolverError } from "@apollo/server/errors";
import type { GraphQLFormattedError } from "graphql/index.js";
import type { Logger } from "../core/logger.js";
import { QueryInterruptedError } from "../core/warehouse/kysely/duckdb-driver.js";

/** Error codes a client can act on: passed through as they are. */
const CLIENT_CODES: ReadonlySet<string> = new Set([
  "BAD_USER_INPUT",
  "NOT_FOUND",
  "FORBIDDEN",
  "BAD_REQUEST",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "QUERY_TOO_COMPLEX",
  "QUERY_TIMEOUT",
  "UNAUTHENTICATED",
  "RATE_LIMITED",
  "SERVICE_UNAVAILABLE",
]);

export const QUERY_TIMEOUT = "QUERY_TIMEOUT";

/**
 * Apollo's `formatError`: client errors go out unchanged; a statement stopped by the
 * time limit becomes QUERY_TIMEOUT; anything else is logged with its cause and sent
 * as INTERNAL_SERVER_ERROR with no message detail, stack or SQL.
 */
export function createFormatError(logger: Logger, queryTimeoutMs: number) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const { locations, path } = formatted;
    if (unwrapResolverError(error) instanceof QueryInterruptedError) {
      return {
        message: `The query ran longer than the limit of ${queryTimeoutMs} ms and was stopped; ask for less (a narrower filter, smaller pages, fewer nested lists).`,
        locations,
        path,
        extensions: { code: QUERY_TIMEOUT, limitMs: queryTimeoutMs },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === "string" && CLIENT_CODES.has(code)) {
      const { stacktrace: _, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    logger.error(`internal error${path ? ` at ${path.join(".")}` : ""}: ${formatted.message}`, unwrapResolverError(error));
    return { message: "Internal server error", locations, path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
  };
}
