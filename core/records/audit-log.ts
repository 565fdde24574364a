/**
 * The audit log of admin actions: API keys created and revoked, loads (ingest), restores,
 * builds, publications of a warehouse version, link decisions. One JSON object per line in
 * `audit.jsonl` beside the warehouse (`data/audit.jsonl`; `AUDIT_LOG`),
 * appended with O_APPEND in one write per entry (concurrent writers never interleave
 * within a line), never rewritten. ADMIN keys read it through `auditLog(first, after)`.
 */
import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { userInfo } from "node:os";
import { dirname } from "node:path";
import { securityFilesBeside } from "../settings/security-config.js";
import { fileMode } from "../warehouse/file-mode.js";

export const AUDIT_ACTIONS = ["KEY_CREATED", "KEY_REVOKED", "KEYS_FILE_CHANGED_OUTSIDE_CLI", "LOAD", "RESTORE", "BUILD", "PUBLISH", "LINK_DECISION"] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  /** Line number in the log, from 1: stable, increasing. */
  readonly seq: number;
  /** When (ISO 8601, UTC). */
  readonly at: string;
  /** Who: the OS user of the command (or AUDIT_ACTOR), or the API key id. */
  readonly actor: string;
  readonly action: AuditAction;
  /** What it acted on: a key id, a warehouse file, a link (dataset/source key → tax code). */
  readonly target: string | null;
  readonly outcome: "OK" | "FAILED";
  /** Anything else worth keeping (role and scope of a key, files loaded, exit code…). Never a secret. */
  readonly details: Readonly<Record<string, unknown>>;
}

export type NewAuditEntry = Omit<AuditEntry, "seq" | "at" | "actor" | "outcome" | "details"> & {
  readonly actor?: string | null;
  readonly outcome?: "OK" | "FAILED";
  readonly details?: Record<string, unknown>;
  readonly at?: Date;
};

/** Who runs this process, as the audit log names them. */
export function currentActor(env: NodeJS.ProcessEnv = process.env): string {
  if (env.AUDIT_ACTOR?.trim()) return env.AUDIT_ACTOR.trim();
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}

export class AuditLog {
  constructor(readonly path: string) {}

  append(entry: NewAuditEntry): void {
    const line = {
      at: (entry.at ?? new Date()).toISOString(),
      actor: entry.actor ?? currentActor(),
      action: entry.action,
      target: entry.target ?? null,
      outcome: entry.outcome ?? "OK",
      details: entry.details ?? {},
    };
    mkdirSync(dirname(this.path), { recursive: true });
    appendFileSync(this.path, `${JSON.stringify(line, (_k, v) => (typeof v === "bigint" ? v.toString() : v))}\n`, { mode: fileMode(), flag: "a" });
  }

  /** Every entry, oldest first (a missing log is empty; a damaged line is skipped but keeps its number). */
  entries(): AuditEntry[] {
    let text: string;
    try {
      text = readFileSync(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    const entries: AuditEntry[] = [];
    text.split("\n").forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const e = JSON.parse(line) as Omit<AuditEntry, "seq">;
        entries.push({
          seq: i + 1,
          at: e.at,
          actor: e.actor,
          action: e.action,
          target: e.target ?? null,
          outcome: e.outcome ?? "OK",
          details: e.details ?? {},
        });
      } catch {
        // a line cut by a crash: skipped
      }
    });
    return entries;
  }
}

/** The ETL commands that change the warehouse, and how the audit log names them. */
export const AUDITED_COMMANDS: Readonly<Record<string, AuditAction>> = Object.freeze({ ingest: "LOAD", build: "BUILD", publish: "PUBLISH" });

/**
 * Records one run of an ETL command (`etl/cli.ts`) when it is one that changes the
 * warehouse: the command line, the warehouse, the exit code and how long it took. A log
 * that cannot be written never changes the command's outcome: the problem is printed.
 */
export function recordCommand(
  run: { command: string; db: string } | undefined,
  argv: readonly string[],
  exitCode: number,
  startedAt: number,
  error?: unknown,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const action = run && AUDITED_COMMANDS[run.command];
  if (!run || !action) return;
  const log = new AuditLog(env.AUDIT_LOG?.trim() || securityFilesBeside(run.db).AUDIT_LOG);
  try {
    log.append({
      action,
      actor: currentActor(env),
      target: run.db,
      outcome: exitCode === 0 && !error ? "OK" : "FAILED",
      details: { argv: [...argv], exitCode, durationMs: Date.now() - startedAt, ...(error ? { error: (error as Error).message } : {}) },
    });
  } catch (failure) {
    console.error(`warning: could not write the audit log ${log.path}: ${(failure as Error).message}`);
  }
}
