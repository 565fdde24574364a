import type { GraphQLError } from "graphql";

/** The error `run` throws, as a caller sees it: message and extensions (fails when nothing is thrown). */
export function errorOf(run: () => unknown): { message: string; extensions: Record<string, unknown> } {
  try {
    run();
  } catch (e) {
    const error = e as GraphQLError;
    return { message: error.message, extensions: { ...error.extensions } };
  }
  throw new Error("expected an error, none was thrown");
}
