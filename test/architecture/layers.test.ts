import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The floors of the house (README "Layout"): each wing imports only the wings beneath it.
 *
 *   server ─→ schema ─→ queries ─→ core
 *   etl ─────────────→ queries ─→ core
 *
 * `core/` is the ground floor every wing may use (the warehouse's dialect, driver, open,
 * versions and leases; the append-only records; the key store; settings; forecasting
 * statistics). Only `server/main.ts` may reach into `etl/` (the first start builds the sample).
 */
const ROOT = join(import.meta.dirname, "../..");
const WINGS = ["core", "queries", "schema", "server", "etl"] as const;
type Wing = (typeof WINGS)[number];

const ALLOWED: Record<Wing, readonly Wing[]> = {
  core: [],
  queries: ["core"],
  schema: ["queries", "core"],
  etl: ["queries", "core"],
  server: ["schema", "queries", "core"],
};
const EXCEPTIONS: readonly { from: string; to: Wing; why: string }[] = [
  { from: "server/main.ts", to: "etl", why: "the first start generates, ingests and builds the sample" },
];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|js)$/.test(name)) out.push(path);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs: string[] = [];
  for (const match of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) specs.push(match[1]!);
  return specs;
}

function wingOf(repoPath: string): Wing | null {
  const first = repoPath.split("/")[0] as Wing;
  return WINGS.includes(first) ? first : null;
}

function crossings(): string[] {
  const found: string[] = [];
  for (const wing of WINGS) {
    for (const file of sourceFiles(join(ROOT, wing))) {
      const from = relative(ROOT, file);
      for (const spec of importsOf(file)) {
        const to = relative(ROOT, normalize(join(dirname(file), spec)));
        const target = wingOf(to);
        if (!target || target === wing || ALLOWED[wing].includes(target)) continue;
        if (EXCEPTIONS.some((e) => e.from === from && e.to === target)) continue;
        found.push(`${from} → ${to}`);
      }
    }
  }
  return found;
}

describe("layer rules", () => {
  it("no wing imports a wing above it or beside it", () => {
    expect(crossings()).toEqual([]);
  });

  it("the rule itself sees a crossing (a fake import is reported)", () => {
    const fake = "core/x.ts";
    const target = wingOf(relative(ROOT, normalize(join(ROOT, dirname(fake), "../server/app.js"))));
    expect(target).toBe("server");
    expect(ALLOWED.core.includes(target!)).toBe(false);
  });
});
