/**
 * Headless Chromium for the dashboard tests: Debian's `chromium` package driven by
 * playwright-core (no browser download). `.ci/run` installs the package. Where it
 * cannot be found, the browser tests fail in CI (CI=true: a CI that cannot run them must
 * not pass for having skipped them), and are skipped elsewhere, saying why.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium", "/usr/bin/google-chrome"];

/** The Chromium executable: $CHROMIUM_PATH, else Debian's; null when there is none. */
export function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH?.trim();
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return CANDIDATES.find((path) => existsSync(path)) ?? null;
}

export const CHROMIUM_MISSING =
  "Chromium not found (looked for $CHROMIUM_PATH, " +
  CANDIDATES.join(", ") +
  "): install Debian's package with `apt-get install -y chromium` (.ci/run does) to run the browser tests";

/** True in CI (CI=true or 1, as CI services set it): there the browser tests must run, not skip. */
export function browserTestsRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(true|1|yes)$/i.test(env.CI?.trim() ?? "");
}

/** Launches headless Chromium with the flags for a sandbox-less container and no network of its own. */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Where the tests put their screenshots (git-ignored). */
export function artifactsDir(): string {
  const dir = join(import.meta.dirname, "..", ".artifacts");
  mkdirSync(dir, { recursive: true });
  return dir;
}
