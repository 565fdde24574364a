/**
 * The SQL endpoint for BI tools: a PostgreSQL-protocol server in the API's process, over
 * the warehouse versions the API serves, with the API's keys, scopes, time limit, rate
 * limit and log (README "SQL endpoint for BI tools").
 *
 * The protocol is our own (server/sql-endpoint/pg-wire.ts, pg-session.ts) rather than
 * the `pg-gateway` package: its stable release (0.2.4) handles TLS and the startup and
 * password exchange, but not queries — its published build answers every Query message
 * "Queries not yet implemented" (and prints the query text to the console) instead of
 * calling `onQuery`, has no extended protocol (Parse/Bind/Execute, which node-postgres,
 * JDBC and Npgsql use), sends its own fixed message when a password is refused (ours
 * must say why, e.g. for DASHBOARD keys), and mishandles GSSENCRequest and
 * CancelRequest; 0.3 is a beta. What it would have saved (TLS upgrade, startup parsing,
 * framing) is about a hundred lines here.
 */
import { type AddressInfo, createServer, type Server } from "node:net";
import { createSecureContext } from "node:tls";
import type { Logger } from "../../core/logger.js";
import { exposedRelations } from "../../queries/relations/relations.js";
import type { Security } from "../auth/security.js";
import type { WarehouseSource } from "../warehouse/warehouse-source.js";
import { EndpointDatabases } from "./endpoint-database.js";
import { cancelSecret, PgSession, type SessionContext } from "./pg-session.js";
import type { SqlEndpointSettings } from "./sql-settings.js";

export interface SqlEndpointOptions {
  readonly source: WarehouseSource;
  /** The API's security (the same key store, gate and rate limits). */
  readonly security: Security;
  readonly settings: SqlEndpointSettings;
  /** QUERY_TIMEOUT_MS: a statement running longer is interrupted. */
  readonly queryTimeoutMs: number;
  /** DuckDB memory limit of the endpoint's instance of each version. */
  readonly memoryLimit?: string;
  readonly logger: Logger;
}

export interface SqlEndpoint {
  readonly server: Server;
  /** Listens (port 0: any free port); resolves with the port bound. */
  listen(port: number, host?: string): Promise<number>;
  /** Ends every session and stops listening. */
  close(): Promise<void>;
}

export function createSqlEndpoint(options: SqlEndpointOptions): SqlEndpoint {
  const databases = new EndpointDatabases(options.source, { memoryLimit: options.memoryLimit, relations: exposedRelations() }, options.logger);
  const sessions = new Map<number, { session: PgSession; secret: number }>();
  let nextPid = 1000;
  const tls = options.settings.tls ? createSecureContext({ cert: options.settings.tls.cert, key: options.settings.tls.key }) : null;

  const context: SessionContext = {
    source: options.source,
    databases,
    security: options.security,
    logger: options.logger,
    timeoutMs: options.queryTimeoutMs,
    maxRows: options.settings.maxRows,
    tls,
    register(session) {
      const pid = nextPid++;
      const secret = cancelSecret();
      sessions.set(pid, { session, secret });
      return { pid, secret };
    },
    unregister(session) {
      for (const [pid, entry] of sessions) if (entry.session === session) sessions.delete(pid);
    },
    cancel(pid, secret) {
      const entry = sessions.get(pid);
      if (entry && entry.secret === secret) entry.session.cancel();
    },
  };

  const open = new Set<PgSession>();
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    const session = new PgSession(socket, context);
    open.add(session);
    socket.on("close", () => open.delete(session));
  });

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve((server.address() as AddressInfo).port);
        });
      }),
    async close() {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const session of open) session.terminate();
      await stopped;
      await databases.close();
    },
  };
}
