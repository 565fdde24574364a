/**
 * The node:http server's defences against slow and idle clients: header, request and
 * keep-alive timeouts (server/http-settings.ts), a cap on the connections one client
 * address holds at once, and one log line (never a stack trace) per connection closed
 * for misbehaving.
 */
import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import type { Logger } from "../core/logger.js";
import type { HttpSettings } from "./http-settings.js";

/** Sockets already logged as aborted: a connection gets one line, however many ways it fails. */
const logged = new WeakSet<Socket>();

/** The client's address as people read it (IPv4 without its IPv6 mapping). */
export function clientAddress(socket: Socket): string {
  const address = socket.remoteAddress ?? "unknown";
  return address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
}

/** Logs one line about a connection that ended badly, unless it has its line already. */
export function logAbortedConnection(logger: Logger, socket: Socket, what: string): void {
  if (logged.has(socket)) return;
  logged.add(socket);
  logger.info(`connection from ${clientAddress(socket)} closed: ${what}`);
}

/** A node:http server with the timeouts and the per-address cap of `settings`. */
export function createGuardedServer(settings: HttpSettings, logger: Logger): Server {
  const server = createServer({
    headersTimeout: settings.headersTimeoutMs,
    requestTimeout: settings.requestTimeoutMs,
    // node checks the two timeouts above at this interval (30 s by default, too coarse for short limits).
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(settings.headersTimeoutMs / 4))),
  });
  server.keepAliveTimeout = settings.keepAliveTimeoutMs;
  capConnectionsPerClient(server, settings.maxConnectionsPerClient, logger);
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    const status = error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : error.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
    const timedOut = status === 408;
    logAbortedConnection(
      logger,
      socket,
      timedOut
        ? `the request was not received in time (HEADERS_TIMEOUT_MS=${settings.headersTimeoutMs}, REQUEST_TIMEOUT_MS=${settings.requestTimeoutMs})`
        : `${error.code ?? "client error"}: ${error.message.split("\n")[0]}`,
    );
    // Answer only on a socket nothing was written to yet (node's own rule): never inside or after another response.
    if (error.code !== "ECONNRESET" && socket.writable && socket.bytesWritten === 0) {
      const text = timedOut ? "Request Timeout" : status === 431 ? "Request Header Fields Too Large" : "Bad Request";
      socket.end(`HTTP/1.1 ${status} ${text}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    }
    socket.destroy();
  });
  return server;
}

/** Closes at once any connection beyond `max` open from one address; one log line per address every 10 s says how many. */
function capConnectionsPerClient(server: Server, max: number, logger: Logger): void {
  const open = new Map<string, number>();
  const refused = new Map<string, { count: number; loggedAt: number }>();
  server.on("connection", (socket: Socket) => {
    const address = clientAddress(socket);
    const count = open.get(address) ?? 0;
    if (count >= max) {
      const seen = refused.get(address) ?? { count: 0, loggedAt: 0 };
      seen.count++;
      if (Date.now() - seen.loggedAt >= 10_000) {
        logger.info(`connection from ${address} closed: it holds ${max} connections already (MAX_CONNECTIONS_PER_CLIENT); ${seen.count} refused`);
        seen.count = 0;
        seen.loggedAt = Date.now();
      }
      refused.set(address, seen);
      logged.add(socket);
      socket.destroy();
      return;
    }
    open.set(address, count + 1);
    socket.once("close", () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) return void open.set(address, left);
      open.delete(address);
      if (refused.get(address)?.count === 0) refused.delete(address);
    });
  });
}
