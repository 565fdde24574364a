import type { EnterpriseFilter } from "./filters.js";
import { userError } from "./user-errors.js";

/**
 * Who may see what, in the query layer: the caller's role and scope (resolved from
 * its API key by server/auth), turned into the filter every query ANDs into its own
 * before SQL is built, the checks unit-level fields make, and small-cell suppression
 * of aggregates for DASHBOARD keys. One object per request (`ctx.access`).
 */

/** ADMIN: everything, province-wide, plus the audit log. ANALYST: everything within its scope. DASHBOARD: aggregates only, within its scope, small cells suppressed. */
export type Role = "ADMIN" | "ANALYST" | "DASHBOARD";
export const ROLES: readonly Role[] = Object.freeze(["ADMIN", "ANALYST", "DASHBOARD"]);

/** The admin units a key sees: the whole province, some old (pre-2025) districts, or some new (2025) communes. */
export type DataScope =
  | { readonly kind: "PROVINCE" }
  | { readonly kind: "DISTRICTS"; readonly codes: readonly string[] }
  | { readonly kind: "NEW_COMMUNES"; readonly codes: readonly string[] };

export const PROVINCE_SCOPE: DataScope = Object.freeze({ kind: "PROVINCE" });

/** The caller of one request. */
export interface Principal {
  /** The API key's id; null for the anonymous caller of demo mode. */
  readonly keyId: string | null;
  readonly name: string | null;
  readonly role: Role;
  readonly scope: DataScope;
  /** True when the server runs in demo mode (sample data, no key needed). */
  readonly demo: boolean;
}

/** A stable text of a scope (`PROVINCE`, `DISTRICTS:461,464`): part of every cache key. */
export function scopeKey(scope: DataScope): string {
  return scope.kind === "PROVINCE" ? "PROVINCE" : `${scope.kind}:${[...scope.codes].sort().join(",")}`;
}

/** The scope as an EnterpriseFilter; null for the province (no condition). */
export function scopeFilter(scope: DataScope): EnterpriseFilter | null {
  switch (scope.kind) {
    case "PROVINCE":
      return null;
    case "DISTRICTS":
      return { districtCodeIn: [...scope.codes] };
    case "NEW_COMMUNES":
      return { newCommuneCodeIn: [...scope.codes] };
  }
}

/**
 * `filter AND scope`. The scope goes into the filter's own `AND` list, so a caller's
 * filter keeps its nesting depth (MAX_FILTER_NESTING) and its own district or commune
 * conditions can only narrow the scope, never widen it. The province scope leaves the
 * filter as it is (null stays null: a query then knows it is not narrowed).
 */
export function withScope(filter: EnterpriseFilter | null | undefined, scope: DataScope): EnterpriseFilter | null {
  const condition = scopeFilter(scope);
  if (!condition) return filter ?? null;
  if (!filter) return condition;
  return { ...filter, AND: [...(filter.AND ?? []), condition] };
}

/** Filter fields that single out units by identity: refused for DASHBOARD keys (aggregates of one named unit are that unit's figures). */
const IDENTIFYING_FIELDS = ["taxCodeIn", "nameSearch"] as const;

function identifyingField(filter: EnterpriseFilter | null | undefined): string | null {
  if (!filter) return null;
  for (const field of IDENTIFYING_FIELDS) if (filter[field] != null) return field;
  for (const nested of [...(filter.AND ?? []), ...(filter.OR ?? []), ...(filter.NOT ? [filter.NOT] : [])]) {
    const found = identifyingField(nested);
    if (found) return found;
  }
  return null;
}

/** A field this caller may not ask for (the rest of the operation still answers). */
export function forbidden(message: string, details: Record<string, unknown> = {}) {
  return userError("FORBIDDEN", message, details);
}

/** The access rules of one request: `ctx.access`. */
export class RequestAccess {
  constructor(
    readonly principal: Principal,
    /** Small-cell threshold: DASHBOARD aggregates built from fewer units are suppressed. */
    readonly suppressionK: number,
  ) {}

  get role(): Role {
    return this.principal.role;
  }

  get scope(): DataScope {
    return this.principal.scope;
  }

  /** The resolved scope as text, for cache keys. */
  get scopeKey(): string {
    return scopeKey(this.principal.scope);
  }

  get isProvince(): boolean {
    return this.principal.scope.kind === "PROVINCE";
  }

  /** Whether aggregates are suppressed for this caller (DASHBOARD keys). */
  get suppresses(): boolean {
    return this.principal.role === "DASHBOARD";
  }

  /**
   * The filter a query must use: the caller's filter AND its scope. Every resolver
   * passes its `filter` argument through here. DASHBOARD keys may not filter by tax
   * code or name (FORBIDDEN).
   */
  scopedFilter(filter: EnterpriseFilter | null | undefined): EnterpriseFilter | null {
    if (this.principal.role === "DASHBOARD") {
      const field = identifyingField(filter);
      if (field) throw forbidden(`DASHBOARD keys may not filter by ${field}: it singles out units`, { reason: "IDENTIFYING_FILTER", field });
    }
    return withScope(filter, this.principal.scope);
  }

  /** Unit-level fields (lists of units, one unit, raw rows): FORBIDDEN for DASHBOARD keys. */
  requireUnitLevel(field: string): void {
    if (this.principal.role === "DASHBOARD") {
      throw forbidden(`${field} lists single units; DASHBOARD keys see aggregates only`, { reason: "UNIT_LEVEL_FIELD", field, role: this.principal.role });
    }
  }

  /** Fields that cannot be narrowed to a scope (province-wide counts, rows linked to no unit): FORBIDDEN for district or commune keys. */
  requireProvinceScope(field: string): void {
    if (!this.isProvince) {
      throw forbidden(`${field} is province-wide and cannot be narrowed to this key's scope (${this.scopeKey}); it needs a province-scoped key`, {
        reason: "PROVINCE_SCOPE_REQUIRED",
        field,
      });
    }
  }

  requireRole(field: string, ...roles: Role[]): void {
    if (!roles.includes(this.principal.role)) {
      throw forbidden(`${field} needs a key with role ${roles.join(" or ")}`, { reason: "ROLE_REQUIRED", field, role: this.principal.role });
    }
  }

  /** One total on its own: withheld when built from 1 to k − 1 units (for this caller's role). */
  suppressOne<T extends object, M extends keyof T>(row: T, units: number, measures: readonly M[]): Suppressible<T, M> {
    return withheld(row, this.suppresses && units > 0 && units < this.suppressionK, measures);
  }

  /** Suppression of a table of cells, when this caller's role calls for it (see suppressCells). */
  suppressionMask(cells: readonly SuppressionCell[], lineDims: readonly number[]): boolean[] {
    return this.suppresses ? suppressCells(cells, lineDims, this.suppressionK) : cells.map(() => false);
  }
}

// ---------------------------------------------------------------------------------
// Small-cell suppression
// ---------------------------------------------------------------------------------

/** One cell of an aggregate table: how many units it is built from, and its coordinates (dimension codes, period). */
export interface SuppressionCell {
  readonly units: number;
  readonly coords: readonly (string | number | null)[];
}

/**
 * Which cells to withhold, for a table whose cells add up along lines (sums of cells
 * that the API gives, or could give, as a total: the rows of a one-dimensional table
 * add up to its total; in a two-dimensional one each row and each column adds up to
 * a one-dimensional table's cell):
 *
 * 1. primary: every cell built from 1 to k − 1 units (a cell of 0 units reveals no
 *    unit's figures and stays);
 * 2. complementary: in every line along `lineDims` (cells equal in every coordinate
 *    but that one) with a withheld cell, the next smallest non-zero cell is withheld
 *    too, until the line's withheld cells together hold at least k units and are at
 *    least two, so neither a withheld value nor a sum of withheld values smaller than
 *    k units can be recomputed from the total and the other cells. Repeated until no
 *    line changes (a complement in one line may open another).
 *
 * Deterministic: ties go to the earlier cell.
 */
export function suppressCells(cells: readonly SuppressionCell[], lineDims: readonly number[], k: number): boolean[] {
  const hidden = cells.map((c) => c.units > 0 && c.units < k);
  if (!hidden.some(Boolean)) return hidden;
  const lines: number[][] = [];
  for (const dim of lineDims) {
    const byRest = new Map<string, number[]>();
    cells.forEach((cell, i) => {
      const rest = JSON.stringify(cell.coords.filter((_, d) => d !== dim));
      const line = byRest.get(rest);
      if (line) line.push(i);
      else byRest.set(rest, [i]);
    });
    lines.push(...byRest.values());
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      for (;;) {
        const withheld = line.filter((i) => hidden[i]);
        if (withheld.length === 0) break;
        const units = withheld.reduce((sum, i) => sum + cells[i].units, 0);
        if (withheld.length >= 2 && units >= k) break;
        let next = -1;
        for (const i of line) if (!hidden[i] && cells[i].units > 0 && (next < 0 || cells[i].units < cells[next].units)) next = i;
        if (next < 0) break; // the line's total is then itself below k units, and suppressed wherever it is given
        hidden[next] = true;
        changed = true;
      }
    }
  }
  return hidden;
}

/** A row with its measures withheld: every measure null, `suppressed: true`. */
export type Suppressible<T, M extends keyof T> = Omit<T, M> & { [K in M]: T[K] | null } & { readonly suppressed: boolean };

/** Applies a mask: withheld rows get their measures nulled and `suppressed: true`; the others `suppressed: false`. */
export function applyMask<T extends object, M extends keyof T>(rows: readonly T[], mask: readonly boolean[], measures: readonly M[]): Suppressible<T, M>[] {
  return rows.map((row, i) => withheld(row, mask[i], measures));
}

export function withheld<T extends object, M extends keyof T>(row: T, suppressed: boolean, measures: readonly M[]): Suppressible<T, M> {
  if (!suppressed) return { ...row, suppressed: false } as Suppressible<T, M>;
  const copy: Record<string, unknown> = { ...row, suppressed: true };
  for (const m of measures) copy[m as string] = null;
  return copy as Suppressible<T, M>;
}

/** A table of grouped cells as the aggregates return it: rows with dimension keys, and a total (coverage: one; series: one per period). */
interface KeyedRow {
  readonly keys: readonly { readonly code: string | null }[];
}

/**
 * Suppression of a coverage-like result (`rows` + `total`): the rows' lines along each
 * groupBy dimension, and the total on its own (a total below k units hides it, and
 * then every row under it is below k too).
 */
export function suppressTable<R extends KeyedRow, T extends object, M extends keyof R & keyof T>(
  access: RequestAccess,
  result: { readonly rows: readonly R[]; readonly total: T },
  unitsOf: (row: R | T) => number,
  measures: readonly M[],
): { rows: Suppressible<R, M>[]; total: Suppressible<T, M> } {
  const dims = result.rows[0]?.keys.length ?? 0;
  const mask = access.suppressionMask(
    result.rows.map((r) => ({ units: unitsOf(r), coords: r.keys.map((k) => k.code) })),
    Array.from({ length: dims }, (_, d) => d),
  );
  return { rows: applyMask(result.rows, mask, measures), total: access.suppressOne(result.total, unitsOf(result.total), measures) };
}

/**
 * Suppression of a series (`rows` per period and group + one total per period, and
 * optionally a range total): within each period, lines along each groupBy dimension;
 * when the measures add up over periods (`additiveOverPeriods`: money, counts of
 * flows), also the line of each group across the periods and the line of the period
 * totals (they add up to the range total).
 */
export function suppressSeries<R extends KeyedRow, P extends object, M extends keyof R & keyof P>(
  access: RequestAccess,
  series: { readonly rows: readonly R[]; readonly periodTotals: readonly P[] },
  periodOf: { row: (row: R) => string | number; total: (total: P) => string | number },
  unitsOf: (row: R | P) => number,
  measures: readonly M[],
  additiveOverPeriods: boolean,
): { rows: Suppressible<R, M>[]; periodTotals: Suppressible<P, M>[] } {
  const dims = series.rows[0]?.keys.length ?? 0;
  const lineDims = Array.from({ length: dims }, (_, d) => d + 1);
  if (additiveOverPeriods) lineDims.push(0);
  const mask = access.suppressionMask(
    series.rows.map((r) => ({ units: unitsOf(r), coords: [periodOf.row(r), ...r.keys.map((k) => k.code)] })),
    lineDims,
  );
  const totalsMask = access.suppressionMask(
    series.periodTotals.map((t) => ({ units: unitsOf(t), coords: [periodOf.total(t)] })),
    additiveOverPeriods ? [0] : [],
  );
  return { rows: applyMask(series.rows, mask, measures), periodTotals: applyMask(series.periodTotals, totalsMask, measures) };
}
