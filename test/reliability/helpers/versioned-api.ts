/** The API over published warehouse versions, as `npm start` serves it, on a free port. */
import { join } from "node:path";
import type { Logger } from "../../../core/logger.js";
import { readSecurityConfig } from "../../../core/settings/security-config.js";
import { readConfig } from "../../../core/settings/server-config.js";
import { type App, createApp } from "../../../server/app.js";
import { WarehouseHolder } from "../../../server/warehouse/warehouse-holder.js";
import { makeTempDir } from "../../helpers/temp-dir.js";

export interface VersionedApi {
  readonly holder: WarehouseHolder;
  readonly app: App;
  readonly url: string;
  readonly graphqlUrl: string;
  /** What the server logged. */
  readonly log: { readonly info: string[]; readonly errors: string[] };
  /** POSTs a query; the parsed body with the HTTP status. */
  query(query: string): Promise<GraphQLAnswer>;
  health(): Promise<Record<string, unknown>>;
  /** Resolves when the holder serves `version` (polls every 20 ms, up to `timeoutMs`). */
  waitForVersion(version: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface GraphQLAnswer {
  readonly status: number;
  readonly data?: Record<string, any> | null;
  readonly errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
  readonly extensions?: Record<string, unknown>;
}

export async function startVersionedApi(versionsDir: string, options: { pollMs?: number } = {}): Promise<VersionedApi> {
  const log = { info: [] as string[], errors: [] as string[] };
  const logger: Logger = {
    info: (message) => log.info.push(message),
    error: (message, error) => log.errors.push(`${message} ${error instanceof Error ? error.message : (error ?? "")}`),
  };
  const holder = await WarehouseHolder.open({ versionsDir, pollMs: options.pollMs ?? 50, logger });
  const temp = makeTempDir("uap-reliability-api-");
  // Demo mode (no key needed) without a rate limit: these tests are about reloads, not about security.
  const security = readSecurityConfig({
    DEMO_MODE: "1",
    DASHBOARD_ALLOWLIST: "off",
    RATE_LIMIT_PER_MINUTE: "100000000",
    API_KEYS: join(temp.dir, "keys.json"),
    AUDIT_LOG: join(temp.dir, "audit.jsonl"),
  });
  const app = await createApp({ warehouse: holder, limits: readConfig({}), security, logger });
  const url = await app.listen(0, "127.0.0.1");
  const graphqlUrl = `${url}graphql`;
  return {
    holder,
    app,
    url,
    graphqlUrl,
    log,
    query: async (query) => {
      const response = await fetch(graphqlUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
      return { status: response.status, ...((await response.json()) as object) };
    },
    health: async () => (await (await fetch(`${url}health`)).json()) as Record<string, unknown>,
    waitForVersion: async (version, timeoutMs = 15_000) => {
      const until = Date.now() + timeoutMs;
      while (holder.version !== version) {
        if (Date.now() > until)
          throw new Error(`the server still serves version ${holder.version}, not ${version}; log: ${[...log.info, ...log.errors].join(" | ")}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: async () => {
      await app.stop();
      await holder.close();
      temp.remove();
    },
  };
}

/** The two questions every reliability test asks the API. */
export const COUNTS_QUERY = "{ enterprises { totalCount } coverage(year: 2024) { total { units } } }";

export function countsOf(answer: GraphQLAnswer): { version: unknown; totalCount: unknown; units: unknown } {
  return {
    version: answer.extensions?.warehouseVersion,
    totalCount: answer.data?.enterprises?.totalCount,
    units: answer.data?.coverage?.total?.units,
  };
}
