/**
 * The code-list seeds of the build (etl/models/seeds/*.sql) are written from
 * core/code-lists.ts by `npm run seeds`: the committed files are what the lists give, and
 * run, they hold the hand-known codes, bounds and types the models join on.
 */
import { readFileSync } from "node:fs";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED_TABLES, SEEDS_DIR, seedSql } from "../../etl/models/seeds/seed-tables.js";

describe("code-list seeds", () => {
  it.each(SEED_TABLES.map((s) => s.name))("etl/models/seeds/%s.sql is what core/code-lists.ts gives (npm run seeds)", (name) => {
    const seed = SEED_TABLES.find((s) => s.name === name)!;
    expect(readFileSync(new URL(`${name}.sql`, SEEDS_DIR), "utf8")).toBe(seedSql(seed));
  });

  describe("run", () => {
    let instance: DuckDBInstance;
    const rows = async (sql: string) => (await (await instance.connect()).runAndReadAll(sql)).getRowsJS();
    beforeAll(async () => {
      instance = await DuckDBInstance.create(":memory:");
      const connection = await instance.connect();
      for (const seed of SEED_TABLES) await connection.run(readFileSync(new URL(`${seed.name}.sql`, SEEDS_DIR), "utf8"));
    });
    afterAll(() => instance?.closeSync());

    it("seed_size_bands holds the six bands with their inclusive bounds, in order", async () => {
      expect(await rows("select sort_order, size_band, min_workers, max_workers from main.seed_size_bands order by sort_order")).toEqual([
        [1, "<5", 0, 4],
        [2, "5-19", 5, 19],
        [3, "20-49", 20, 49],
        [4, "50-199", 50, 199],
        [5, "200-999", 200, 999],
        [6, "1000+", 1000, null],
      ]);
    });

    it("seed_union_sectors gives each sector the ownership it implies (none for NGHIEP_DOAN and KHAC)", async () => {
      expect(await rows("select sector, ownership from main.seed_union_sectors order by priority")).toEqual([
        ["NGOAI_NHA_NUOC", "NON_STATE"],
        ["HCSN", "STATE"],
        ["NGHIEP_DOAN", null],
        ["FDI", "FDI"],
        ["DNNN", "STATE"],
        ["KHAC", null],
      ]);
    });

    it("seed_vsic_divisions maps divisions 01–99 to the 21 sections A–U (10 C, 47 G, 86 Q, 99 U)", async () => {
      expect(
        await rows("select count(*)::integer, count(distinct section)::integer, sum(division_to - division_from + 1)::integer from main.seed_vsic_divisions"),
      ).toEqual([[21, 21, 88]]);
      const sectionOf = async (division: number) =>
        (await rows(`select section from main.seed_vsic_divisions where ${division} between division_from and division_to`))[0]?.[0];
      expect([await sectionOf(10), await sectionOf(47), await sectionOf(86), await sectionOf(99), await sectionOf(4)]).toEqual(["C", "G", "Q", "U", undefined]);
    });

    it("the pattern seeds read the codes of their lists, every code but the fallback KHAC of legal forms", async () => {
      expect(await rows("select list(distinct legal_form order by legal_form) from main.seed_legal_forms")).toEqual([
        [["CHI_NHANH", "CO_PHAN", "DNNN", "DNTN", "HOP_DANH", "HTX", "TNHH_1TV", "TNHH_2TV", "VP_DAI_DIEN"]],
      ]);
      expect(await rows("select list(status order by priority) from main.seed_unit_statuses")).toEqual([[["SUSPENDED", "SUSPENDED", "CLOSED", "ACTIVE"]]]);
      expect(await rows("select list(ownership order by priority) from main.seed_ownerships")).toEqual([[["NON_STATE", "FDI", "STATE"]]]);
    });

    it("the columns have the types the models join on", async () => {
      const types = await rows(
        `select table_name, string_agg(column_name || ' ' || data_type, ', ' order by ordinal_position) from information_schema.columns
         where table_name like 'seed_%' group by table_name order by table_name`,
      );
      expect(types).toEqual([
        ["seed_legal_forms", "priority INTEGER, pattern VARCHAR, legal_form VARCHAR"],
        ["seed_ownerships", "priority INTEGER, pattern VARCHAR, ownership VARCHAR"],
        ["seed_size_bands", "sort_order INTEGER, size_band VARCHAR, min_workers INTEGER, max_workers INTEGER"],
        ["seed_union_sectors", "priority INTEGER, pattern VARCHAR, sector VARCHAR, ownership VARCHAR"],
        ["seed_unit_statuses", "priority INTEGER, pattern VARCHAR, status VARCHAR"],
        ["seed_vsic_divisions", "division_from INTEGER, division_to INTEGER, section VARCHAR"],
      ]);
    });
  });
});
