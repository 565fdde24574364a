import type { DataScope } from "../../core/access/principal.js";
import type { EnterpriseFilter } from "../filters.js";

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
