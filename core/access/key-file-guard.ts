/**
 * The key store on disk is guarded two ways:
 *
 * - Its owner and mode: whoever can write `keys.json` can give themselves an ADMIN key,
 *   so the server and the `keys` commands refuse a key store that its group or others
 *   may write, or that another user owns (keyFileProblem), naming the fix.
 * - Its hash: the `keys` commands keep the SHA-256 of every `keys.json` they write in
 *   `keys.json.sha256` beside it (the `sha256sum` format, so `sha256sum -c` checks it
 *   too). A key store whose hash differs was changed by something else: the server and the
 *   commands still use it (refusing would let anyone who can touch the hash file stop
 *   the API), but say so in one log line and in the audit log
 *   (KEYS_FILE_CHANGED_OUTSIDE_CLI).
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { basename, resolve } from "node:path";
import type { Logger } from "../logger.js";
import type { AuditLog } from "../records/audit-log.js";

/** Why the key store at `path` must not be used, with the command that fixes it; null when it may (or does not exist). */
export function keyFileProblem(path: string): string | null {
  if (!existsSync(path)) return null;
  const file = resolve(path);
  const stat = statSync(file);
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) {
    const me = currentUser();
    return `the key store ${file} is owned by user id ${stat.uid}, not by ${me} (user id ${uid}) who runs this: another user could change its keys. Fix: \`chown ${me} ${file}\` (as root or its owner), then \`chmod 600 ${file}\`.`;
  }
  const writers = [stat.mode & 0o020 ? "its group" : null, stat.mode & 0o002 ? "others" : null].filter(Boolean);
  if (writers.length) {
    return `the key store ${file} is writable by ${writers.join(" and ")} (mode ${octal(stat.mode)}): whoever can write it can give themselves an ADMIN key. Fix: \`chmod 600 ${file}\`.`;
  }
  return null;
}

/** Where the hash of the key store the CLI wrote last is kept. */
export const keyFileHashPath = (path: string): string => `${path}.sha256`;

export const sha256 = (content: string | Buffer): string => createHash("sha256").update(content).digest("hex");

/** Records the hash of the key store's content (the CLI, after each change it makes), mode 0600, whole or not at all. */
export function writeKeyFileHash(path: string, content: string | Buffer): void {
  const target = keyFileHashPath(path);
  const temp = `${target}.${process.pid}.tmp`;
  writeFileSync(temp, `${sha256(content)}  ${basename(path)}\n`, { mode: 0o600 });
  renameSync(temp, target);
}

/** A key store whose content is not the one the CLI wrote last. */
export interface OutsideChange {
  readonly file: string;
  /** The hash the CLI recorded; null when none is recorded (the hash file is missing or unreadable). */
  readonly expected: string | null;
  readonly actual: string;
}

/** Compares the key store's content with the recorded hash: null when they agree. */
export function outsideChange(path: string, content: string | Buffer): OutsideChange | null {
  const actual = sha256(content);
  let expected: string | null = null;
  try {
    expected = /^([0-9a-f]{64})\b/.exec(readFileSync(keyFileHashPath(path), "utf8"))?.[1] ?? null;
  } catch {
    // no hash recorded
  }
  return expected === actual ? null : { file: resolve(path), expected, actual };
}

/** The one line that tells an operator about an outside change. */
export function describeOutsideChange(change: OutsideChange): string {
  const why =
    change.expected === null
      ? `it has no recorded hash (${keyFileHashPath(change.file)} is missing)`
      : `its SHA-256 is ${change.actual.slice(0, 12)}…, not ${change.expected.slice(0, 12)}… as recorded in ${keyFileHashPath(change.file)}`;
  return `warning: the key store ${change.file} was changed outside \`npm run etl -- keys\` (${why}); its keys are used, and the change is in the audit log (KEYS_FILE_CHANGED_OUTSIDE_CLI). Check them with \`npm run etl -- keys list\`; once they are right, \`npm run etl -- keys trust\` records its hash.`;
}

/** A key store changed outside the CLI: served still (a reviewed change is `keys trust`ed), said in one line and in the audit log. */
export function reportOutsideChange(change: OutsideChange, auditLog: AuditLog, logger: Logger, noticedBy: string): void {
  logger.info(describeOutsideChange(change));
  try {
    auditLog.append({
      action: "KEYS_FILE_CHANGED_OUTSIDE_CLI",
      target: change.file,
      outcome: "OK",
      details: { noticedBy, expectedSha256: change.expected, actualSha256: change.actual },
    });
  } catch (error) {
    logger.error(`could not write the audit log ${auditLog.path}`, error);
  }
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? "the current user");
  }
}

const octal = (mode: number) => `0${(mode & 0o777).toString(8).padStart(3, "0")}`;
