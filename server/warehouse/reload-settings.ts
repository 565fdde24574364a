import { ConfigError } from "../../core/settings/server-config.js";

/** Server settings of the reload (environment): `RELOAD_POLL_MS`; the versions folder is `PUBLISH_DIR` (see `versionsDirFor`). */
export interface ReloadSettings {
  /** How often CURRENT is re-read besides the file watch (ms, default 1000). */
  readonly pollMs: number;
}

export function readReloadSettings(env: NodeJS.ProcessEnv = process.env): ReloadSettings {
  const text = (env.RELOAD_POLL_MS ?? "1000").trim();
  if (!/^\d+$/.test(text) || Number(text) < 10) {
    throw new ConfigError([
      `RELOAD_POLL_MS=${JSON.stringify(env.RELOAD_POLL_MS)}: expected how often to check for a new warehouse version, in milliseconds, a whole number ≥ 10`,
    ]);
  }
  return Object.freeze({ pollMs: Number(text) });
}
