import type { Db } from "./database.js";

/** Administrative levels with their reference list: before the July 2025 reform (district, commune) and after (province, commune). */
export type AdminLevel = "DISTRICT" | "COMMUNE" | "NEW_PROVINCE" | "NEW_COMMUNE";

/**
 * Code and name of every unit of one level, one row per code (names can differ in
 * spelling between rows, e.g. Hóa/Hoá: the first in sort order wins), with the
 * province it belongs to.
 */
export function adminUnits(db: Db, level: AdminLevel) {
  switch (level) {
    case "DISTRICT":
      return db
        .selectFrom("ref.admin_units_before_2025 as a")
        .groupBy(["a.district_code", "a.province_code"])
        .select((eb) => [eb.ref("a.district_code").as("code"), eb.fn.min("a.district_name").as("name"), "a.province_code"]);
    case "COMMUNE":
      return db
        .selectFrom("ref.admin_units_before_2025 as a")
        .where("a.commune_code", "is not", null)
        .groupBy(["a.commune_code", "a.province_code"])
        .select((eb) => [eb.ref("a.commune_code").$castTo<string>().as("code"), eb.fn.min("a.commune_name").$castTo<string>().as("name"), "a.province_code"]);
    case "NEW_PROVINCE":
      return db
        .selectFrom("ref.admin_units_from_2025 as a")
        .groupBy("a.province_code")
        .select((eb) => [eb.ref("a.province_code").as("code"), eb.fn.min("a.province_name").as("name"), "a.province_code"]);
    case "NEW_COMMUNE":
      return db
        .selectFrom("ref.admin_units_from_2025 as a")
        .groupBy(["a.commune_code", "a.province_code"])
        .select((eb) => [eb.ref("a.commune_code").as("code"), eb.fn.min("a.commune_name").as("name"), "a.province_code"]);
  }
}
