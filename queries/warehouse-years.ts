import type { Db } from "./database.js";

/** The years the warehouse holds: those with unit rows in `mart_unit_year`, ascending. */
export interface WarehouseYears {
  readonly years: readonly number[];
  /** The latest year held; null for an empty warehouse. */
  readonly latest: number | null;
}

/** One statement: the distinct years of the mart. */
export async function readWarehouseYears(db: Db): Promise<WarehouseYears> {
  const rows = await db.selectFrom("mart_unit_year").select("year").distinct().orderBy("year").execute();
  const years = Object.freeze(rows.map((r) => Number(r.year)));
  return Object.freeze({ years, latest: years.at(-1) ?? null });
}

// One Db is one warehouse version: a published version is read-only, and a file the server has open cannot be written by another process (DuckDB's lock).
const known = new WeakMap<Db, Promise<WarehouseYears>>();

/** The warehouse's years, read once per warehouse version (a failed read is tried again by the next caller). */
export function warehouseYears(db: Db): Promise<WarehouseYears> {
  let years = known.get(db);
  if (!years) {
    years = readWarehouseYears(db);
    years.catch(() => known.delete(db));
    known.set(db, years);
  }
  return years;
}

/** The years of [from, to] the warehouse does not hold. */
export function yearsOutside(held: WarehouseYears, from: number, to: number): number[] {
  const set = new Set(held.years);
  const outside: number[] = [];
  for (let y = from; y <= to; y++) if (!set.has(y)) outside.push(y);
  return outside;
}

/** Years as runs: [2019, 2020, 2021, 2024] → "2019–2021, 2024". */
export function yearRuns(years: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < years.length; ) {
    let j = i;
    while (j + 1 < years.length && years[j + 1] === years[j] + 1) j++;
    runs.push(i === j ? String(years[i]) : `${years[i]}–${years[j]}`);
    i = j + 1;
  }
  return runs.join(", ");
}

/**
 * The sentence naming what is outside: "2010 is outside the years the warehouse holds (2019–2025)",
 * or for a range "2026–2030 (of 2021–2030) are outside …"; null when every year is held.
 */
export function outsideMessage(held: WarehouseYears, from: number, to: number = from): string | null {
  const outside = yearsOutside(held, from, to);
  if (outside.length === 0) return null;
  const holds = held.years.length ? `(${yearRuns(held.years)})` : "(none: it is empty; run `etl ingest` and `etl build`)";
  const asked = from === to ? "" : ` (of ${from}–${to})`;
  const verb = outside.length === 1 ? "is" : "are";
  return `${yearRuns(outside)}${asked} ${verb} outside the years the warehouse holds ${holds}`;
}
