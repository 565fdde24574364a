import type { RequestAccess } from "../access/request-access.js";
import type { DimensionKey } from "../coverage.js";
import type { Db } from "../database.js";
import { pageSize } from "../pagination.js";
import { badUserInput } from "../user-errors.js";
import { type AnalyticsRequest, type MeasureCondition, checkRequest, periodsOfRequest, supportOf } from "./analytics-question.js";
import { type AnalyticsSqlRow, runAnalyticsSql } from "./analytics-sql.js";
import type { TimeGrain } from "./catalog.types.js";
import { baseMeasuresOf } from "./measures.catalog.js";
import { availableRollups, planQuestion } from "./planner.js";

export type MeasureValue = number | bigint | null;

/** One row of an answer: its keys, its period and every measure computed (null where suppressed). */
export interface AnalyticsAnswerRow {
  readonly keys: readonly DimensionKey[];
  /** `2024`, `2024-Q3` or `2024-07`; null for the total. */
  readonly period: string | null;
  readonly suppressed: boolean;
  readonly measures: Readonly<Record<string, MeasureValue>>;
}

export interface AnalyticsAnswer {
  readonly rows: readonly AnalyticsAnswerRow[];
  readonly total: AnalyticsAnswerRow;
  /** Rows after `having`, over every page. */
  readonly totalCount: number;
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  readonly cursors: readonly string[];
  /** The relations read (a rollup, else the mart), per grain. */
  readonly source: string;
}

export interface AnalyticsOptions {
  /** The caller's rules: small cells suppressed for DASHBOARD keys. Absent: nothing suppressed. */
  readonly access?: RequestAccess;
  /** False: read the marts only (the property test compares both). */
  readonly useRollups?: boolean;
}

interface Row extends AnalyticsAnswerRow {
  readonly ords: readonly (number | null)[];
  readonly order: number;
}

/**
 * Answers an analytics question: the measures asked for, by period and groupBy, with the
 * database's total; then, in this order, small-cell suppression (DASHBOARD keys), `having`
 * (a suppressed cell matches no condition, so a condition cannot reveal it), `orderBy`
 * (default: period, then the dimensions' lists), and the cursor's page.
 */
export async function analytics(db: Db, request: AnalyticsRequest, options: AnalyticsOptions = {}): Promise<AnalyticsAnswer> {
  const { periods, timeGrain } = periodsOfRequest(request);
  const suppresses = options.access?.suppresses ?? false;
  const measures = checkRequest(request, timeGrain, suppresses);
  const size = pageSize(request.first);
  const question = { periods, timeGrain, measures, groupBy: [...request.groupBy], filter: request.filter ?? null, minWorkers: request.minWorkers };
  const plan = planQuestion({ ...question, periodCount: periods.length }, await availableRollups(db), options.useRollups ?? true);
  const sqlRows = await runAnalyticsSql(db, question, plan);

  const totalRow = sqlRows.find((r) => r.is_total);
  if (!totalRow) throw new Error("analytics: the database returned no total row");
  let rows = sqlRows.filter((r) => !r.is_total).map((r, order) => toRow(r, request, measures, timeGrain, order));
  let total = toRow(totalRow, request, measures, timeGrain, -1);

  if (suppresses && options.access) {
    const support = (row: Row) => supportOfRow(row, measures);
    const additive = baseMeasuresOf(measures).every((m) => m.kind === "ADDITIVE");
    const lineDims = [...request.groupBy.map((_, d) => d + 1), ...(additive ? [0] : [])];
    const mask = options.access.suppressionMask(
      rows.map((r) => ({ units: support(r), coords: [r.period, ...r.keys.map((k) => k.code)] })),
      lineDims,
    );
    rows = rows.map((r, i) => (mask[i] ? withheld(r) : r));
    const totalSupport = support(total);
    if (totalSupport > 0 && totalSupport < options.access.suppressionK) total = withheld(total);
  }

  rows = rows.filter((r) => (request.having ?? []).every((c) => holds(c, r.measures[c.measure])));
  if (request.orderBy?.length) rows = [...rows].sort(comparator(request));

  let start = 0;
  if (request.after != null) {
    const at = rows.findIndex((r) => cursorOf(r) === request.after);
    if (at < 0) throw badUserInput("`after` is not a cursor of this answer; pass an endCursor it returned", { argument: "after" });
    start = at + 1;
  }
  const page = rows.slice(start, start + size);
  return {
    rows: page,
    total,
    totalCount: rows.length,
    hasNextPage: start + size < rows.length,
    hasPreviousPage: request.after != null,
    cursors: page.map(cursorOf),
    source: plan.source,
  };
}

function label(p: Date, grain: TimeGrain): string {
  const iso = p.toISOString();
  if (grain === "YEAR") return iso.slice(0, 4);
  if (grain === "QUARTER") return `${iso.slice(0, 4)}-Q${Math.floor(p.getUTCMonth() / 3) + 1}`;
  return iso.slice(0, 7);
}

function toRow(r: AnalyticsSqlRow, request: AnalyticsRequest, measures: readonly string[], grain: TimeGrain, order: number): Row {
  return {
    keys: r.is_total ? [] : request.groupBy.map((dimension, i) => ({ dimension, code: r[`k${i}`] as string | null, name: r[`n${i}`] as string | null })),
    ords: request.groupBy.map((_, i) => (r[`o${i}`] == null ? null : Number(r[`o${i}`]))),
    period: r.p ? label(r.p, grain) : null,
    suppressed: false,
    measures: Object.fromEntries(measures.map((m) => [m, r[m] as MeasureValue])),
    order,
  };
}

/** The smallest non-zero support count among the grains a row's measures come from (0 when all are 0). */
function supportOfRow(row: Row, measures: readonly string[]): number {
  const counts = [...new Set(measures.map(supportOf))].map((s) => Number(row.measures[s] ?? 0)).filter((n) => n > 0);
  return counts.length ? Math.min(...counts) : 0;
}

function withheld(row: Row): Row {
  return { ...row, suppressed: true, measures: Object.fromEntries(Object.keys(row.measures).map((m) => [m, null])) };
}

function holds(c: MeasureCondition, value: MeasureValue): boolean {
  if (value === null) return false;
  const v = Number(value);
  return (
    (c.gt == null || v > c.gt) && (c.gte == null || v >= c.gte) && (c.lt == null || v < c.lt) && (c.lte == null || v <= c.lte) && (c.eq == null || v === c.eq)
  );
}

/** The orderBy keys, nulls last either way, then the default order (period, then dimension lists). */
function comparator(request: AnalyticsRequest) {
  const keys = (request.orderBy ?? []).map((o) => {
    const sign = o.direction === "DESC" ? -1 : 1;
    if (o.measure != null) {
      const name = o.measure;
      return (row: Row) => ({ value: row.measures[name] === null ? null : Number(row.measures[name]), sign });
    }
    const i = request.groupBy.indexOf(o.dimension!);
    return (row: Row) => ({ value: row.ords[i] ?? row.keys[i].code, sign });
  });
  return (a: Row, b: Row): number => {
    for (const key of keys) {
      const x = key(a);
      const y = key(b).value;
      if (x.value === y) continue;
      if (x.value === null) return 1;
      if (y === null) return -1;
      return (x.value < y ? -1 : 1) * x.sign;
    }
    return a.order - b.order;
  };
}

/** A row's cursor: its period and keys, which identify it within an answer. */
function cursorOf(row: AnalyticsAnswerRow): string {
  return Buffer.from(JSON.stringify(["analytics", row.period, ...row.keys.map((k) => k.code)]), "utf8").toString("base64url");
}
