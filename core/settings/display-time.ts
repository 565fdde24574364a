/**
 * How the CLI and the server print times for people: in one time zone, named beside the
 * time. DISPLAY_TIME_ZONE (an IANA zone, as TZ takes: `Asia/Ho_Chi_Minh`, `UTC`) chooses
 * it; the default is the province's. Node's ICU knows the zones, so nothing is bundled.
 * Stored times (audit log, version files, lineage) stay UTC ISO 8601: this is display only.
 */
import { ConfigError } from "./server-config.js";

export const DEFAULT_DISPLAY_TIME_ZONE = "Asia/Ho_Chi_Minh";

/** DISPLAY_TIME_ZONE, checked: a zone ICU does not know is a ConfigError naming the setting. */
export function readDisplayTimeZone(env: NodeJS.ProcessEnv = process.env): string {
  const zone = env.DISPLAY_TIME_ZONE?.trim() || DEFAULT_DISPLAY_TIME_ZONE;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone; // as given: ICU would canonicalise Asia/Ho_Chi_Minh to its old name Asia/Saigon
  } catch {
    throw new ConfigError([`DISPLAY_TIME_ZONE="${env.DISPLAY_TIME_ZONE}": expected a time zone name such as Asia/Ho_Chi_Minh or UTC`]);
  }
}

/** `2026-12-05 01:55:12 +07:00 (Asia/Ho_Chi_Minh)`: the wall time in `zone`, with its offset and the zone's name (`… UTC` for UTC). */
export function formatDisplayTime(at: Date, zone: string = readDisplayTimeZone()): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      timeZoneName: "longOffset",
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const offset = parts.timeZoneName === "GMT" ? "+00:00" : parts.timeZoneName.replace("GMT", "");
  const named = zone.toUpperCase() === "UTC" ? "UTC" : `${offset} (${zone})`;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${named}`;
}
