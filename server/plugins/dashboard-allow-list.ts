import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql/index.js";
import type { RequestAccess } from "../../queries/access/request-access.js";
import { type AllowList, isAllowed } from "../auth/persisted-queries.js";

/** The part of the request context the security plugins read. */
export interface AccessContext {
  readonly access: RequestAccess;
}

/**
 * Allow-list mode for DASHBOARD keys: an operation runs only when its document's sha256
 * is in the allow-list (FORBIDDEN otherwise), checked once the operation is resolved,
 * before execution and so before any SQL.
 */
export function dashboardAllowListPlugin(allowList: AllowList): ApolloServerPlugin<AccessContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, request, document }) {
          if (contextValue.access.role !== "DASHBOARD" || isAllowed(allowList, request.query, document)) return;
          throw new GraphQLError("DASHBOARD keys may only run the allow-listed operations (persisted queries); this operation is not one of them.", {
            extensions: { code: "FORBIDDEN", reason: "OPERATION_NOT_ALLOWED", http: { status: 403 } },
          });
        },
      };
    },
  };
}
