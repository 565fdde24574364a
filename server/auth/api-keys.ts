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
 * lock file so that two `keys` commands never lose each other's change. The server
 * re-reads it when it changed (size, time, inode), so a revocation counts from the
 * next request.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { type DataScope, ROLES, type Role } from "../../queries/access-scope.js";

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

export class KeyStore {
  #keys: ReadonlyMap<string, StoredKey> = new Map();
  #signature: string | null = null;

  constructor(readonly path: string) {}

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

  #refresh(): void {
    let signature: string | null;
    try {
      const s = statSync(this.path);
      signature = `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch {
      signature = null;
    }
    if (signature === this.#signature) return;
    this.#keys = signature === null ? new Map() : new Map(readKeyFile(this.path).map((k) => [k.id, k]));
    this.#signature = signature;
  }

  #update<T>(change: (keys: readonly StoredKey[]) => { keys: readonly StoredKey[]; result: T }): T {
    mkdirSync(dirname(this.path), { recursive: true });
    const release = lock(`${this.path}.lock`);
    try {
      const current = existsSync(this.path) ? readKeyFile(this.path) : [];
      const { keys, result } = change(current);
      const file: KeyFile = { version: 1, keys };
      const temp = `${this.path}.${process.pid}.tmp`;
      writeFileSync(temp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
      renameSync(temp, this.path);
      this.#signature = null;
      return result;
    } finally {
      release();
    }
  }
}

function readKeyFile(path: string): StoredKey[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new KeyStoreError(`the key store ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const file = parsed as Partial<KeyFile>;
  if (!file || file.version !== 1 || !Array.isArray(file.keys)) throw new KeyStoreError(`the key store ${path} is not a version-1 key file`);
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
  if (!scope || !["PROVINCE", "DISTRICTS", "NEW_COMMUNES"].includes(scope.kind)) throw new KeyStoreError("a key's scope is PROVINCE, DISTRICTS or NEW_COMMUNES");
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

