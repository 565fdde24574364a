/**
 * Nested lists of employer units, fetched for a whole batch of tax codes in one
 * statement each (the DataLoader batch functions of the API). Every function takes
 * the tax codes and returns one list per code, in the order of the codes.
 */
import type { Db, RowOf } from "./database.js";
import { referenceDate, yearRange } from "./scope.js";

/** Rows of each key in key order: what a DataLoader batch function must return. */
export function groupInKeyOrder<Row>(keys: readonly string[], rows: readonly Row[], keyOf: (row: Row) => string): Row[][] {
  const byKey = new Map<string, Row[]>(keys.map((k) => [k, []]));
  for (const row of rows) byKey.get(keyOf(row))?.push(row);
  return keys.map((k) => byKey.get(k)!);
}

function sourcesQuery(db: Db, year: number, codes: readonly string[]) {
  return (
    db
      .selectFrom("mart_unit_year_sources as m")
      .leftJoin("lineage.batches as b", "b.batch_id", "m.batch_id")
      .where("m.tax_code", "in", codes)
      // the range of the codes as well: a constant range prunes row groups by their zone maps
      .where("m.tax_code", ">=", codes[0])
      .where("m.tax_code", "<=", codes[codes.length - 1])
      .where((eb) => eb.or([eb("m.year", "=", year), eb("m.year", "is", null)]))
      .select(["m.tax_code", "m.dataset", "m.period", "m.reported_name", "m.workers", "m.method", "m.confidence", "m.batch_id", "m.line_no", "b.file_name"])
      .orderBy("m.tax_code")
      .orderBy("m.source_order")
      .orderBy("m.period")
      .orderBy("m.line_no")
  );
}

/** What one source row linked to a unit says about it (a row of mart_unit_year_sources, with its file's name). */
export type SourceRow = RowOf<typeof sourcesQuery>;

/**
 * Per agency, the rows linked to each unit for year Y: the tax registry's latest
 * snapshot, the statistics survey of Y, both labour half-year reports of Y, and the
 * social-insurance record of the last month of Y that has one (the month
 * docs/DOMAIN.md § Workers reads). Each with its link method and confidence. The build picks these
 * rows (mart_unit_year_sources, ordered by tax code, so a few units read a few row groups).
 */
export async function sourcesOfUnits(db: Db, year: number, taxCodes: readonly string[]): Promise<SourceRow[][]> {
  if (!taxCodes.length) return [];
  const codes = [...new Set(taxCodes)].sort();
  return groupInKeyOrder(taxCodes, await sourcesQuery(db, year, codes).execute(), (r) => r.tax_code);
}

function workersHistoryQuery(db: Db, taxCodes: readonly string[]) {
  return db
    .selectFrom("mart_unit_year as u")
    .where("u.tax_code", "in", [...taxCodes])
    .select(["u.tax_code", "u.year", "u.workers", "u.workers_source", "u.size_band", "u.active"])
    .orderBy("u.tax_code")
    .orderBy("u.year");
}

export type WorkersYearRow = RowOf<typeof workersHistoryQuery>;

/** Workers of each unit in every year the warehouse holds, oldest first. */
export async function workersHistoryOfUnits(db: Db, taxCodes: readonly string[]): Promise<WorkersYearRow[][]> {
  if (!taxCodes.length) return [];
  return groupInKeyOrder(taxCodes, await workersHistoryQuery(db, taxCodes).execute(), (r) => r.tax_code);
}

function unionsQuery(db: Db, year: number, taxCodes: readonly string[]) {
  const day = referenceDate(year);
  return db
    .selectFrom("dim_union as n")
    .where("n.tax_code", "in", [...taxCodes])
    .select((eb) => [
      eb.ref("n.tax_code").$castTo<string>().as("tax_code"),
      "n.union_code",
      "n.union_name",
      "n.upper_union",
      "n.sector",
      "n.founded_on",
      "n.dissolved_on",
      // founded on or before 31/12/Y and not dissolved on or before it (docs/DOMAIN.md § Has a union)
      eb
        .and([eb("n.founded_on", "<=", day), eb.or([eb("n.dissolved_on", "is", null), eb("n.dissolved_on", ">", day)])])
        .$castTo<boolean>()
        .as("in_force"),
    ])
    .orderBy("in_force", "desc")
    .orderBy("n.founded_on", "desc")
    .orderBy("n.union_code");
}

export type UnionRow = RowOf<typeof unionsQuery>;

/** Every grassroots union linked to each unit, those in force at 31/12/Y first, newest first. */
export async function unionsOfUnits(db: Db, year: number, taxCodes: readonly string[]): Promise<UnionRow[][]> {
  if (!taxCodes.length) return [];
  return groupInKeyOrder(taxCodes, await unionsQuery(db, year, taxCodes).execute(), (r) => r.tax_code);
}

function agreementsQuery(db: Db, year: number, taxCodes: readonly string[]) {
  const day = referenceDate(year);
  return db
    .selectFrom("fct_agreements as g")
    .where("g.tax_code", "in", [...taxCodes])
    .select((eb) => [
      "g.tax_code",
      "g.signed_on",
      "g.effective_on",
      "g.expires_on",
      "g.workers_covered",
      // effective_on ≤ 31/12/Y ≤ expires_on (docs/DOMAIN.md § Agreement in force)
      eb
        .and([eb("g.effective_on", "<=", day), eb("g.expires_on", ">=", day)])
        .$castTo<boolean>()
        .as("in_force"),
    ])
    .$narrowType<{ tax_code: string }>()
    .orderBy("g.effective_on", "desc")
    .orderBy("g.signed_on", "desc");
}

export type AgreementRow = RowOf<typeof agreementsQuery>;

/** Every collective agreement of each unit, newest first, with whether it is in force at 31/12/Y. */
export async function agreementsOfUnits(db: Db, year: number, taxCodes: readonly string[]): Promise<AgreementRow[][]> {
  if (!taxCodes.length) return [];
  return groupInKeyOrder(taxCodes, await agreementsQuery(db, year, taxCodes).execute(), (r) => r.tax_code);
}

function siMonthsQuery(db: Db, year: number, taxCodes: readonly string[]) {
  const { from, to } = yearRange(year);
  return db
    .selectFrom("fct_si_monthly as m")
    .where("m.tax_code", "in", [...taxCodes])
    .where("m.month", ">=", from)
    .where("m.month", "<=", to)
    .select(["m.tax_code", "m.month", "m.insured_workers", "m.salary_fund", "m.union_fee_due"])
    .orderBy("m.month");
}

export type SiMonthRow = RowOf<typeof siMonthsQuery>;

/** Social-insurance months of year Y of each unit, January first. */
export async function siMonthsOfUnits(db: Db, year: number, taxCodes: readonly string[]): Promise<SiMonthRow[][]> {
  if (!taxCodes.length) return [];
  return groupInKeyOrder(taxCodes, await siMonthsQuery(db, year, taxCodes).execute(), (r) => r.tax_code);
}

function financeQuery(db: Db, year: number, taxCodes: readonly string[]) {
  const { from, to } = yearRange(year);
  return db
    .selectFrom("fct_finance as f")
    .where("f.tax_code", "in", [...taxCodes])
    .where("f.period_start", ">=", from)
    .where("f.period_end", "<=", to)
    .select(["f.tax_code", "f.union_code", "f.period_grain", "f.period_start", "f.period_end", "f.fee_paid", "f.dues_paid", "f.paid_on"])
    .$narrowType<{ tax_code: string }>()
    .orderBy("f.period_start")
    .orderBy("f.paid_on");
}

export type FinanceRow = RowOf<typeof financeQuery>;

/** Union fee and dues payments of each unit for the periods inside year Y (docs/DOMAIN.md § Union fee paid). */
export async function financeOfUnits(db: Db, year: number, taxCodes: readonly string[]): Promise<FinanceRow[][]> {
  if (!taxCodes.length) return [];
  return groupInKeyOrder(taxCodes, await financeQuery(db, year, taxCodes).execute(), (r) => r.tax_code);
}
