/**
 * Persisted queries. Apollo Server's automatic persisted queries (APQ: a client sends
 * the sha256 of its document, and the document only when the server does not know it
 * yet) keep their documents in `ApqCache`, an in-memory LRU; the operations of the
 * DASHBOARD allow-list are in it from the start, so a dashboard can send hashes only.
 *
 * The allow-list: the sha256 of every allowed document, read from `.graphql` files,
 * folders of them (`examples/` by default) and JSON files (an array of hex hashes, or
 * an object whose values are hashes). A document matches by the hash of its exact
 * text or of its normalised form (graphql `print`), so whitespace and comments do
 * not matter.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { type DocumentNode, parse, print } from "graphql/index.js";

export const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** The hash of a document's normalised form. */
export const normalisedHash = (document: DocumentNode) => sha256(print(document));

export interface AllowList {
  readonly hashes: ReadonlySet<string>;
  /** Documents by hash (those read from .graphql files), to seed the APQ cache. */
  readonly documents: ReadonlyMap<string, string>;
}

const HEX = /^[0-9a-f]{64}$/;

export function loadAllowList(paths: readonly string[]): AllowList {
  const hashes = new Set<string>();
  const documents = new Map<string, string>();
  const addDocument = (file: string) => {
    const text = readFileSync(file, "utf8");
    let normalised: string;
    try {
      normalised = print(parse(text));
    } catch (error) {
      throw new Error(`allow-list: ${file} is not a GraphQL document: ${(error as Error).message}`);
    }
    for (const t of [text, normalised]) {
      hashes.add(sha256(t));
      documents.set(sha256(t), t);
    }
  };
  const addJson = (file: string) => {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as unknown;
    const values = Array.isArray(parsed) ? parsed : parsed && typeof parsed === "object" ? Object.values(parsed) : [];
    for (const v of values) {
      if (typeof v !== "string" || !HEX.test(v.toLowerCase()))
        throw new Error(`allow-list: ${file} holds something that is not a sha256 hex hash: ${JSON.stringify(v)}`);
      hashes.add(v.toLowerCase());
    }
  };
  for (const path of paths) {
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) if (name.endsWith(".graphql") || name.endsWith(".gql")) addDocument(join(path, name));
    } else if (path.endsWith(".json")) addJson(path);
    else addDocument(path);
  }
  return { hashes, documents };
}

/** Whether a request's document is allowed: its exact text's hash or its normalised form's. */
export function isAllowed(allowList: AllowList, queryText: string | undefined, document: DocumentNode): boolean {
  return (queryText !== undefined && allowList.hashes.has(sha256(queryText))) || allowList.hashes.has(normalisedHash(document));
}

/**
 * The APQ store: a least-recently-used map of at most `maxEntries` documents and
 * `maxBytes` characters, plus the allow-listed documents, which are never evicted.
 * Apollo prefixes its keys (`apq:<hash>`); the hash is what follows the last colon.
 */
export class ApqCache {
  readonly #entries = new Map<string, string>();
  #bytes = 0;

  constructor(
    private readonly seeded: ReadonlyMap<string, string> = new Map(),
    private readonly maxEntries = 2_000,
    private readonly maxBytes = 20_000_000,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  async get(key: string): Promise<string | undefined> {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
      return value;
    }
    return this.seeded.get(key.slice(key.lastIndexOf(":") + 1));
  }

  async set(key: string, value: string): Promise<void> {
    await this.delete(key);
    this.#entries.set(key, value);
    this.#bytes += value.length;
    while (this.#entries.size > this.maxEntries || this.#bytes > this.maxBytes) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      await this.delete(oldest);
    }
  }

  async delete(key: string): Promise<boolean> {
    const value = this.#entries.get(key);
    if (value === undefined) return false;
    this.#bytes -= value.length;
    return this.#entries.delete(key);
  }
}
