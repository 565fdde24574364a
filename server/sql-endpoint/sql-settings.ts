/** Settings of the SQL endpoint (environment), checked at start with the server's. */
import { existsSync, readFileSync } from "node:fs";
import { ConfigError } from "../../core/settings/server-config.js";

export interface SqlEndpointSettings {
  /** TCP port for PostgreSQL clients (0: any free port); null when SQL_PORT=off. */
  readonly port: number | null;
  /** The certificate and key (PEM) for TLS; null: clients asking for TLS are told no, and connect in clear. */
  readonly tls: { readonly cert: Buffer; readonly key: Buffer; readonly certPath: string } | null;
  /** Most rows one statement may return; a larger result is refused (aggregate, filter or LIMIT). */
  readonly maxRows: number;
}

export const SQL_DEFAULTS = Object.freeze({ SQL_PORT: "5433", SQL_MAX_ROWS: "1000000" });

export function readSqlSettings(env: NodeJS.ProcessEnv = process.env): SqlEndpointSettings {
  const problems: string[] = [];
  const portText = (env.SQL_PORT ?? SQL_DEFAULTS.SQL_PORT).trim();
  let port: number | null = null;
  if (!/^off$/i.test(portText)) {
    port = Number(portText);
    if (!/^\d+$/.test(portText) || port > 65535)
      problems.push(`SQL_PORT=${JSON.stringify(env.SQL_PORT)}: expected the TCP port of the SQL endpoint, a whole number 0–65535, or "off"`);
  }
  const maxText = (env.SQL_MAX_ROWS ?? SQL_DEFAULTS.SQL_MAX_ROWS).trim();
  const maxRows = Number(maxText);
  if (!/^\d+$/.test(maxText) || maxRows < 1)
    problems.push(`SQL_MAX_ROWS=${JSON.stringify(env.SQL_MAX_ROWS)}: expected the most rows one SQL statement may return, a whole number ≥ 1`);
  const certPath = env.SQL_TLS_CERT?.trim() || "";
  const keyPath = env.SQL_TLS_KEY?.trim() || "";
  let tls: SqlEndpointSettings["tls"] = null;
  if (certPath || keyPath) {
    if (!certPath || !keyPath) problems.push("SQL_TLS_CERT and SQL_TLS_KEY go together: set both (PEM files) or neither");
    else {
      const read = (name: string, path: string) => {
        if (!existsSync(path)) problems.push(`${name}=${JSON.stringify(path)}: the file does not exist`);
        else
          try {
            return readFileSync(path);
          } catch (error) {
            problems.push(`${name}=${JSON.stringify(path)}: cannot be read (${(error as Error).message})`);
          }
        return undefined;
      };
      const cert = read("SQL_TLS_CERT", certPath);
      const key = read("SQL_TLS_KEY", keyPath);
      if (cert && key) tls = { cert, key, certPath };
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze({ port, tls, maxRows });
}
