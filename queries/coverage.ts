import type { Db } from "./database.js";
import type { Dimension } from "./dimensions.js";
import type { EnterpriseFilter } from "./filters.js";
import { type AnalyticsSqlRow, runAnalyticsSql } from "./semantic/analytics-sql.js";
import { checkMinWorkers } from "./semantic/conditions.catalog.js";
import { planQuestion } from "./semantic/planner.js";
import { badUserInput } from "./user-errors.js";

export interface CoverageQuery {
  readonly year: number;
  readonly groupBy: readonly Dimension[];
  readonly filter?: EnterpriseFilter | null;
  readonly minWorkers: number;
}

export interface DimensionKey {
  readonly dimension: Dimension;
  readonly code: string | null;
  readonly name: string | null;
}

/** Coverage measures of one group of in-scope units (docs/DOMAIN.md § Measures). */
export interface CoverageMeasures {
  readonly units: number;
  readonly unionisedUnits: number;
  readonly coverageRate: number | null;
  readonly workers: number;
  readonly unionisedWorkers: number;
  readonly members: number;
  readonly unionisedMembers: number;
  readonly density: number | null;
  readonly densityAllInScope: number | null;
  readonly agreementUnits: number;
  readonly agreementRate: number | null;
}

export interface CoverageGroup extends CoverageMeasures {
  readonly keys: readonly DimensionKey[];
}

export interface CoverageResult {
  readonly rows: readonly CoverageGroup[];
  readonly total: CoverageMeasures;
}

/** The catalog's measures a coverage row gives, under the names of its fields (coverage's `members` is the catalog's `inScopeMembers`). */
const MEASURES = {
  units: "units",
  unionisedUnits: "unionisedUnits",
  coverageRate: "coverageRate",
  workers: "workers",
  unionisedWorkers: "unionisedWorkers",
  members: "inScopeMembers",
  unionisedMembers: "unionisedMembers",
  density: "density",
  densityAllInScope: "densityAllInScope",
  agreementUnits: "agreementUnits",
  agreementRate: "agreementRate",
} as const satisfies Record<keyof CoverageMeasures, string>;

/**
 * Coverage of the in-scope units (active, workers ≥ minWorkers) of one year, grouped
 * by `groupBy`, in ONE statement computed through the semantic catalog from
 * `mart_unit_year` (queries/semantic: each measure's one definition): `GROUP BY GROUPING
 * SETS ((keys), ())` gives the groups and the total, so the total is the database's, not
 * a sum of rows.
 *
 * When every grouped dimension has a closed list (districts, sectors, bands...), the
 * rows are the full grid of its values, with zero measures where no unit falls; with
 * an open dimension (industrial zone, upper union, province) only the values units
 * have appear. Units whose value is unknown form a row with a NULL code.
 */
export async function coverage(db: Db, query: CoverageQuery): Promise<CoverageResult> {
  const groupBy = [...new Set(query.groupBy)];
  if (groupBy.length !== query.groupBy.length) throw badUserInput("groupBy names a dimension twice", { argument: "groupBy" });
  checkMinWorkers(query.minWorkers);
  const question = {
    periods: [{ start: new Date(Date.UTC(query.year, 0, 1)), end: new Date(Date.UTC(query.year, 11, 31)) }],
    timeGrain: "YEAR" as const,
    measures: Object.values(MEASURES),
    groupBy,
    filter: query.filter ?? null,
    minWorkers: query.minWorkers,
  };
  // From the mart, as before: a rollup is as fresh as the build that made it, and coverage's callers (and tests) may
  // read a mart changed since; `analytics` is where rollups answer. No rollup is offered, so every grain reads its mart.
  const plan = planQuestion({ ...question, periodCount: 1 }, new Set());
  const rows = await runAnalyticsSql(db, question, plan);
  const totalRow = rows.find((r) => r.is_total);
  if (!totalRow) throw new Error("coverage: the database returned no total row");
  const out: CoverageGroup[] = [];
  if (groupBy.length) {
    for (const r of rows) {
      if (r.is_total) continue;
      const keys: DimensionKey[] = groupBy.map((dimension, i) => ({ dimension, code: r[`k${i}`] as string | null, name: r[`n${i}`] as string | null }));
      out.push({ ...measuresOf(r), keys });
    }
  }
  return { rows: out, total: measuresOf(totalRow) };
}

/** A row's measures under coverage's field names (one object literal per row: answers of thousands of rows build them fast). */
function measuresOf(r: AnalyticsSqlRow): CoverageMeasures {
  const v = r as unknown as Record<(typeof MEASURES)[keyof typeof MEASURES], never>;
  return {
    units: v.units,
    unionisedUnits: v.unionisedUnits,
    coverageRate: v.coverageRate,
    workers: v.workers,
    unionisedWorkers: v.unionisedWorkers,
    members: v.inScopeMembers,
    unionisedMembers: v.unionisedMembers,
    density: v.density,
    densityAllInScope: v.densityAllInScope,
    agreementUnits: v.agreementUnits,
    agreementRate: v.agreementRate,
  };
}
