import type { IncomingMessage } from "node:http";
import { type ApolloServer, type BaseContext, HeaderMap, type HTTPGraphQLRequest } from "@apollo/server";
import { GraphQLError } from "graphql/index.js";
import { QueryScope } from "../../core/warehouse/kysely/duckdb-driver.js";
import type { ExecuteOperation, OperationOutcome } from "./route.js";

/**
 * How the server builds a request's context: the same function serves `/graphql` and
 * the exports, so both see the same caller (auth, scope, suppression). Each operation
 * gets its own QueryScope, which its time limit interrupts.
 */
export type ContextFor<Context> = (request: HTTPGraphQLRequest, queryScope: QueryScope) => Promise<Context>;

/**
 * Runs export operations through Apollo's `executeOperation` (validation, limits,
 * plugins, error formatting). `release` is called with each operation's QueryScope once
 * it is answered, as the `/graphql` route does (e.g. the warehouse version's lease).
 */
export function executeThroughApollo<Context extends BaseContext>(
  apollo: ApolloServer<Context>,
  contextFor: ContextFor<Context>,
  release: (queryScope: QueryScope) => void = () => {},
): ExecuteOperation {
  return async (operation, req) => {
    const request = httpGraphQLRequestOf(req);
    const queryScope = new QueryScope();
    try {
      return await run(apollo, contextFor, queryScope, request, operation);
    } finally {
      release(queryScope);
    }
  };
}

function run<Context extends BaseContext>(
  apollo: ApolloServer<Context>,
  contextFor: ContextFor<Context>,
  queryScope: QueryScope,
  request: HTTPGraphQLRequest,
  operation: { readonly query: string; readonly variables: Record<string, unknown> },
): Promise<OperationOutcome> {
  return queryScope.run(async () => {
    let contextValue: Context;
    try {
      contextValue = await contextFor(request, queryScope);
    } catch (error) {
      return refusalOf(error);
    }
    const response = await apollo.executeOperation({ query: operation.query, variables: operation.variables }, { contextValue });
    if (response.body.kind !== "single") return { errors: [{ message: "exports take single results only" }], status: 500 };
    const { data, errors, extensions } = response.body.singleResult;
    return { data: data as Record<string, unknown> | null | undefined, errors, extensions, status: response.http.status };
  });
}

/**
 * A caller refused while its context is made (no or bad key, rate limit: a GraphQLError
 * with `extensions.http`), as the answer `/graphql` gives: the status, the headers
 * (e.g. Retry-After) and the error without its HTTP part. Anything else is a fault.
 */
function refusalOf(error: unknown): OperationOutcome {
  if (!(error instanceof GraphQLError)) throw error;
  const { http, ...extensions } = error.extensions as { http?: { status?: number; headers?: Map<string, string> } } & Record<string, unknown>;
  return {
    errors: [{ message: error.message, extensions }],
    status: http?.status ?? 500,
    headers: http?.headers ? Object.fromEntries(http.headers) : undefined,
  };
}

/** The HTTP request as Apollo sees one (its headers carry the caller's credentials). */
function httpGraphQLRequestOf(req: IncomingMessage): HTTPGraphQLRequest {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
  }
  return { method: "GET", headers, search: new URL(req.url ?? "/", "http://localhost").search, body: undefined };
}
