import { GraphQLError } from "graphql/index.js";

/**
 * Errors a caller can act on: they reach the client as they are, with
 * `extensions.code`. Everything else is logged and masked by the server.
 */
export type UserErrorCode = "BAD_USER_INPUT" | "NOT_FOUND" | "FORBIDDEN";

export function userError(code: UserErrorCode, message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...details, code } });
}

export function badUserInput(message: string, details: Record<string, unknown> = {}): GraphQLError {
  return userError("BAD_USER_INPUT", message, details);
}

export function notFound(message: string, details: Record<string, unknown> = {}): GraphQLError {
  return userError("NOT_FOUND", message, details);
}
