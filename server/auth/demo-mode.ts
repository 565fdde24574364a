/**
 * Demo mode for `npm start` on the sample warehouse it built itself: a marker file
 * beside the warehouse (`<warehouse>.demo`) records the file's size and modification
 * time right after the sample build. Later starts are in demo mode only while the
 * warehouse is still exactly that file: any load or build into it (real data) changes
 * it, and the marker no longer counts.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import type { SecurityConfig } from "../../core/settings/security-config.js";

const markerOf = (warehousePath: string) => `${warehousePath}.demo`;

function signature(path: string): string {
  const s = statSync(path);
  return `${s.size}:${s.mtimeMs}`;
}

/** Marks the warehouse just built from the sample province as a demo warehouse. */
export function markSampleWarehouse(warehousePath: string): void {
  writeFileSync(markerOf(warehousePath), `${JSON.stringify({ sample: true, markedAt: new Date().toISOString(), signature: signature(warehousePath) })}\n`);
}

/** Whether the warehouse is the untouched sample `npm start` built. */
export function isUntouchedSample(warehousePath: string): boolean {
  try {
    const marker = JSON.parse(readFileSync(markerOf(warehousePath), "utf8")) as { sample?: boolean; signature?: string };
    return marker.sample === true && marker.signature === signature(warehousePath);
  } catch {
    return false;
  }
}

/** Demo mode turns introspection on too. */
export function inDemoMode(config: SecurityConfig): SecurityConfig {
  return config.demoMode ? config : Object.freeze({ ...config, demoMode: true, allowIntrospection: true });
}

export const DEMO_BANNER = [
  "DEMO MODE: serving the sample province (synthetic data). Requests without an API key act as a province-wide ANALYST,",
  "introspection is on, and every response says `extensions.demoMode: true`. Never use demo mode on real data:",
  "without DEMO_MODE=1 and on any other warehouse, every request needs a key (`npm run etl -- keys create`).",
].join("\n  ");
