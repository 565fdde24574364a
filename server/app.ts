import "reflect-metadata";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { QueryScope } from "../etl/warehouse/kysely/duckdb-driver.js";
import type { Db } from "../queries/database.js";
import { buildApiSchema } from "../schema/build-schema.js";
import type { AdminContext } from "../schema/admin/admin.resolver.js";
import { type ApiContext, createApiContext } from "../schema/context.js";
import { type Security, createSecurity } from "./auth/security.js";
import type { SecurityConfig } from "./auth/security-config.js";
import type { ServerConfig } from "./config.js";
import { createDashboardRoute } from "./dashboard/route.js";
import { type ContextFor, executeThroughApollo } from "./export/apollo-executor.js";
import { createExportRoute } from "./export/route.js";
import { createFormatError } from "./format-error.js";
import { healthReport } from "./health.js";
import { createRequestListener } from "./http-handler.js";
import { complexityLimitPlugin, depthLimitRule } from "./limits.js";
import { type Logger, consoleLogger } from "./logger.js";
import { type TimedContext, queryTimeoutPlugin } from "./query-timeout.js";
import { RequestLeases, type VersionedContext, type WarehouseSource, versionHealth, withLease } from "./warehouse-holder.js";

export type ServerContext = ApiContext & TimedContext & VersionedContext & AdminContext;

export interface AppOptions {
  /**
   * The open warehouse (read-only in production), or a source of published versions
   * (server/warehouse-holder.ts): each request reads the version it started with.
   */
  readonly warehouse: { readonly db: Db; readonly path: string } | WarehouseSource;
  readonly limits: Pick<ServerConfig, "queryTimeoutMs" | "maxDepth" | "maxComplexity">;
  /** Keys, roles and scopes, demo mode, rate and query limits (server/auth/security-config.ts). */
  readonly security: SecurityConfig;
  readonly logger?: Logger;
}

/** The API: Apollo Server on a node:http server, started, not yet listening. */
export interface App {
  readonly apollo: ApolloServer<ServerContext>;
  readonly httpServer: Server;
  /** The key store, the audit log and the gate the requests pass. */
  readonly security: Security;
  /** Listens (port 0: any free port) and returns the base URL, e.g. `http://localhost:4000/`. */
  listen(port: number, host?: string): Promise<string>;
  /** Stops taking requests, lets the running ones finish, then stops Apollo. Does not close the warehouse. */
  stop(): Promise<void>;
}

export async function createApp(options: AppOptions): Promise<App> {
  const logger = options.logger ?? consoleLogger;
  const leases = new RequestLeases(options.warehouse);
  const { queryTimeoutMs, maxDepth, maxComplexity } = options.limits;
  const schema = await buildApiSchema();
  const security = createSecurity(options.security, logger);

  const httpServer = createServer();
  const apollo = new ApolloServer<ServerContext>({
    schema,
    introspection: security.apollo.introspection,
    allowBatchedHttpRequests: security.apollo.allowBatchedHttpRequests,
    persistedQueries: security.apollo.persistedQueries,
    parseOptions: security.apollo.parseOptions,
    includeStacktraceInErrorResponses: false,
    validationRules: [depthLimitRule(maxDepth), ...security.apollo.validationRules],
    formatError: createFormatError(logger, queryTimeoutMs),
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), complexityLimitPlugin(maxComplexity), queryTimeoutPlugin(queryTimeoutMs), ...security.apollo.plugins, leases.plugin()],
    logger: { debug: () => {}, info: (m) => logger.info(String(m)), warn: (m) => logger.info(String(m)), error: (m) => logger.error(String(m)) },
  });
  await apollo.start();

  // The one way a request's context is made: /graphql and the exports (server/export) both use it.
  // The caller is resolved here (API key, batch size, rate limit): a refusal is an error with its HTTP status (401, 429, 400).
  const contextFor: ContextFor<ServerContext> = async (httpGraphQLRequest, queryScope) => {
    const access = security.accessOf(httpGraphQLRequest);
    const { db, version } = leases.leaseFor(queryScope); // the warehouse version this operation reads, start to end
    return { ...createApiContext(db, access), auditLog: security.auditLog, queryScope, warehouseVersion: version };
  };

  httpServer.on(
    "request",
    createRequestListener({
      // Each request runs in its own QueryScope, so its time limit can interrupt exactly its statements.
      graphql: async (httpGraphQLRequest) => {
        const queryScope = new QueryScope();
        try {
          return await queryScope.run(() => apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: () => contextFor(httpGraphQLRequest, queryScope) }));
        } finally {
          leases.release(queryScope);
        }
      },
      health: () => withLease(leases.source, async (lease) => ({ ...(await healthReport(lease.db, lease.path, logger)), ...versionHealth(lease) })),
      dashboard: createDashboardRoute(),
      exports: createExportRoute({ schema, execute: executeThroughApollo(apollo, contextFor, (queryScope) => leases.release(queryScope)), logger }),
      logger,
    }),
  );

  return {
    apollo,
    httpServer,
    security,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(port, host, () => {
          httpServer.off("error", reject);
          const { port: bound } = httpServer.address() as AddressInfo;
          resolve(`http://localhost:${bound}/`);
        });
      }),
    stop: () => apollo.stop(),
  };
}
