/**
 * The whole-response cache of `/graphql`: the bytes of a successful answer, kept in memory
 * and sent again for the same question on the same warehouse version without parsing,
 * validating, executing or serialising anything.
 *
 * Sound because the served warehouse is read-only and versions switch atomically
 * (server/warehouse/warehouse-holder.ts): an answer is a function of the warehouse version, the
 * caller's role, scope and suppression threshold, and the request (document text, variables,
 * operation name, extensions such as a persisted query's hash, and the Accept header, which
 * chooses the response's media type). The key is all of these; the key id is not in it
 * (two keys with the same role and scope get the same answers), except for answers that name
 * the caller (`viewer`), which are never cached, nor are `auditLog` and `linkDecisions`
 * (files beside the warehouse, not the warehouse: UNCACHEABLE_ROOT_FIELDS). Only POSTs of
 * one operation with a JSON body are looked up; only queries whose response has no error
 * and HTTP status 200 are kept; batches, GETs and mutations always run.
 *
 * What still applies to an answer from the cache: the gate (API key, revocation, batch size,
 * rate limit) runs first, exactly once per request; depth, alias, token and cost limits and
 * the DASHBOARD allow-list are functions of the key's parts (document, variables, operation
 * name, role) and passed when the answer was made; a cached answer runs no SQL, so the query
 * time limit has nothing to interrupt.
 *
 * A new warehouse version empties the cache at its first request, and an answer computed on
 * an older version is never stored once a newer one has been seen. Identical requests in
 * flight share one execution. Size: `RESPONSE_CACHE_MB` (least recently used dropped
 * first; 0 turns the cache off). A static warehouse (no published versions) is cached only
 * when it is open read-only: a writable one may change under the server.
 */
import { createHash } from "node:crypto";
import { HeaderMap, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from "@apollo/server";
import type { RequestAccess } from "../queries/access/request-access.js";

/** Root fields whose answers are not a function of the key above: never cached. */
export const UNCACHEABLE_ROOT_FIELDS: ReadonlySet<string> = new Set(["viewer", "auditLog", "linkDecisions"]);

/** The response header saying whether the answer came from the cache (`hit`) or was made now (`miss`). */
export const CACHE_HEADER = "x-response-cache";

interface Entry {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  /** The body, UTF-8 encoded once: a hit writes these bytes as they are. */
  readonly body: Buffer;
  readonly bytes: number;
}

/** An answer whose body is ready as bytes (the HTTP handler writes them instead of encoding `body.string` again). */
export type EncodedResponse = HTTPGraphQLResponse & { readonly encoded?: Buffer };

/** A request's place in the cache: its key and the generation (warehouse version) it reads. */
export interface CacheTicket {
  readonly key: string;
  readonly generation: string;
  /** Settled by the request that computes the answer (identical requests in flight wait for it). */
  readonly settle: (entry: Entry | undefined) => void;
}

export interface ResponseCacheStats {
  readonly entries: number;
  readonly bytes: number;
  readonly maxBytes: number;
  readonly hits: number;
  readonly misses: number;
  readonly generation: string | null;
}

const ENTRY_OVERHEAD = 256;

/** A least-recently-used map of answers, bounded by their bytes (the UTF-8 body, plus headers and a fixed overhead). */
export class ResponseCache {
  readonly #entries = new Map<string, Entry>();
  readonly #inFlight = new Map<string, Promise<Entry | undefined>>();
  #bytes = 0;
  #generation: string | null = null;
  #hits = 0;
  #misses = 0;

  /** Off: every request runs (the bench measures the queries themselves this way). */
  enabled = true;

  constructor(readonly maxBytes: number) {}

  get stats(): ResponseCacheStats {
    return { entries: this.#entries.size, bytes: this.#bytes, maxBytes: this.maxBytes, hits: this.#hits, misses: this.#misses, generation: this.#generation };
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  /**
   * Looks a request up. `hit`: the stored answer; `wait`: an identical request is being
   * answered now (its answer, or undefined if it is not cacheable); `ticket`: compute it and
   * `store` (or `abandon`) it; undefined: not a request the cache handles.
   */
  lookup(
    request: HTTPGraphQLRequest,
    access: RequestAccess,
    generation: string,
  ): { hit: EncodedResponse } | { wait: Promise<Entry | undefined> } | { ticket: CacheTicket } | undefined {
    if (this.maxBytes <= 0 || !this.enabled) return undefined;
    const keyText = requestKey(request, access);
    if (keyText === undefined) return undefined;
    if (generation !== this.#generation) {
      // A new version is served: every answer held belongs to an older one.
      this.clear();
      this.#generation = generation;
    }
    const key = createHash("sha256").update(generation).update("\u0000").update(keyText).digest("base64");
    const entry = this.#entries.get(key);
    if (entry) {
      this.#hits++;
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      return { hit: responseOf(entry, "hit") };
    }
    const pending = this.#inFlight.get(key);
    if (pending) return { wait: pending };
    this.#misses++;
    let settle!: (entry: Entry | undefined) => void;
    const promise = new Promise<Entry | undefined>((resolve) => (settle = resolve));
    this.#inFlight.set(key, promise);
    return {
      ticket: {
        key,
        generation,
        settle: (value) => {
          if (this.#inFlight.get(key) === promise) this.#inFlight.delete(key);
          settle(value);
        },
      },
    };
  }

  /** Keeps `response` (a complete, cacheable answer) for the ticket's key; identical requests waiting get it too. */
  store(ticket: CacheTicket, response: HTTPGraphQLResponse): void {
    if (response.body.kind !== "complete" || (response.status ?? 200) !== 200) {
      this.abandon(ticket);
      return;
    }
    const headers = [...response.headers].filter(([name]) => name.toLowerCase() !== CACHE_HEADER);
    const body = Buffer.from(response.body.string, "utf8");
    const bytes = body.length + ENTRY_OVERHEAD + headers.reduce((n, [k, v]) => n + 2 * (k.length + v.length), 0);
    const entry: Entry = { status: 200, headers, body, bytes };
    ticket.settle(entry);
    // Computed on a version older than the one now served: it answers no future request.
    if (ticket.generation !== this.#generation || bytes > this.maxBytes) return;
    const previous = this.#entries.get(ticket.key);
    if (previous) this.#bytes -= previous.bytes;
    this.#entries.delete(ticket.key);
    this.#entries.set(ticket.key, entry);
    this.#bytes += bytes;
    for (const [oldest, old] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= old.bytes;
    }
  }

  /** The request's answer is not kept (an error, a mutation, a field naming the caller…). */
  abandon(ticket: CacheTicket): void {
    ticket.settle(undefined);
  }
}

/** The answer of a stored entry, with the cache header; its text is decoded only if someone reads `body.string`. */
export function responseOf(entry: Entry, how: "hit" | "miss"): EncodedResponse {
  const headers = new HeaderMap(entry.headers as [string, string][]);
  headers.set(CACHE_HEADER, how);
  const body = entry.body;
  return {
    status: entry.status,
    headers,
    body: {
      kind: "complete",
      get string() {
        return body.toString("utf8");
      },
    },
    encoded: body,
  };
}

/** The text of the cache key of a request (everything but the version), or undefined when it is not one the cache takes. */
function requestKey(request: HTTPGraphQLRequest, access: RequestAccess): string | undefined {
  if (request.method !== "POST") return undefined;
  const body = request.body;
  if (body === null || typeof body !== "object" || Array.isArray(body)) return undefined;
  const { query, variables, operationName, extensions } = body as Record<string, unknown>;
  if (query !== undefined && typeof query !== "string") return undefined;
  if (query === undefined && extensions === undefined) return undefined;
  const caller = `${access.role}|${access.scopeKey}|${access.suppressionK}|${access.principal.demo ? 1 : 0}`;
  return JSON.stringify([caller, request.headers.get("accept") ?? "", operationName ?? null, query ?? null, variables ?? null, extensions ?? null]);
}
