import { HeaderMap, type HTTPGraphQLResponse } from "@apollo/server";

/**
 * Bounds the bytes of a /graphql answer (MAX_RESPONSE_BYTES): an answer over the bound is
 * replaced by a QUERY_TOO_COMPLEX error naming its size and the bound (HTTP 400), and
 * is not sent. The answer has been built by then; what keeps building it cheap is the
 * cost limit and the grouped-rows cap, checked before any SQL (this is the last guard).
 */
export function boundAnswerBytes(response: HTTPGraphQLResponse, maxBytes: number): HTTPGraphQLResponse {
  if (response.body.kind !== "complete" || response.body.string.length * 3 <= maxBytes) return response; // UTF-8: at most 3 bytes per UTF-16 unit
  const bytes = Buffer.byteLength(response.body.string);
  if (bytes <= maxBytes) return response;
  const error = {
    message: `The answer is ${bytes.toLocaleString("en-US")} bytes, more than the maximum of ${maxBytes.toLocaleString("en-US")} bytes per answer, so it is not sent. Ask for less: a smaller \`first\`, fewer fields, fewer grouping dimensions or a shorter period.`,
    extensions: { code: "QUERY_TOO_COMPLEX", reason: "ANSWER_TOO_LARGE", bytes, limit: maxBytes },
  };
  return {
    status: 400,
    headers: new HeaderMap([["content-type", response.headers.get("content-type") ?? "application/json; charset=utf-8"]]),
    body: { kind: "complete", string: JSON.stringify({ errors: [error] }) },
  };
}
