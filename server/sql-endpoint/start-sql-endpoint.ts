/** `npm start`'s part for the SQL endpoint: listen on SQL_PORT (unless off) and say where. */

import type { Logger } from "../../core/logger.js";
import type { Security } from "../auth/security.js";
import type { WarehouseSource } from "../warehouse/warehouse-source.js";
import { createSqlEndpoint, type SqlEndpoint } from "./pg-server.js";
import type { SqlEndpointSettings } from "./sql-settings.js";

export interface StartedSqlEndpoint {
  /** One line for the start banner. */
  readonly description: string;
  readonly port: number | null;
  close(): Promise<void>;
}

export class SqlEndpointStartError extends Error {
  override name = "SqlEndpointStartError";
}

/**
 * Starts the endpoint. A port in use is an error when SQL_PORT was set; with the default
 * port (5433) the API starts without the endpoint and says why, so a second server on one
 * machine, or a PostgreSQL already on 5433, does not stop the API.
 */
export async function startSqlEndpoint(options: {
  readonly settings: SqlEndpointSettings;
  /** Whether SQL_PORT was set (not the default). */
  readonly portConfigured: boolean;
  readonly source: WarehouseSource;
  readonly security: Security;
  readonly queryTimeoutMs: number;
  readonly memoryLimit?: string;
  readonly host?: string;
  readonly logger: Logger;
}): Promise<StartedSqlEndpoint> {
  const { settings } = options;
  if (settings.port === null) return { description: "off (SQL_PORT=off)", port: null, close: async () => {} };
  const endpoint: SqlEndpoint = createSqlEndpoint({
    source: options.source,
    security: options.security,
    settings,
    queryTimeoutMs: options.queryTimeoutMs,
    memoryLimit: options.memoryLimit,
    logger: options.logger,
  });
  let port: number;
  try {
    port = await endpoint.listen(settings.port, options.host);
  } catch (error) {
    await endpoint.close().catch(() => {});
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "EADDRINUSE" ? `port ${settings.port} is in use` : (error as Error).message;
    if (options.portConfigured)
      throw new SqlEndpointStartError(`The SQL endpoint cannot listen on SQL_PORT=${settings.port}: ${why}. Choose a free port, or SQL_PORT=off.`);
    return { description: `not started: ${why} (set SQL_PORT to a free port, or SQL_PORT=off)`, port: null, close: async () => {} };
  }
  const host = options.host ?? "localhost";
  return {
    description: `postgresql://${host}:${port}/warehouse (password: an API key${options.security.config.demoMode ? ", or anything in demo mode" : ""}; TLS ${settings.tls ? "on" : "off"})`,
    port,
    close: () => endpoint.close(),
  };
}
