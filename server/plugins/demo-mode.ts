import type { ApolloServerPlugin } from "@apollo/server";

/** Demo mode: every response says so in `extensions.demoMode`. */
export function demoModePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind === "single") {
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, demoMode: true };
          } else {
            response.body.initialResult.extensions = { ...response.body.initialResult.extensions, demoMode: true };
          }
        },
      };
    },
  };
}
