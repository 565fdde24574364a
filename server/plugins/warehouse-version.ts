import type { ApolloServerPlugin } from "@apollo/server";

/** The part of the request context that names the version the request reads. */
export interface VersionedContext {
  readonly warehouseVersion?: number | null;
}

/** Adds `extensions.warehouseVersion` to every response of a request that read a published version. */
export function warehouseVersionPlugin(): ApolloServerPlugin<VersionedContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const version = contextValue.warehouseVersion;
          if (version === null || version === undefined || response.body.kind !== "single") return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, warehouseVersion: version };
        },
      };
    },
  };
}
