import { type Expression, expressionBuilder, type SqlBool } from "kysely";
import type { Database } from "./database.js";
import type { UnitScope } from "./filters.js";
import { CONDITIONS } from "./semantic/conditions.catalog.js";

type Eb = ReturnType<typeof unitExpressions>;
const unitExpressions = () => expressionBuilder<Database & UnitScope, "u">();

/**
 * docs/DOMAIN.md § In scope: in scope(Y, threshold) means active in Y and workers(u, Y) ≥ threshold.
 * A unit no source gives a workers figure for is never in scope.
 */
export function inScope(minWorkers: number): Expression<SqlBool> {
  // The catalog's condition (queries/semantic/conditions.catalog.ts): one definition of "in scope".
  return CONDITIONS.IN_SCOPE.sql(unitExpressions() as never, { minWorkers });
}

/** Rows of year `year`, or of the latest year the warehouse holds when it is not given. */
export function yearIs(year: number | null | undefined): Expression<SqlBool> {
  const eb: Eb = unitExpressions();
  if (year != null) return eb("u.year", "=", year);
  return eb(
    "u.year",
    "=",
    eb.selectFrom("mart_unit_year as latest").select((e) => e.fn.max("latest.year").as("year")),
  );
}

/** The year of a reference date (`yyyy-mm-dd`): docs/DOMAIN.md § Reference date: measures are year-end values. */
export function yearOfDate(date: string): number {
  return Number(date.slice(0, 4));
}

/** A calendar day as DuckDB DATE parameters travel (UTC midnight). */
const day = (year: number, month: number, date: number) => new Date(Date.UTC(year, month - 1, date));

/** The reference date of year Y: 31 December Y (docs/DOMAIN.md § Reference date). */
export function referenceDate(year: number): Date {
  return day(year, 12, 31);
}

/** First and last day of year Y. */
export function yearRange(year: number): { readonly from: Date; readonly to: Date } {
  return { from: day(year, 1, 1), to: day(year, 12, 31) };
}
