/**
 * API keys: random 32-byte secrets, shown once when created and stored only as a
 * salted SHA-256 hash in a key store file (`keys.json` beside the warehouse, so
 * `data/keys.json` by default; `API_KEYS`),
 * outside the warehouse (which the server opens read-only). Each key has an id, a
 * role, a scope of admin units, its creation and (once revoked) revocation time.
 *
 * A key as the client sends it: `uap_<id>_<secret>`: the id (12 hex digits) finds the
 * stored key, the secret (43 base64url characters) is checked against its hash in
 * constant time. The secret has 256 bits, so a fast salted hash is enough: nothing
 * can be guessed, and checking a key costs microseconds.
 *
 * The file is written whole to a temporary file and renamed over the old one (a
 * reader sees the old file or the new, never half of one), with mode 0600, under a
 * lock file so that two `keys` commands never lose each other's change; its hash goes
 * beside it (`keys.json.sha256`, core/access/key-file-guard.ts), so a change made by
 * anything else is noticed. The server re-reads it when it changed (size, time, inode),
 * so a revocation counts from the next request.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { type OutsideChange, outsideChange, writeKeyFileHash } from "./key-file-guard.js";
import { type DataScope, ROLES, type Role } from "./principal.js";

export interface StoredKey {
  readonly id: string;
  readonly name: string | null;
  readonly role: Role;
  readonly scope: DataScope;
  /** Hex salt and hex sha256(salt ‖ secret). */
  readonly salt: string;
  readonly hash: string;
  readonly createdAt: string;
  readonly createdBy: string | null;
  readonly revokedAt: string | null;
  readonly revokedBy: string | null;
}

/** A key as listed: everything but the salt and hash. */
export type KeyInfo = Omit<StoredKey, "salt" | "hash">;

interface KeyFile {
  readonly version: 1;
  readonly keys: readonly StoredKey[];
}

const TOKEN = /^uap_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export class KeyStoreError extends Error {
  override name = "KeyStoreError";
}

/** The outcome of checking a presented key. */
export type KeyCheck = { readonly ok: true; readonly key: StoredKey } | { readonly ok: false; readonly reason: "MALFORMED" | "UNKNOWN" | "REVOKED" };

function hashOf(salt: string, secret: string): string {
  return createHash("sha256").update(Buffer.from(salt, "hex")).update(secret, "utf8").digest("hex");
}

export function infoOf(key: StoredKey): KeyInfo {
  const { salt: _s, hash: _h, ...info } = key;
  return info;
}

export interface KeyStoreOptions {
  /** Called once for each content of the file that is not the one a `keys` command wrote last (its recorded hash differs). */
  readonly onOutsideChange?: (change: OutsideChange) => void;
}

export class KeyStore {
  #keys: ReadonlyMap<string, StoredKey> = new Map();
  #signature: string | null = null;
  /** The content read last, until its hash has been compared with the recorded one. */
  #unverified: Buffer | null = null;

  constructor(
    readonly path: string,
    private readonly options: KeyStoreOptions = {},
  ) {}

  /** The keys as the file holds them now (re-read when it changed). A missing file is an empty store. */
  keys(): readonly StoredKey[] {
    this.#refresh();
    return [...this.#keys.values()];
  }

  /** Checks a presented key (`uap_<id>_<secret>`). */
  check(token: string): KeyCheck {
    const match = TOKEN.exec(token);
    if (!match) return { ok: false, reason: "MALFORMED" };
    this.#refresh();
    const key = this.#keys.get(match[1]);
    if (!key) return { ok: false, reason: "UNKNOWN" };
    const expected = Buffer.from(key.hash, "hex");
    const actual = Buffer.from(hashOf(key.salt, match[2]), "hex");
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return { ok: false, reason: "UNKNOWN" };
    if (key.revokedAt !== null) return { ok: false, reason: "REVOKED" };
    return { ok: true, key };
  }

  /** Creates a key; the returned token is the only time the secret exists outside the caller's hands. */
  create(spec: { role: Role; scope: DataScope; name?: string | null; actor?: string | null }, now = new Date()): { token: string; key: StoredKey } {
    checkSpec(spec.role, spec.scope);
    return this.#update((keys) => {
      let id: string;
      do id = randomBytes(6).toString("hex");
      while (keys.some((k) => k.id === id));
      const secret = randomBytes(32).toString("base64url");
      const salt = randomBytes(16).toString("hex");
      const key: StoredKey = {
        id,
        name: spec.name?.trim() || null,
        role: spec.role,
        scope: normaliseScope(spec.scope),
        salt,
        hash: hashOf(salt, secret),
        createdAt: now.toISOString(),
        createdBy: spec.actor ?? null,
        revokedAt: null,
        revokedBy: null,
      };
      return { keys: [...keys, key], result: { token: `uap_${id}_${secret}`, key } };
    });
  }

  /** Revokes a key for good (it stays listed, with its revocation time). */
  revoke(id: string, actor: string | null = null, now = new Date()): StoredKey {
    return this.#update((keys) => {
      const key = keys.find((k) => k.id === id);
      if (!key) throw new KeyStoreError(`no key with id ${id}`);
      if (key.revokedAt !== null) throw new KeyStoreError(`key ${id} was already revoked on ${key.revokedAt}`);
      const revoked: StoredKey = { ...key, revokedAt: now.toISOString(), revokedBy: actor };
      return { keys: keys.map((k) => (k.id === id ? revoked : k)), result: revoked };
    });
  }

  /**
   * Records the hash of the file as it is now (`keys trust`, after checking its keys), so
   * that an outside change an operator has reviewed stops being reported. Reports the
   * change first (onOutsideChange); false when there is no key store.
   */
  trust(): boolean {
    return this.#update((keys, content) => ({ keys, result: content !== null, unchanged: true }));
  }

  #refresh(): void {
    let signature: string | null;
    try {
      const s = statSync(this.path);
      signature = `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch {
      signature = null;
    }
    if (signature !== this.#signature) {
      const content = signature === null ? null : readFileSync(this.path);
      this.#keys = content === null ? new Map() : new Map(parseKeyFile(this.path, content).map((k) => [k.id, k]));
      this.#signature = signature;
      this.#unverified = content;
    }
    if (this.#unverified !== null) this.#verify(this.#unverified);
  }

  #verify(content: Buffer): void {
    if (!this.options.onOutsideChange) {
      this.#unverified = null;
      return;
    }
    const change = outsideChange(this.path, content);
    // A `keys` command is between writing the file and its hash: compare again at the next read.
    if (change && lockIsFresh(`${this.path}.lock`)) return;
    this.#unverified = null;
    if (change) this.options.onOutsideChange(change);
  }

  #update<T>(change: (keys: readonly StoredKey[], content: Buffer | null) => { keys: readonly StoredKey[]; result: T; unchanged?: boolean }): T {
    mkdirSync(dirname(this.path), { recursive: true });
    const release = lock(`${this.path}.lock`);
    try {
      const content = existsSync(this.path) ? readFileSync(this.path) : null;
      const current = content === null ? [] : parseKeyFile(this.path, content);
      // Said before this command's hash replaces the record of the last one.
      const outside = content === null ? null : outsideChange(this.path, content);
      if (outside) this.options.onOutsideChange?.(outside);
      const { keys, result, unchanged } = change(current, content);
      if (unchanged) {
        if (content !== null) writeKeyFileHash(this.path, content);
        return result;
      }
      const text = `${JSON.stringify({ version: 1, keys } satisfies KeyFile, null, 2)}\n`;
      const temp = `${this.path}.${process.pid}.tmp`;
      writeFileSync(temp, text, { mode: 0o600 });
      renameSync(temp, this.path);
      writeKeyFileHash(this.path, text);
      this.#signature = null;
      return result;
    } finally {
      release();
    }
  }
}

function parseKeyFile(path: string, content: Buffer): StoredKey[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content.toString("utf8"));
  } catch (error) {
    throw new KeyStoreError(`the key store ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const file = parsed as Partial<KeyFile>;
  if (file?.version !== 1 || !Array.isArray(file.keys)) throw new KeyStoreError(`the key store ${path} is not a version-1 key file`);
  for (const key of file.keys) {
    if (typeof key?.id !== "string" || typeof key.salt !== "string" || typeof key.hash !== "string" || !ROLES.includes(key.role)) {
      throw new KeyStoreError(`the key store ${path} has a malformed key entry`);
    }
    checkSpec(key.role, key.scope);
  }
  return file.keys as StoredKey[];
}

function checkSpec(role: Role, scope: DataScope): void {
  if (!ROLES.includes(role)) throw new KeyStoreError(`unknown role ${String(role)}: expected ${ROLES.join(", ")}`);
  if (!scope || !["PROVINCE", "DISTRICTS", "NEW_COMMUNES"].includes(scope.kind))
    throw new KeyStoreError("a key's scope is PROVINCE, DISTRICTS or NEW_COMMUNES");
  if (scope.kind !== "PROVINCE") {
    if (!Array.isArray(scope.codes) || scope.codes.length === 0) throw new KeyStoreError(`a ${scope.kind} scope needs at least one code`);
    const digits = scope.kind === "DISTRICTS" ? 3 : 5;
    const bad = scope.codes.filter((c) => typeof c !== "string" || !new RegExp(`^\\d{${digits}}$`).test(c));
    if (bad.length) throw new KeyStoreError(`${scope.kind} codes have ${digits} digits; not: ${bad.join(", ")}`);
  }
  if (role === "ADMIN" && scope.kind !== "PROVINCE") throw new KeyStoreError("ADMIN keys are province-wide (they administer the whole warehouse)");
}

function normaliseScope(scope: DataScope): DataScope {
  return scope.kind === "PROVINCE" ? { kind: "PROVINCE" } : { kind: scope.kind, codes: [...new Set(scope.codes)].sort() };
}

/** A lock a live `keys` command holds (younger than the 30 s after which it counts as a crashed one's). */
function lockIsFresh(path: string): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs <= 30_000;
  } catch {
    return false;
  }
}

/** An exclusive lock file (created with O_EXCL); waits up to 5 s, and takes over a lock older than 30 s (a crashed command). */
function lock(path: string): () => void {
  const started = Date.now();
  for (;;) {
    try {
      closeSync(openSync(path, "wx", 0o600));
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      try {
        if (Date.now() - statSync(path).mtimeMs > 30_000) rmSync(path, { force: true });
      } catch {
        // gone meanwhile
      }
      if (Date.now() - started > 5_000) throw new KeyStoreError(`the key store is locked by another command (${path}); try again`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    }
  }
}

/** A scope as people write it: `PROVINCE`, `districts 461,464`, `new communes 19333`. */
export function describeScope(scope: DataScope): string {
  return scope.kind === "PROVINCE" ? "province" : `${scope.kind === "DISTRICTS" ? "districts" : "new communes"} ${scope.codes.join(",")}`;
}
