import { type DataScope, type Principal, type Role, scopeKey } from "../../core/access/principal.js";
import type { EnterpriseFilter } from "../filters.js";
import { userError } from "../user-errors.js";
import { withScope } from "./scope-filter.js";
import { type Suppressible, type SuppressionCell, suppressCells, withheld } from "./suppression.js";

/**
 * Who may see what, in the query layer: the caller's role and scope, turned into the
 * filter every query ANDs into its own before SQL is built, the checks unit-level fields
 * make, and small-cell suppression of aggregates for DASHBOARD keys. One object per
 * request (`ctx.access`).
 */

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
