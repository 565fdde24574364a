import type { ApolloServerPlugin } from "@apollo/server";
import type { QueryScope } from "../etl/warehouse/kysely/duckdb-driver.js";
import { QUERY_TIMEOUT } from "./format-error.js";

/** The part of the request context the time limit needs. */
export interface TimedContext {
  /** The request's DuckDB statements (the HTTP handler runs the request inside it). */
  readonly queryScope: QueryScope;
}

/**
 * Per-operation time limit: when execution runs longer than `timeoutMs`, the request's
 * DuckDB statements are interrupted (and later ones refused); the resolvers waiting
 * on them fail with QUERY_TIMEOUT, reported once in the response.
 */
export function queryTimeoutPlugin(timeoutMs: number): ApolloServerPlugin<TimedContext> {
  return {
    async requestDidStart() {
      return {
        async executionDidStart({ contextValue }) {
          const timer = setTimeout(() => contextValue.queryScope.interrupt(), timeoutMs);
          timer.unref();
          return {
            async executionDidEnd() {
              clearTimeout(timer);
            },
          };
        },
        async willSendResponse({ response, contextValue }) {
          if (!contextValue.queryScope.interrupted || response.body.kind !== "single") return;
          const errors = response.body.singleResult.errors ?? [];
          const firstTimeout = errors.find((e) => e.extensions?.code === QUERY_TIMEOUT);
          response.body.singleResult.errors = errors.filter((e) => e.extensions?.code !== QUERY_TIMEOUT || e === firstTimeout);
        },
      };
    },
  };
}
