import type { Db } from "../../queries/database.js";
import { badUserInput } from "../../queries/user-errors.js";
import { outsideMessage, type WarehouseYears, warehouseYears } from "../../queries/warehouse-years.js";

/** A warning the answer carries in `extensions.warnings` (server/plugins/warnings.ts): the answer stands, but says what it cannot show. */
export interface ApiWarning {
  readonly code: "YEAR_OUTSIDE_DATA";
  readonly message: string;
  /** The root field it is about. */
  readonly field: string;
}

/** The warnings of one request, in the order they were raised, each once. */
export class Warnings {
  readonly #list: ApiWarning[] = [];

  add(warning: ApiWarning): void {
    if (!this.#list.some((w) => w.code === warning.code && w.message === warning.message && w.field === warning.field)) this.#list.push(warning);
  }

  get list(): readonly ApiWarning[] {
    return this.#list;
  }
}

/** What the year check needs of the request context. */
export interface YearCheckContext {
  readonly db: Db;
  readonly warnings: Warnings;
}

/**
 * README § Years outside the data: a year (or every year of a range) the answer reports
 * figures for that the warehouse does not hold is answered as it is (zeros, empty lists)
 * with a YEAR_OUTSIDE_DATA warning naming the years the warehouse holds. Returns the
 * warehouse's years (cached per version), e.g. for the latest year.
 */
export async function checkYearsInData(context: YearCheckContext, field: string, from: number, to: number = from): Promise<WarehouseYears> {
  const held = await warehouseYears(context.db);
  const message = outsideMessage(held, from, to);
  if (message) context.warnings.add({ code: "YEAR_OUTSIDE_DATA", message, field });
  return held;
}

/** The latest year the warehouse holds: the year of a field asked without one. An empty warehouse has none to answer with. */
export async function latestYear(context: YearCheckContext, field: string): Promise<number> {
  const { latest } = await warehouseYears(context.db);
  if (latest === null)
    throw badUserInput(`${field}: the warehouse holds no year yet (run \`etl ingest\` and \`etl build\`)`, { argument: "year", reason: "NO_DATA" });
  return latest;
}

/**
 * For a year that may lie in the future by design (a target year): only a year before the
 * first the warehouse holds is outside the data.
 */
export async function checkYearsBeforeData(context: YearCheckContext, field: string, year: number): Promise<void> {
  const { years } = await warehouseYears(context.db);
  if (years.length === 0 || year < years[0]) await checkYearsInData(context, field, year);
}
