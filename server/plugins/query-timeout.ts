import { type ApolloServerPlugin, HeaderMap, type HTTPGraphQLResponse } from "@apollo/server";
import { GraphQLError, type GraphQLFormattedError } from "graphql/index.js";
import type { QueryScope } from "../../core/warehouse/kysely/duckdb-driver.js";
import { QUERY_TIMEOUT } from "../format-error.js";

/** The part of the request context the time limit needs. */
export interface TimedContext {
  /** The request's DuckDB statements (the HTTP handler runs the request inside it). */
  readonly queryScope: QueryScope;
}

/** When each request must be answered, from its arrival (set by `answerWithin`; requests without one start at Apollo). */
const deadlines = new WeakMap<QueryScope, number>();

/** The answer of a request stopped by the time limit: one QUERY_TIMEOUT error naming the limit. */
export function timeoutError(timeoutMs: number): GraphQLFormattedError {
  return {
    message: `The request took longer than the limit of ${timeoutMs} ms and was stopped; ask for less (a narrower filter, smaller pages, fewer nested lists).`,
    extensions: { code: QUERY_TIMEOUT, limitMs: timeoutMs },
  };
}

/**
 * The time limit of a whole request, parse to answer (QUERY_TIMEOUT_MS). At the deadline
 * the request's DuckDB statements are interrupted and later ones refused; a request past
 * its deadline when its operation is resolved is refused before execution; resolvers
 * stopped by it fail with QUERY_TIMEOUT, reported once in the response; a request that
 * failed before any data because of it is answered with that one error.
 *
 * Parsing, validation and serialisation run on the event loop and cannot be stopped
 * half-way: their time counts against the limit, and the document and answer limits
 * (server/limits) keep each of them short.
 */
export function queryTimeoutPlugin(timeoutMs: number): ApolloServerPlugin<TimedContext> {
  return {
    async requestDidStart({ contextValue }) {
      const scope = contextValue.queryScope;
      const deadline = deadlines.get(scope) ?? Date.now() + timeoutMs;
      const timer = setTimeout(() => scope.interrupt(), Math.max(0, deadline - Date.now()));
      timer.unref();
      return {
        async didResolveOperation() {
          if (Date.now() < deadline) return;
          scope.interrupt();
          const { message, extensions } = timeoutError(timeoutMs);
          throw new GraphQLError(message, { extensions: { ...extensions, http: { status: 200 } } });
        },
        async willSendResponse({ response }) {
          clearTimeout(timer);
          if (!scope.interrupted || response.body.kind !== "single") return;
          const result = response.body.singleResult;
          if (result.data === undefined) {
            // Stopped before execution (e.g. in the cost estimate's warehouse read): one error naming the limit.
            result.errors = [timeoutError(timeoutMs)];
            response.http.status = 200;
            return;
          }
          const errors = result.errors ?? [];
          const firstTimeout = errors.find((e) => e.extensions?.code === QUERY_TIMEOUT);
          result.errors = errors.filter((e) => e.extensions?.code !== QUERY_TIMEOUT || e === firstTimeout);
        },
      };
    },
  };
}

/** How long after the deadline an interrupted request may still answer itself (with its partial data) before `answerWithin` answers for it. */
export const TIMEOUT_GRACE_MS = 500;

/**
 * Answers `request` within `timeoutMs` of now (plus TIMEOUT_GRACE_MS), whatever it waits
 * for (a warehouse connection, an identical request's answer, a resolver): at the deadline
 * its scope is interrupted; if it has not answered by the end of the grace, the caller
 * gets QUERY_TIMEOUT while the work winds down. `settled` resolves once the work itself
 * has ended (to release what it holds only then).
 */
export function answerWithin<Response extends HTTPGraphQLResponse>(
  queryScope: QueryScope,
  timeoutMs: number,
  request: () => Promise<Response>,
): { readonly response: Promise<Response | HTTPGraphQLResponse>; readonly settled: Promise<void> } {
  deadlines.set(queryScope, Date.now() + timeoutMs);
  const work = request();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<HTTPGraphQLResponse>((resolve) => {
    timer = setTimeout(() => {
      queryScope.interrupt();
      timer = setTimeout(() => resolve(timeoutResponse(timeoutMs)), TIMEOUT_GRACE_MS).unref();
    }, timeoutMs).unref();
  });
  const settled = work.then(
    () => clearTimeout(timer),
    () => clearTimeout(timer),
  );
  return { response: Promise.race([work, late]), settled };
}

function timeoutResponse(timeoutMs: number): HTTPGraphQLResponse {
  return {
    status: 200,
    headers: new HeaderMap([["content-type", "application/json; charset=utf-8"]]),
    body: { kind: "complete", string: JSON.stringify({ errors: [timeoutError(timeoutMs)] }) },
  };
}
