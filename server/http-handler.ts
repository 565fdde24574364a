import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { HeaderMap, type HTTPGraphQLRequest } from "@apollo/server";
import type { GraphQLError } from "graphql/index.js";
import type { Logger } from "../core/logger.js";
import { logAbortedConnection } from "./connection-guard.js";
import type { EncodedResponse } from "./response-cache.js";

/** Largest request body accepted (a GraphQL document with its variables). */
const MAX_BODY_BYTES = 1_000_000;
const JSON_TYPE = /^application\/(.+\+)?json$/i;

export interface HttpRoutes {
  /** Runs one GraphQL-over-HTTP request (Apollo Server). */
  readonly graphql: (request: HTTPGraphQLRequest) => Promise<EncodedResponse>;
  readonly health: () => Promise<{ status: string }>;
  /** The refusal a /graphql request earns from its headers alone (server/auth/gate.ts): sent before its body is read. */
  readonly refuseEarly?: (headers: HeaderMap) => GraphQLError | null;
  /** The dashboard's page and assets (server/dashboard): true when it answered the path. */
  readonly dashboard?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;
  /** The GraphQL page (GraphiQL) for browsers at `/graphql` and its files under `/graphiql/` (server/graphiql): true when it answered. */
  readonly graphiql?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;
  /** CSV and Parquet exports under `/export/` (server/export). */
  readonly exports?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;
  readonly logger: Logger;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The node:http listener: `/graphql` (GraphQL over HTTP through Apollo Server, GET and
 * POST, CORS for dashboards in browsers), `/health`, and JSON 404s elsewhere.
 */
export function createRequestListener(routes: HttpRoutes): RequestListener {
  return (req, res) => {
    handle(routes, req, res).catch((error: unknown) => {
      if (error instanceof HttpError) return sendJson(res, error.status, { errors: [{ message: error.message }] });
      if (req.destroyed || isAbort(error)) return logAbortedConnection(routes.logger, req.socket, `the request was aborted (${(error as Error).message})`);
      routes.logger.error("HTTP request failed", error);
      if (res.headersSent) res.end();
      else sendJson(res, 500, { errors: [{ message: "Internal server error" }] });
    });
  };
}

async function handle(routes: HttpRoutes, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const method = (req.method ?? "GET").toUpperCase();
  if (url.pathname === "/health") {
    if (method !== "GET" && method !== "HEAD") return sendJson(res, 405, { error: "use GET" }, { allow: "GET, HEAD" });
    const report = await routes.health();
    return sendJson(res, report.status === "ok" ? 200 : 503, report);
  }
  if (routes.exports && (url.pathname === "/export" || url.pathname.startsWith("/export/"))) return routes.exports(req, res, url);
  if (routes.graphiql && (await routes.graphiql(req, res, url))) return;
  if (routes.dashboard && (await routes.dashboard(req, res, url))) return;
  if (url.pathname !== "/graphql") return sendJson(res, 404, { error: `nothing at ${url.pathname}; the API is at /graphql` });

  res.setHeader("access-control-allow-origin", "*");
  if (method === "OPTIONS") {
    res.writeHead(204, {
      "access-control-allow-methods": "GET, POST, OPTIONS",
      "access-control-allow-headers": "content-type, accept, apollo-require-preflight, x-apollo-operation-name, authorization, x-api-key",
      "access-control-max-age": "86400",
    });
    return void res.end();
  }
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
  }
  const refusal = routes.refuseEarly?.(headers);
  if (refusal) return sendRefusal(req, res, refusal);
  const response = await routes.graphql({ method, headers, search: url.search, body: await readBody(req, method) });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  // A cached answer comes with its bytes (server/response-cache.ts): written as they are.
  if (response.body.kind === "complete") return void res.end(response.encoded ?? response.body.string);
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/** The parsed JSON body of a POST with a JSON media type; undefined otherwise (Apollo then answers 400). */
async function readBody(req: IncomingMessage, method: string): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const [mediaType, ...parameters] = (req.headers["content-type"] ?? "").split(";").map((p) => p.trim());
  if (method !== "POST" || !JSON_TYPE.test(mediaType)) return undefined;
  const charset = parameters
    .find((p) => p.toLowerCase().startsWith("charset="))
    ?.slice("charset=".length)
    .replaceAll('"', "");
  if (charset && !/^utf-?8$/i.test(charset)) throw new HttpError(415, `unsupported charset "${charset}": send UTF-8`);
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `request body is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * A refusal sent from the headers alone, as Apollo would send it (the error with its
 * code; the HTTP status and headers it carries). A body the client may still be sending
 * is never read: the connection is closed after the answer.
 */
function sendRefusal(req: IncomingMessage, res: ServerResponse, refusal: GraphQLError): void {
  const { http, ...extensions } = refusal.extensions as { http?: { status?: number; headers?: Map<string, string> } };
  const headers: Record<string, string> = Object.fromEntries(http?.headers ?? []);
  const bodyPending = (req.headers["content-length"] ?? "0") !== "0" || req.headers["transfer-encoding"] !== undefined;
  if (bodyPending) headers.connection = "close";
  sendJson(res, http?.status ?? 401, { errors: [{ message: refusal.message, extensions }] }, headers);
}

/** A request the client stopped sending (closed or reset its connection). */
function isAbort(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ECONNRESET" || code === "ERR_STREAM_PREMATURE_CLOSE" || (error as Error | undefined)?.message === "aborted";
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}
