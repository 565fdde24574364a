import { NetworkError } from "graphql-http";
import type { ApiClient } from "../api/fixtures/graphql-client.js";

/**
 * A test client that sends a request once more when its connection closed before any
 * answer came back (fetch failed, no HTTP response): the keep-alive connection the server
 * closed while the test computed its expectations. A test that works out its expected
 * figures synchronously (seconds of BigInt arithmetic on a loaded machine) holds the event
 * loop past the server's keep-alive timeout (KEEP_ALIVE_TIMEOUT_MS, 5 s); when both ends'
 * timers then fire together, the client can send its next POST on the socket the server is
 * closing, and fetch rejects it with "fetch failed" in milliseconds. The request is a read,
 * sent again on a fresh connection; every answer the server gives (data, errors, a status)
 * is returned as it is, so no assertion on an answer is weakened.
 */
export function retryOnClosedConnection(client: ApiClient): ApiClient {
  const once = async <T>(send: () => Promise<T>): Promise<T> => {
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof NetworkError) || error.response !== undefined) throw error;
      return send();
    }
  };
  return {
    request: (document, variables) => once(() => client.request(document, variables)),
    requestText: (query, variables) => once(() => client.requestText(query, variables)),
  };
}
