import { expressionBuilder, sql } from "kysely";
import type { Db } from "../database.js";
import type { Dimension } from "../dimensions.js";
import type { EnterpriseFilter } from "../filters.js";
import type { BaseMeasureSpec, Grain, MeasureParams, TimeGrain } from "./catalog.types.js";
import { baseMeasuresOf } from "./measures.catalog.js";
import { ROLLUPS, type RollupSpec } from "./rollups.catalog.js";

/** Where each grain of a question is read from: a rollup, or null for the grain's mart. */
export interface Plan {
  readonly sources: ReadonlyMap<Grain, RollupSpec | null>;
  /** The relations read, comma-separated, as `AnalyticsResult.source` names them. */
  readonly source: string;
}

/** What the planner needs of a question. */
export interface PlannedQuestion extends MeasureParams {
  readonly measures: readonly string[];
  readonly groupBy: readonly Dimension[];
  readonly filter: EnterpriseFilter | null;
  readonly timeGrain: TimeGrain;
  readonly periodCount: number;
}

const MART_OF: Readonly<Record<Grain, string>> = Object.freeze({
  UNIT_YEAR: "mart_unit_year",
  UNIT_MONTH: "mart_unit_month_finance",
  UNION_YEAR: "fct_membership_yearly",
});

/** A builder for probing whether a rollup can give a measure (nothing is executed). */
const probeBuilder = expressionBuilder<any, any>();

/** The filter fields a filter sets, through AND, OR and NOT. */
export function filterFields(filter: EnterpriseFilter | null | undefined, into = new Set<string>()): Set<string> {
  if (!filter) return into;
  for (const [field, value] of Object.entries(filter)) {
    if (value == null) continue;
    if (field === "AND" || field === "OR") for (const f of value as EnterpriseFilter[]) filterFields(f, into);
    else if (field === "NOT") filterFields(value as EnterpriseFilter, into);
    else into.add(field);
  }
  return into;
}

/** Whether `rollup` can answer the grain's part of the question exactly. */
export function covers(rollup: RollupSpec, question: PlannedQuestion, measures: readonly BaseMeasureSpec[]): boolean {
  if (!question.groupBy.every((d) => rollup.dimensions.includes(d))) return false;
  if (![...filterFields(question.filter)].every((f) => (rollup.filterFields as readonly string[]).includes(f))) return false;
  const singleMonth = question.timeGrain === "MONTH" && question.periodCount === 1;
  return measures.every((m) => rollup.aggregate(probeBuilder, m, question, { singleMonth }) !== null);
}

/**
 * The smallest rollup (by declared rank) of each grain that covers the question's
 * dimensions, filter fields, measures and time grain; else the grain's mart.
 * `available`: the rollup tables the warehouse has (a warehouse built before they existed,
 * or a test warehouse, has none); `useRollups: false` reads the marts only.
 */
export function planQuestion(question: PlannedQuestion, available: ReadonlySet<string>, useRollups = true): Plan {
  const byGrain = new Map<Grain, BaseMeasureSpec[]>();
  for (const m of baseMeasuresOf(question.measures)) byGrain.set(m.grain, [...(byGrain.get(m.grain) ?? []), m]);
  const sources = new Map<Grain, RollupSpec | null>();
  for (const [grain, measures] of byGrain) {
    const candidates = useRollups ? ROLLUPS.filter((r) => r.grain === grain && available.has(r.name)).sort((a, b) => a.size - b.size) : [];
    sources.set(grain, candidates.find((r) => covers(r, question, measures)) ?? null);
  }
  const source = [...sources].map(([grain, rollup]) => rollup?.name ?? MART_OF[grain]).join(", ");
  return { sources, source };
}

const known = new WeakMap<object, Promise<ReadonlySet<string>>>();

/** The rollup tables of the warehouse (looked up once per warehouse connection). */
export function availableRollups(db: Db): Promise<ReadonlySet<string>> {
  let found = known.get(db);
  if (!found) {
    found = sql<{
      table_name: string;
    }>`select table_name from information_schema.tables where table_schema = 'main' and table_name like 'rollup\\_%' escape '\\'`
      .execute(db)
      .then((r) => new Set(r.rows.map((row) => row.table_name)));
    found.catch(() => known.delete(db));
    known.set(db, found);
  }
  return found;
}
