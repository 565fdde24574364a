import type { ApolloServerPlugin } from "@apollo/server";
import type { Warnings } from "../../schema/common/warnings.js";

/** The part of the request context the plugin reads: the warnings the resolvers raised. */
export interface WarningsContext {
  readonly warnings?: Warnings;
}

/**
 * Puts the request's warnings (schema/common/warnings.ts) into the answer's
 * `extensions.warnings`. It runs before the answer is serialised, so the response cache
 * (server/response-cache.ts) keeps them with the answer and a cached answer says them again.
 */
export function warningsPlugin(): ApolloServerPlugin<WarningsContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const warnings = contextValue.warnings?.list ?? [];
          if (warnings.length === 0 || response.body.kind !== "single") return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, warnings: warnings.map((w) => ({ ...w })) };
        },
      };
    },
  };
}
