import { type Expression, expressionBuilder, type SqlBool } from "kysely";
import type { MartUnitYearTable } from "./database.js";
import type { UnitScope } from "./filters.js";
import { badUserInput } from "./user-errors.js";

/** Largest page a client may ask for; a larger `first` is an error, never a silent cut. */
export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;

type UnitColumn = keyof MartUnitYearTable & string;
type CursorValue = string | number | boolean | null;

/** One column of a sort order over `mart_unit_year as u`; NULLs sort last either way. */
export interface SortKey {
  readonly column: UnitColumn;
  readonly descending: boolean;
}

/**
 * A total order for keyset pagination: the given keys, then `tax_code` (unique
 * within a year) so that equal values still have a stable order.
 */
export class SortOrder {
  readonly keys: readonly SortKey[];
  readonly #signature: string;

  constructor(keys: readonly SortKey[]) {
    const tieBreak = keys.some((k) => k.column === "tax_code") ? [] : [{ column: "tax_code", descending: false } as const];
    this.keys = Object.freeze([...keys, ...tieBreak]);
    this.#signature = this.keys.map((k) => `${k.column}${k.descending ? "-" : "+"}`).join(",");
  }

  /** Opaque cursor of a row: base64url of its sort-key values, tagged with the order it belongs to. */
  cursorOf(row: object): string {
    const values = this.keys.map((k) => cursorValue((row as Record<string, unknown>)[k.column]));
    return Buffer.from(JSON.stringify([this.#signature, ...values]), "utf8").toString("base64url");
  }

  /** The sort-key values a cursor holds; BAD_USER_INPUT when it is not one of this order's cursors. */
  decode(cursor: string): readonly CursorValue[] {
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    } catch {
      decoded = undefined;
    }
    const valid =
      Array.isArray(decoded) &&
      decoded.length === this.keys.length + 1 &&
      decoded[0] === this.#signature &&
      decoded.slice(1).every((v) => v === null || ["string", "number", "boolean"].includes(typeof v));
    if (!valid) throw badUserInput("`after` is not a cursor of this list and order; pass an endCursor this list returned", { argument: "after" });
    return (decoded as unknown[]).slice(1) as CursorValue[];
  }

  /** Rows strictly after the cursor's row in this order (NULLs last in every key). */
  after(cursor: string): Expression<SqlBool> {
    const values = this.decode(cursor);
    const eb = expressionBuilder<UnitScope, "u">();
    const branches: Expression<SqlBool>[] = [];
    this.keys.forEach((key, i) => {
      const value = values[i];
      if (value === null) return; // nothing sorts after NULL within the same prefix: NULLs come last
      const ref = eb.ref(`u.${key.column}`);
      const beyond = eb.or([eb(ref, key.descending ? "<" : ">", value), eb(ref, "is", null)]);
      const samePrefix = this.keys.slice(0, i).map((k, j) => eb(eb.ref(`u.${k.column}`), "is not distinct from", values[j]));
      branches.push(eb.and([...samePrefix, beyond]));
    });
    return eb.or(branches);
  }
}

function cursorValue(value: unknown): CursorValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  throw new TypeError(`cannot put a ${typeof value} in a cursor`);
}

/** Validates `first`: 0 ≤ first ≤ MAX_PAGE_SIZE. */
export function pageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0) throw badUserInput(`first must be a whole number ≥ 0, got ${size}`, { argument: "first" });
  if (size > MAX_PAGE_SIZE) {
    throw badUserInput(`first is ${size}, above the maximum page size of ${MAX_PAGE_SIZE}; page through with after`, {
      argument: "first",
      limit: MAX_PAGE_SIZE,
    });
  }
  return size;
}

/** One page of a connection, with what Relay's PageInfo needs. */
export interface Page<Row> {
  readonly rows: readonly Row[];
  readonly cursors: readonly string[];
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
}

/** Cuts the `size + 1` rows fetched to a page and tells whether more follow. */
export function toPage<Row extends object>(order: SortOrder, fetched: readonly Row[], size: number, after: string | null | undefined): Page<Row> {
  const rows = fetched.slice(0, size);
  return {
    rows,
    cursors: rows.map((r) => order.cursorOf(r)),
    hasNextPage: fetched.length > size,
    hasPreviousPage: after != null,
  };
}
