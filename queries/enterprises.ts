import type { Expression, Selectable, SqlBool } from "kysely";
import { adminUnits } from "./admin-units.js";
import type { Db, MartUnitYearTable } from "./database.js";
import { compileEnterpriseFilter, type EnterpriseFilter } from "./filters.js";
import { type Page, pageSize, SortOrder, toPage } from "./pagination.js";
import { yearIs } from "./scope.js";

/** One employer unit in one year: the mart row plus the names of its codes. */
export interface EnterpriseRow extends Selectable<MartUnitYearTable> {
  commune_name: string | null;
  district_name: string | null;
  new_commune_name: string | null;
  province_name: string | null;
  sector_name: string | null;
}

export type EnterpriseOrderField = "TAX_CODE" | "NAME" | "WORKERS" | "MEMBERS" | "REGISTERED_ON";

const ORDER_COLUMNS = Object.freeze({
  TAX_CODE: "tax_code",
  NAME: "name_folded",
  WORKERS: "workers",
  MEMBERS: "members",
  REGISTERED_ON: "registered_on",
} as const satisfies Record<EnterpriseOrderField, keyof MartUnitYearTable>);

/** The sort order of a unit list: one field, then tax code. NAME sorts diacritic-insensitively. */
export function enterpriseOrder(field: EnterpriseOrderField, descending: boolean): SortOrder {
  return new SortOrder([{ column: ORDER_COLUMNS[field], descending }]);
}

/** Units with the names of their codes (each lookup has one row per code, so one unit stays one row). */
function unitsWithNames(db: Db) {
  return db
    .selectFrom("mart_unit_year as u")
    .leftJoin(adminUnits(db, "COMMUNE").as("c"), "c.code", "u.commune_code")
    .leftJoin(adminUnits(db, "DISTRICT").as("d"), "d.code", "u.district_code")
    .leftJoin(adminUnits(db, "NEW_COMMUNE").as("n"), "n.code", "u.new_commune_code")
    .leftJoin(adminUnits(db, "NEW_PROVINCE").as("p"), "p.code", "u.new_province_code")
    .leftJoin("dim_sector as s", "s.section", "u.sector_section")
    .selectAll("u")
    .select(["c.name as commune_name", "d.name as district_name", "n.name as new_commune_name", "p.name as province_name", "s.name_vi as sector_name"]);
}

export interface UnitListQuery {
  readonly where: readonly Expression<SqlBool>[];
  readonly order: SortOrder;
  readonly first?: number | null;
  readonly after?: string | null;
}

/** One page of units matching every `where` condition, in `order` (keyset pagination). */
export async function listUnits(db: Db, query: UnitListQuery): Promise<Page<EnterpriseRow>> {
  const size = pageSize(query.first);
  let q = unitsWithNames(db);
  for (const condition of query.where) q = q.where(condition);
  if (query.after != null) q = q.where(query.order.after(query.after));
  for (const key of query.order.keys) q = q.orderBy(`u.${key.column}`, (ob) => (key.descending ? ob.desc() : ob.asc()).nullsLast());
  const rows = (await q.limit(size + 1).execute()) as EnterpriseRow[];
  return toPage(query.order, rows, size, query.after);
}

/** How many units match every `where` condition. */
export async function countUnits(db: Db, where: readonly Expression<SqlBool>[]): Promise<number> {
  let q = db.selectFrom("mart_unit_year as u").select((eb) => eb.cast<number>(eb.fn.countAll(), "integer").as("n"));
  for (const condition of where) q = q.where(condition);
  const row = await q.executeTakeFirstOrThrow();
  return row.n;
}

/** Conditions of `enterprises(filter, asOf)`: the year (latest when not given) and the filter. */
export function enterpriseConditions(year: number | null | undefined, filter: EnterpriseFilter | null | undefined): Expression<SqlBool>[] {
  return [yearIs(year), compileEnterpriseFilter(filter)];
}

/** One unit in one year (the latest year the warehouse holds when not given), when it matches `filter` (the caller's scope). */
export async function findEnterprise(
  db: Db,
  taxCode: string,
  year: number | null | undefined,
  filter?: EnterpriseFilter | null,
): Promise<EnterpriseRow | undefined> {
  return (await unitsWithNames(db).where("u.tax_code", "=", taxCode).where(yearIs(year)).where(compileEnterpriseFilter(filter)).executeTakeFirst()) as
    | EnterpriseRow
    | undefined;
}

/** The years the warehouse holds for a unit matching `filter` (to explain a NOT_FOUND). */
export async function yearsOfUnit(db: Db, taxCode: string, filter?: EnterpriseFilter | null): Promise<number[]> {
  const rows = await db
    .selectFrom("mart_unit_year as u")
    .where("u.tax_code", "=", taxCode)
    .where(compileEnterpriseFilter(filter))
    .select("u.year")
    .orderBy("u.year")
    .execute();
  return rows.map((r) => r.year);
}
