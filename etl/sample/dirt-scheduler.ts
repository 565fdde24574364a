/**
 * Deterministic dirt at known rates. Each kind earns credit on every row it could apply
 * to (its rate, jittered); a row takes the first kind whose credit reached 1, and only
 * one, so each dirty row has one unambiguous expected reason. Rates are therefore exact
 * in aggregate (± one row per kind), and every kind shows up within its first ~25
 * eligible rows, so even a small sample has each kind.
 */
import type { ReasonCode } from "../sources/index.js";
import type { Random } from "./prng.js";

/** The reason a correct ETL gives for rejecting the row, or "" when it must load. */
export type ExpectedReason = ReasonCode | "";

export interface DirtKind<Context> {
  readonly name: string;
  /** Share of the rows it applies to. */
  readonly rate: number;
  readonly reason: ExpectedReason;
  readonly appliesTo?: (context: Context) => boolean;
}

export class DirtScheduler<Context> {
  private readonly credit: number[];
  private offset = 0;

  constructor(
    private readonly kinds: readonly DirtKind<Context>[],
    private readonly random: Random,
  ) {
    this.credit = kinds.map((k) => 1 - random.next() * Math.min(1, 25 * k.rate));
  }

  /** The dirt for the next row, or null for a clean row. */
  next(context: Context): DirtKind<Context> | null {
    const jitter = 0.5 + this.random.next();
    let chosen = -1;
    const n = this.kinds.length;
    for (let j = 0; j < n; j++) {
      const i = (j + this.offset) % n;
      const kind = this.kinds[i];
      if (kind.appliesTo && !kind.appliesTo(context)) continue;
      this.credit[i] += kind.rate * jitter;
      if (chosen < 0 && this.credit[i] >= 1) chosen = i;
    }
    this.offset = (this.offset + 1) % n;
    if (chosen < 0) return null;
    this.credit[chosen] -= 1;
    return this.kinds[chosen];
  }
}
