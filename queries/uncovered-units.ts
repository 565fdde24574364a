import type { Expression, SqlBool } from "kysely";
import type { Db } from "./database.js";
import { type EnterpriseRow, countUnits, enterpriseOrder, listUnits } from "./enterprises.js";
import { type EnterpriseFilter, compileEnterpriseFilter } from "./filters.js";
import type { Page } from "./pagination.js";
import { inScope, yearIs } from "./scope.js";

export interface UncoveredUnitsQuery {
  /** The year; the latest the warehouse holds when not given. */
  readonly year?: number | null;
  readonly minWorkers: number;
  readonly filter?: EnterpriseFilter | null;
}

/** Largest first; equal sizes by tax code. */
export const UNCOVERED_ORDER = enterpriseOrder("WORKERS", true);

/**
 * docs/DOMAIN.md § Uncovered units: in scope in the year (active, workers ≥ minWorkers)
 * and without a union at 31 December: the recruitment target list.
 */
export function uncoveredConditions(query: UncoveredUnitsQuery): Expression<SqlBool>[] {
  return [yearIs(query.year), inScope(query.minWorkers), compileEnterpriseFilter({ hasUnion: false }), compileEnterpriseFilter(query.filter)];
}

export function listUncoveredUnits(db: Db, query: UncoveredUnitsQuery & { first?: number | null; after?: string | null }): Promise<Page<EnterpriseRow>> {
  return listUnits(db, { where: uncoveredConditions(query), order: UNCOVERED_ORDER, first: query.first, after: query.after });
}

export function countUncoveredUnits(db: Db, query: UncoveredUnitsQuery): Promise<number> {
  return countUnits(db, uncoveredConditions(query));
}
