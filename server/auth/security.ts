/**
 * The security of the API in one place, for `createApp`: the gate (keys, batch size,
 * rate limits), the per-request access rules, and Apollo's part (introspection,
 * persisted queries, alias and token limits, the DASHBOARD allow-list, demo mode).
 */
import { dirname, join } from "node:path";
import type { ApolloServerPlugin, HTTPGraphQLRequest } from "@apollo/server";
import type { ValidationRule } from "graphql/index.js";
import { KeyStore } from "../../core/access/api-keys.js";
import { reportOutsideChange } from "../../core/access/key-file-guard.js";
import type { Logger } from "../../core/logger.js";
import { AuditLog } from "../../core/records/audit-log.js";
import { LINK_DECISIONS_FILE, LinkDecisionLog } from "../../core/records/link-decision-log.js";
import type { SecurityConfig } from "../../core/settings/security-config.js";
import { RequestAccess } from "../../queries/access/request-access.js";
import { aliasLimitRule } from "../limits/alias-limit.js";
import { type AccessContext, dashboardAllowListPlugin } from "../plugins/dashboard-allow-list.js";
import { demoModePlugin } from "../plugins/demo-mode.js";
import { createGate, type Gate } from "./gate.js";
import { ApqCache, loadAllowList } from "./persisted-queries.js";
import { RateLimiter } from "./rate-limit.js";

export interface Security {
  readonly config: SecurityConfig;
  readonly keys: KeyStore;
  readonly auditLog: AuditLog;
  /** Where analysts' link decisions go; the next build reads them (core/records/link-decision-log.ts). */
  readonly linkDecisions: LinkDecisionLog;
  readonly gate: Gate;
  /** The access rules of a request: its caller, resolved by the gate (throws the 401/429/400 refusal). */
  accessOf(request: HTTPGraphQLRequest): RequestAccess;
  /** Apollo's settings for these rules: spread into the ApolloServer options. */
  readonly apollo: {
    readonly introspection: boolean;
    readonly allowBatchedHttpRequests: boolean;
    readonly persistedQueries: { readonly cache: ApqCache };
    readonly parseOptions: { readonly maxTokens: number };
    readonly validationRules: readonly ValidationRule[];
    readonly plugins: readonly ApolloServerPlugin<AccessContext>[];
  };
}

export function createSecurity(config: SecurityConfig, logger: Logger): Security {
  const auditLog = new AuditLog(config.auditLogPath);
  const keys = new KeyStore(config.keyStorePath, { onOutsideChange: (change) => reportOutsideChange(change, auditLog, logger, "server") });
  keys.keys(); // a damaged key store stops the start here, not at the first request
  const gate = createGate({ keys, demoMode: config.demoMode, limiter: new RateLimiter(config.rateLimitPerMinute), maxBatch: config.maxBatch, logger });
  const allowList = config.dashboardAllowList ? loadAllowList(config.dashboardAllowList) : null;
  return {
    config,
    keys,
    auditLog,
    linkDecisions: new LinkDecisionLog(config.linkDecisionsPath ?? join(dirname(config.auditLogPath), LINK_DECISIONS_FILE)),
    gate,
    accessOf: (request) => new RequestAccess(gate.admit(request), config.suppressionK),
    apollo: {
      introspection: config.allowIntrospection,
      allowBatchedHttpRequests: config.maxBatch > 1,
      persistedQueries: { cache: new ApqCache(allowList?.documents) },
      parseOptions: { maxTokens: config.maxTokens },
      validationRules: [aliasLimitRule(config.maxAliases)],
      plugins: [...(allowList ? [dashboardAllowListPlugin(allowList)] : []), ...(config.demoMode ? [demoModePlugin()] : [])],
    },
  };
}
