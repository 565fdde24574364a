/**
 * Sends one of codegen's typed documents to the API over HTTP (a JSON POST, the GraphQL
 * over HTTP convention) and returns its data, typed by the document: the variables and
 * the answer are checked by TypeScript against the committed schema.
 */
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql/index.js";

export interface Endpoint {
  /** The API's GraphQL URL, e.g. `http://localhost:4000/graphql`. */
  readonly url: string;
  /** An API key (sent as `Authorization: Bearer <key>`); none in demo mode. */
  readonly key: string | null;
}

interface ApiError {
  readonly message: string;
  readonly extensions?: { readonly code?: string };
}

interface ApiAnswer<Data> {
  readonly data?: Data | null;
  readonly errors?: readonly ApiError[];
  readonly extensions?: { readonly warnings?: readonly { readonly message: string }[] };
}

/** The answer's data and the server's warnings (`extensions.warnings`, e.g. a year the warehouse does not hold). */
export interface Answer<Data> {
  readonly data: Data;
  readonly warnings: readonly string[];
}

/** A refusal or failure the user can act on: the message says what happened and what to do. */
export class ClientError extends Error {}

export async function sendOperation<Data, Variables>(
  endpoint: Endpoint,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
): Promise<Answer<Data>> {
  let response: Response;
  try {
    response = await fetch(endpoint.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/graphql-response+json, application/json",
        ...(endpoint.key ? { authorization: `Bearer ${endpoint.key}` } : {}),
      },
      body: JSON.stringify({ query: print(document), variables }),
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new ClientError(`cannot reach ${endpoint.url} (${cause}): is the server running (npm start)?`);
  }
  let answer: ApiAnswer<Data>;
  try {
    answer = (await response.json()) as ApiAnswer<Data>;
  } catch {
    throw new ClientError(`${endpoint.url} answered HTTP ${response.status} without a GraphQL answer: is it the API's /graphql URL?`);
  }
  if (answer.errors?.length) {
    const errors = answer.errors.map((e) => `${e.extensions?.code ?? "ERROR"}: ${e.message}`).join("; ");
    throw new ClientError(`the API refused the question (HTTP ${response.status}): ${errors}`);
  }
  if (!answer.data) throw new ClientError(`the API answered HTTP ${response.status} with no data`);
  return { data: answer.data, warnings: (answer.extensions?.warnings ?? []).map((w) => w.message) };
}
