import type { RequestAccess } from "../access/request-access.js";
import type { DimensionKey } from "../coverage.js";
import type { Db } from "../database.js";
import { pageSize } from "../pagination.js";
import { badUserInput } from "../user-errors.js";
import { type AnalyticsRequest, checkRequest, periodsOfRequest, supportOf } from "./analytics-question.js";
import { type AnalyticsSqlRow, type CellId, runAnalyticsPage, runAnalyticsSql } from "./analytics-sql.js";
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

/**
 * Answers an analytics question: the measures asked for, by period and groupBy, with the
 * database's total; then, in this order, small-cell suppression (DASHBOARD keys), `having`
 * (a suppressed cell matches no condition, so a condition cannot reveal it), `orderBy`
 * (default: period, then the dimensions' lists), and the cursor's page: all of it in the
 * database, which returns the page and the total only.
 *
 * Suppression is decided on the whole grid (a cell may be withheld as the complement of
 * another, queries/access/suppression.ts): for DASHBOARD keys a first statement reads
 * every cell's support counts (no other measure), the mask is computed on them, and the
 * withheld cells travel into the page's statement, which nulls them before `having`.
 */
export async function analytics(db: Db, request: AnalyticsRequest, options: AnalyticsOptions = {}): Promise<AnalyticsAnswer> {
  const { periods, timeGrain } = periodsOfRequest(request);
  const access = options.access?.suppresses ? options.access : null;
  const measures = checkRequest(request, timeGrain, access !== null);
  const size = pageSize(request.first);
  const after = request.after == null ? null : decodeCursor(request.after, request.groupBy.length);
  const question = { periods, timeGrain, measures, groupBy: [...request.groupBy], filter: request.filter ?? null, minWorkers: request.minWorkers };
  const available = await availableRollups(db);
  const useRollups = options.useRollups ?? true;
  const plan = planQuestion({ ...question, periodCount: periods.length }, available, useRollups);

  let withheld: CellId[] | null = null;
  if (access) {
    const supports = [...new Set(measures.map(supportOf))];
    const supportQuestion = { ...question, measures: supports };
    const cells = (await runAnalyticsSql(db, supportQuestion, planQuestion({ ...supportQuestion, periodCount: periods.length }, available, useRollups))).filter(
      (r) => !r.is_total,
    );
    const additive = baseMeasuresOf(measures).every((m) => m.kind === "ADDITIVE");
    const lineDims = [...request.groupBy.map((_, d) => d + 1), ...(additive ? [0] : [])];
    const ids = cells.map((r) => ({ period: r.p as Date, codes: request.groupBy.map((_, i) => r[`k${i}`] as string | null) }));
    const mask = access.suppressionMask(
      cells.map((r, i) => ({ units: supportOfRow(r, supports), coords: [ids[i].period.toISOString().slice(0, 10), ...ids[i].codes] })),
      lineDims,
    );
    withheld = ids.filter((_, i) => mask[i]);
  }

  const sqlRows = await runAnalyticsPage(db, question, plan, {
    withheld,
    having: request.having ?? [],
    orderBy: (request.orderBy ?? []).map((o) =>
      o.measure != null
        ? { measure: o.measure, descending: o.direction === "DESC" }
        : { dimension: request.groupBy.indexOf(o.dimension!), descending: o.direction === "DESC" },
    ),
    after,
    size,
  });
  const totalRow = sqlRows.find((r) => r.is_total);
  if (!totalRow) throw new Error("analytics: the database returned no total row");
  if (request.after != null && totalRow.anchor_rn == null)
    throw badUserInput("`after` is not a cursor of this answer; pass an endCursor it returned", { argument: "after" });
  const rows = sqlRows.filter((r) => !r.is_total).map((r) => toRow(r, request, measures, timeGrain));
  let total = toRow(totalRow, request, measures, timeGrain);
  if (access) {
    const totalSupport = supportOfRow(totalRow, measures.map(supportOf));
    if (totalSupport > 0 && totalSupport < access.suppressionK) total = withheldRow(total);
  }
  const start = totalRow.anchor_rn == null ? 0 : Number(totalRow.anchor_rn);
  const totalCount = Number(totalRow.n);
  return {
    rows,
    total,
    totalCount,
    hasNextPage: start + size < totalCount,
    hasPreviousPage: request.after != null,
    cursors: rows.map(cursorOf),
    source: plan.source,
  };
}

function label(p: Date, grain: TimeGrain): string {
  const iso = p.toISOString();
  if (grain === "YEAR") return iso.slice(0, 4);
  if (grain === "QUARTER") return `${iso.slice(0, 4)}-Q${Math.floor(p.getUTCMonth() / 3) + 1}`;
  return iso.slice(0, 7);
}

/** The start of the period a label names (`2024`, `2024-Q3`, `2024-07`), or null when it names none. */
function periodStart(text: unknown): Date | null {
  if (typeof text !== "string") return null;
  const m = /^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$/.exec(text);
  if (!m) return null;
  const month = m[2] ? (Number(m[2]) - 1) * 3 : m[3] ? Number(m[3]) - 1 : 0;
  return new Date(Date.UTC(Number(m[1]), month, 1));
}

function toRow(r: AnalyticsSqlRow, request: AnalyticsRequest, measures: readonly string[], grain: TimeGrain): AnalyticsAnswerRow {
  return {
    keys: r.is_total ? [] : request.groupBy.map((dimension, i) => ({ dimension, code: r[`k${i}`] as string | null, name: r[`n${i}`] as string | null })),
    period: r.p ? label(r.p, grain) : null,
    suppressed: r.suppressed === true,
    measures: Object.fromEntries(measures.map((m) => [m, r[m] as MeasureValue])),
  };
}

/** The smallest non-zero support count among the grains a row's measures come from (0 when all are 0). */
function supportOfRow(row: AnalyticsSqlRow, supports: readonly string[]): number {
  const counts = [...new Set(supports)].map((s) => Number(row[s] ?? 0)).filter((n) => n > 0);
  return counts.length ? Math.min(...counts) : 0;
}

function withheldRow(row: AnalyticsAnswerRow): AnalyticsAnswerRow {
  return { ...row, suppressed: true, measures: Object.fromEntries(Object.keys(row.measures).map((m) => [m, null])) };
}

/** A row's cursor: its period and keys, which identify it within an answer. */
function cursorOf(row: AnalyticsAnswerRow): string {
  return Buffer.from(JSON.stringify(["analytics", row.period, ...row.keys.map((k) => k.code)]), "utf8").toString("base64url");
}

/** The cell a cursor names; BAD_USER_INPUT when it is not a cursor of an answer with `keys` dimensions. */
function decodeCursor(cursor: string, keys: number): CellId {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    decoded = undefined;
  }
  const period = Array.isArray(decoded) && decoded[0] === "analytics" ? periodStart(decoded[1]) : null;
  const codes = Array.isArray(decoded) ? decoded.slice(2) : [];
  if (!period || codes.length !== keys || !codes.every((c) => c === null || typeof c === "string"))
    throw badUserInput("`after` is not a cursor of this answer; pass an endCursor it returned", { argument: "after" });
  return { period, codes };
}
