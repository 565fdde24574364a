import { type Expression, expressionBuilder, type SqlBool } from "kysely";
import type { Db } from "./database.js";
import { countUnits, type EnterpriseRow, enterpriseOrder, listUnits } from "./enterprises.js";
import { compileEnterpriseFilter, type EnterpriseFilter } from "./filters.js";
import type { Page } from "./pagination.js";
import { yearIs } from "./scope.js";
import type { BaseMeasureSpec } from "./semantic/catalog.types.js";
import { CONDITIONS } from "./semantic/conditions.catalog.js";
import { measureSpec } from "./semantic/measures.catalog.js";

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
  // The conditions of the catalog's `uncoveredUnits` measure (IN_SCOPE and NO_UNION): the list is what it counts.
  const eb = expressionBuilder<any, any>();
  const measure = measureSpec("uncoveredUnits") as BaseMeasureSpec;
  const params = { minWorkers: query.minWorkers };
  return [yearIs(query.year), ...measure.aggregate.where.map((c) => CONDITIONS[c].sql(eb, params)), compileEnterpriseFilter(query.filter)];
}

export function listUncoveredUnits(db: Db, query: UncoveredUnitsQuery & { first?: number | null; after?: string | null }): Promise<Page<EnterpriseRow>> {
  return listUnits(db, { where: uncoveredConditions(query), order: UNCOVERED_ORDER, first: query.first, after: query.after });
}

export function countUncoveredUnits(db: Db, query: UncoveredUnitsQuery): Promise<number> {
  return countUnits(db, uncoveredConditions(query));
}
