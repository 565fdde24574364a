import "reflect-metadata";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { consoleLogger, type Logger } from "../core/logger.js";
import type { SecurityConfig } from "../core/settings/security-config.js";
import { CONFIG_DEFAULTS, type ServerConfig } from "../core/settings/server-config.js";
import { QueryScope } from "../core/warehouse/kysely/duckdb-driver.js";
import type { RequestAccess } from "../queries/access/request-access.js";
import type { Db } from "../queries/database.js";
import type { AdminContext } from "../schema/admin/admin.resolver.js";
import { buildApiSchema } from "../schema/build-schema.js";
import { type ApiContext, createApiContext } from "../schema/context.js";
import type { LinkingContext } from "../schema/linking/linking.resolver.js";
import { createSecurity, type Security } from "./auth/security.js";
import { createGuardedServer } from "./connection-guard.js";
import { createDashboardRoute } from "./dashboard/route.js";
import { type JitExecutorStats, jitGateway } from "./execution/jit-executor.js";
import { executeThroughApollo } from "./export/apollo-executor.js";
import { createExportRoute } from "./export/route.js";
import { createFormatError } from "./format-error.js";
import { createGraphiqlRoute } from "./graphiql/route.js";
import { healthReport, shownPath } from "./health.js";
import { createRequestListener } from "./http-handler.js";
import { type HttpSettings, readHttpSettings } from "./http-settings.js";
import { boundAnswerBytes, complexityLimitPlugin, depthLimitRule, expandedSizeRule } from "./limits.js";
import { CacheableRequests } from "./plugins/cacheable-requests.js";
import { answerWithin, queryTimeoutPlugin, type TimedContext } from "./plugins/query-timeout.js";
import type { VersionedContext } from "./plugins/warehouse-version.js";
import { warningsPlugin } from "./plugins/warnings.js";
import { CACHE_HEADER, type EncodedResponse, ResponseCache, responseOf } from "./response-cache.js";
import { RequestLeases } from "./warehouse/request-leases.js";
import { versionHealth, type WarehouseLease, type WarehouseSource, withLease } from "./warehouse/warehouse-source.js";

export type ServerContext = ApiContext & TimedContext & VersionedContext & AdminContext & LinkingContext;

export interface AppOptions {
  /**
   * The open warehouse (read-only in production), or a source of published versions
   * (server/warehouse/warehouse-holder.ts): each request reads the version it started with.
   */
  readonly warehouse: { readonly db: Db; readonly path: string; readonly readOnly?: boolean } | WarehouseSource;
  /** `responseCacheBytes`: RESPONSE_CACHE_MB (server/response-cache.ts), 64 MiB when not given; the other optional limits: their CONFIG_DEFAULTS. */
  readonly limits: Pick<ServerConfig, "queryTimeoutMs" | "maxDepth" | "maxComplexity"> &
    Partial<Pick<ServerConfig, "responseCacheBytes" | "maxExpandedFields" | "maxAnswerRows" | "maxResponseBytes">>;
  /** Keys, roles and scopes, demo mode, rate and query limits (core/settings/security-config.ts). */
  readonly security: SecurityConfig;
  /** Timeouts for slow and idle clients and the per-address connection cap (server/http-settings.ts); their defaults when not given. */
  readonly http?: HttpSettings;
  readonly logger?: Logger;
  /** Who executes operations: graphql-jit (the default, server/execution/jit-executor.ts) or graphql-js's `execute`. */
  readonly executor?: "jit" | "graphql-js";
}

/** The API: Apollo Server on a node:http server, started, not yet listening. */
export interface App {
  readonly apollo: ApolloServer<ServerContext>;
  readonly httpServer: Server;
  /** The key store, the audit log and the gate the requests pass. */
  readonly security: Security;
  /** The whole-response cache of /graphql (server/response-cache.ts). */
  readonly responseCache: ResponseCache;
  /** How many operations graphql-jit compiled and executed, and how many graphql-js executed; null when graphql-js executes every one. */
  readonly executorStats: JitExecutorStats | null;
  /** Listens (port 0: any free port) and returns the base URL, e.g. `http://localhost:4000/`. */
  listen(port: number, host?: string): Promise<string>;
  /** Stops taking requests, lets the running ones finish, then stops Apollo. Does not close the warehouse. */
  stop(): Promise<void>;
}

export async function createApp(options: AppOptions): Promise<App> {
  const logger = options.logger ?? consoleLogger;
  const leases = new RequestLeases(options.warehouse);
  const { queryTimeoutMs, maxDepth, maxComplexity } = options.limits;
  const maxExpandedFields = options.limits.maxExpandedFields ?? Number(CONFIG_DEFAULTS.MAX_EXPANDED_FIELDS);
  const maxAnswerRows = options.limits.maxAnswerRows ?? Number(CONFIG_DEFAULTS.MAX_ANSWER_ROWS);
  const maxResponseBytes = options.limits.maxResponseBytes ?? Number(CONFIG_DEFAULTS.MAX_RESPONSE_BYTES);
  const schema = await buildApiSchema();
  const jit = options.executor === "graphql-js" ? null : jitGateway(schema);
  const security = createSecurity(options.security, logger);
  const responseCache = new ResponseCache(options.limits.responseCacheBytes ?? DEFAULT_RESPONSE_CACHE_BYTES);
  const cacheable = new CacheableRequests();

  const httpServer = createGuardedServer(options.http ?? readHttpSettings({}), logger);
  const apollo = new ApolloServer<ServerContext>({
    // graphql-jit executes every operation it can (server/execution/jit-executor.ts); `executor: "graphql-js"` keeps graphql-js's.
    ...(jit ? { gateway: jit.gateway } : { schema }),
    introspection: security.apollo.introspection,
    allowBatchedHttpRequests: security.apollo.allowBatchedHttpRequests,
    persistedQueries: security.apollo.persistedQueries,
    parseOptions: security.apollo.parseOptions,
    includeStacktraceInErrorResponses: false,
    validationRules: [expandedSizeRule(maxExpandedFields), depthLimitRule(maxDepth), ...security.apollo.validationRules],
    formatError: createFormatError(logger, queryTimeoutMs),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginCacheControlDisabled(), // no cache hints are set; its per-field hook would cost every field of large answers
      ApolloServerPluginLandingPageDisabled(), // browsers get the local GraphiQL (server/graphiql), not Apollo Sandbox from a CDN
      complexityLimitPlugin({ maxComplexity, maxAnswerRows }),
      queryTimeoutPlugin(queryTimeoutMs),
      ...security.apollo.plugins,
      cacheable.plugin(),
      leases.plugin(),
      warningsPlugin(),
    ],
    logger: { debug: () => {}, info: (m) => logger.info(String(m)), warn: (m) => logger.info(String(m)), error: (m) => logger.error(String(m)) },
  });
  await apollo.start();

  // The one way a request's context is made: /graphql and the exports (server/export) both use it.
  // The caller is resolved here (API key, batch size, rate limit): a refusal is an error with its HTTP status (401, 429, 400).
  // `admitted`: the gate's verdict when the /graphql route asked it already (before the response cache), so it runs once per request.
  const contextFor = async (httpGraphQLRequest: HTTPGraphQLRequest, queryScope: QueryScope, admitted?: Admission): Promise<ServerContext> => {
    if (admitted && !admitted.ok) throw admitted.refusal;
    const access = admitted ? admitted.access : security.accessOf(httpGraphQLRequest);
    const { db, version } = leases.leaseFor(queryScope); // the warehouse version this operation reads, start to end
    return { ...createApiContext(db, access), auditLog: security.auditLog, linkDecisions: security.linkDecisions, queryScope, warehouseVersion: version };
  };

  // Runs one request through Apollo in its own QueryScope, so its time limit can interrupt exactly its statements; an answer over MAX_RESPONSE_BYTES is replaced by an error.
  const execute = (httpGraphQLRequest: HTTPGraphQLRequest, queryScope: QueryScope, admitted?: Admission) =>
    queryScope.run(async () =>
      boundAnswerBytes(
        await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: () => contextFor(httpGraphQLRequest, queryScope, admitted) }),
        maxResponseBytes,
      ),
    );

  /**
   * /graphql, answered within QUERY_TIMEOUT_MS of its arrival (server/plugins/query-timeout.ts):
   * the gate first (key, batch size, rate limit), then, for the POST of one operation on a
   * warehouse that cannot change, the response cache; then Apollo. The request's warehouse
   * lease is released once its work has ended, even when it was answered at the deadline.
   */
  const graphql = (httpGraphQLRequest: HTTPGraphQLRequest): Promise<EncodedResponse> => {
    const queryScope = new QueryScope();
    const { response, settled } = answerWithin(queryScope, queryTimeoutMs, () => answer(httpGraphQLRequest, queryScope));
    void settled.then(() => leases.release(queryScope));
    return response;
  };

  const answer = async (httpGraphQLRequest: HTTPGraphQLRequest, queryScope: QueryScope): Promise<EncodedResponse> => {
    const body = httpGraphQLRequest.body;
    const single = httpGraphQLRequest.method === "POST" && body !== null && typeof body === "object" && !Array.isArray(body);
    if (responseCache.maxBytes <= 0 || !single) return await execute(httpGraphQLRequest, queryScope);
    let admitted: Admission;
    try {
      admitted = { ok: true, access: security.accessOf(httpGraphQLRequest) };
    } catch (refusal) {
      admitted = { ok: false, refusal };
    }
    if (!admitted.ok) return await execute(httpGraphQLRequest, queryScope, admitted);
    const generation = generationOf(leases.leaseFor(queryScope));
    const found = generation === undefined ? undefined : responseCache.lookup(httpGraphQLRequest, admitted.access, generation);
    if (found && "hit" in found) return found.hit;
    if (found && "wait" in found) {
      // An identical request is being answered: its answer, unless it is not one to keep.
      const entry = await found.wait;
      if (entry) return responseOf(entry, "hit");
    }
    const ticket = found && "ticket" in found ? found.ticket : undefined;
    let response: HTTPGraphQLResponse | undefined;
    try {
      response = await execute(httpGraphQLRequest, queryScope, admitted);
    } finally {
      if (ticket && response && cacheable.has(queryScope)) responseCache.store(ticket, response);
      else if (ticket) responseCache.abandon(ticket);
    }
    if (ticket) response.headers.set(CACHE_HEADER, "miss");
    return response;
  };

  httpServer.on(
    "request",
    createRequestListener({
      graphql,
      refuseEarly: (headers) => security.gate.refuseEarly(headers),
      health: () =>
        withLease(leases.source, async (lease) => ({ ...(await healthReport(lease.db, lease.path, logger)), ...shownVersion(versionHealth(lease)) })),
      graphiql: createGraphiqlRoute(),
      dashboard: createDashboardRoute(),
      exports: createExportRoute({ schema, execute: executeThroughApollo(apollo, contextFor, (queryScope) => leases.release(queryScope)), logger }),
      logger,
    }),
  );

  return {
    apollo,
    httpServer,
    security,
    responseCache,
    executorStats: jit?.stats ?? null,
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

/** The version /health names, its file as shownPath names it (no absolute path). */
function shownVersion(version: ReturnType<typeof versionHealth>): ReturnType<typeof versionHealth> {
  return version.versionFile === undefined ? version : { ...version, versionFile: shownPath(version.versionFile) };
}

/** RESPONSE_CACHE_MB's default (core/settings/server-config.ts), for apps made without it. */
const DEFAULT_RESPONSE_CACHE_BYTES = Number(CONFIG_DEFAULTS.RESPONSE_CACHE_MB) * 1024 * 1024;

/** The gate's verdict on a request: its caller, or the refusal to answer with. */
type Admission = { readonly ok: true; readonly access: RequestAccess } | { readonly ok: false; readonly refusal: unknown };

const staticIds = new WeakMap<object, number>();
let staticSequence = 0;

/**
 * What the cached answers of a lease belong to: its published version, or the identity of
 * a warehouse opened read-only; undefined when the data may change while served (no cache).
 */
function generationOf(lease: WarehouseLease): string | undefined {
  if (!lease.immutable) return undefined;
  if (lease.version !== null) return `v${lease.version}:${lease.file}`;
  let id = staticIds.get(lease.db);
  if (id === undefined) {
    id = ++staticSequence;
    staticIds.set(lease.db, id);
  }
  return `static:${id}`;
}
