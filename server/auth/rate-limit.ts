/**
 * Per-key rate limits: a token bucket per caller holding up to `perMinute` requests,
 * refilled at perMinute/60 per second. A request (each operation of a batch) takes one
 * token; with none left it is refused with the seconds until the next one.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #perMs: number;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#perMs = perMinute / 60_000;
  }

  /** Takes `cost` tokens from `caller`'s bucket: 0 when allowed, else the seconds to wait (Retry-After). */
  take(caller: string, cost = 1): number {
    const now = this.now();
    const bucket = this.#buckets.get(caller) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * this.#perMs);
    bucket.at = now;
    this.#buckets.set(caller, bucket);
    if (this.#buckets.size > 10_000) this.#prune(now);
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return 0;
    }
    const missing = Math.min(cost, this.perMinute) - bucket.tokens;
    return Math.max(1, Math.ceil(missing / this.#perMs / 1000));
  }

  /** Forgets buckets that have refilled (they hold no state worth keeping). */
  #prune(now: number): void {
    for (const [caller, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.at) * this.#perMs >= this.perMinute) this.#buckets.delete(caller);
    }
  }
}
