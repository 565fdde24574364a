import "reflect-metadata";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { QueryScope } from "../etl/warehouse/kysely/duckdb-driver.js";
import type { Db } from "../queries/database.js";
import { buildApiSchema } from "../schema/build-schema.js";
import { type ApiContext, createApiContext } from "../schema/context.js";
import type { ServerConfig } from "./config.js";
import { createFormatError } from "./format-error.js";
import { healthReport } from "./health.js";
import { createRequestListener } from "./http-handler.js";
import { complexityLimitPlugin, depthLimitRule } from "./limits.js";
import { type Logger, consoleLogger } from "./logger.js";
import { type TimedContext, queryTimeoutPlugin } from "./query-timeout.js";

export type ServerContext = ApiContext & TimedContext;

export interface AppOptions {
  /** The open warehouse (read-only in production). */
  readonly warehouse: { readonly db: Db; readonly path: string };
  readonly limits: Pick<ServerConfig, "queryTimeoutMs" | "maxDepth" | "maxComplexity">;
  readonly logger?: Logger;
}

/** The API: Apollo Server on a node:http server, started, not yet listening. */
export interface App {
  readonly apollo: ApolloServer<ServerContext>;
  readonly httpServer: Server;
  /** Listens (port 0: any free port) and returns the base URL, e.g. `http://localhost:4000/`. */
  listen(port: number, host?: string): Promise<string>;
  /** Stops taking requests, lets the running ones finish, then stops Apollo. Does not close the warehouse. */
  stop(): Promise<void>;
}

export async function createApp(options: AppOptions): Promise<App> {
  const logger = options.logger ?? consoleLogger;
  const { db, path } = options.warehouse;
  const { queryTimeoutMs, maxDepth, maxComplexity } = options.limits;
  const schema = await buildApiSchema();

  const httpServer = createServer();
  const apollo = new ApolloServer<ServerContext>({
    schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    validationRules: [depthLimitRule(maxDepth)],
    formatError: createFormatError(logger, queryTimeoutMs),
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), complexityLimitPlugin(maxComplexity), queryTimeoutPlugin(queryTimeoutMs)],
    logger: { debug: () => {}, info: (m) => logger.info(String(m)), warn: (m) => logger.info(String(m)), error: (m) => logger.error(String(m)) },
  });
  await apollo.start();

  httpServer.on(
    "request",
    createRequestListener({
      // Each request runs in its own QueryScope, so its time limit can interrupt exactly its statements.
      graphql: (httpGraphQLRequest) => {
        const queryScope = new QueryScope();
        return queryScope.run(() => apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: async () => ({ ...createApiContext(db), queryScope }) }));
      },
      health: () => healthReport(db, path, logger),
      logger,
    }),
  );

  return {
    apollo,
    httpServer,
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
