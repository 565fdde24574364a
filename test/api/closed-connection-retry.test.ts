import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { NetworkError } from "graphql-http";
import { afterEach, describe, expect, test } from "vitest";
import { retryOnClosedConnection } from "../helpers/closed-connection-retry.js";
import { apiClient } from "./fixtures/graphql-client.js";

/**
 * The tests' retry on a closed connection (test/helpers/closed-connection-retry.ts) sends a
 * request again only when the connection closed before any answer; an answer, an error
 * answer included, is returned as it came, and a second closed connection fails the test.
 */
let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server whose n-th request gets `behaviour(n)`: its socket destroyed unanswered, or an answer with a status. */
async function serve(behaviour: (n: number) => "close" | number): Promise<{ url: string; requests: () => number }> {
  let n = 0;
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const b = behaviour(++n);
      if (b === "close") return req.socket.destroy();
      res.writeHead(b, { "content-type": "application/graphql-response+json; charset=utf-8" });
      res.end(JSON.stringify(b === 200 ? { data: { n } } : { errors: [{ message: `status ${b}` }] }));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", () => resolve()));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/graphql`, requests: () => n };
}

describe("a request whose connection closed before an answer", () => {
  test("is sent again once, and its answer returned", async () => {
    const s = await serve((n) => (n === 1 ? "close" : 200));
    await expect(retryOnClosedConnection(apiClient(s.url)).requestText("{ n }")).resolves.toMatchObject({ status: 200, data: { n: 2 } });
    expect(s.requests()).toBe(2);
  });

  test("fails a plain client at once (what the retry is for)", async () => {
    const s = await serve((n) => (n === 1 ? "close" : 200));
    await expect(apiClient(s.url).requestText("{ n }")).rejects.toBeInstanceOf(NetworkError);
    expect(s.requests()).toBe(1);
  });

  test("fails the test when it closes again", async () => {
    const s = await serve(() => "close");
    await expect(retryOnClosedConnection(apiClient(s.url)).requestText("{ n }")).rejects.toBeInstanceOf(NetworkError);
    expect(s.requests()).toBe(2);
  });

  test("an answer is never sent again, an error status included", async () => {
    for (const status of [200, 400, 500]) {
      const s = await serve(() => status);
      const answer = await retryOnClosedConnection(apiClient(s.url)).requestText("{ n }");
      expect(answer.status).toBe(status);
      expect(s.requests()).toBe(1);
      await new Promise<void>((resolve) => server!.close(() => resolve()));
      server = undefined;
    }
  });
});
