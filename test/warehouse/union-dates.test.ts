/**
 * A unit has a union on 31/12/Y when a linked CĐCS was founded on or before that day and
 * not dissolved on or before it (docs/DOMAIN.md): the boundary days themselves.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWarehouse } from "../../etl/build/build-warehouse.js";
import { openWarehouse, type Warehouse } from "../../etl/warehouse/warehouse.js";
import { codeFrom, insertRaw, rows } from "../link/scenario-helpers.js";

const DISSOLVED_31_12 = codeFrom(9100); // union 01/01/2020 – dissolved 31/12/2023
const DISSOLVED_30_12 = codeFrom(9200); // union 01/01/2020 – dissolved 30/12/2023
const FOUNDED_31_12 = codeFrom(9300); // union founded 31/12/2022

describe("a union's founding and dissolution on the reference day 31/12", () => {
  let w: Warehouse;
  beforeAll(async () => {
    w = await openWarehouse(":memory:");
    // a tax snapshot at the end of each year 2021–2024: the units' years
    for (const year of [2021, 2022, 2023, 2024]) {
      const unit = (code: string, name: string) => ({
        ma_so_thue: code,
        ten_doanh_nghiep: name,
        ma_xa: "19336",
        ngay_thanh_lap: "01/01/2015",
        trang_thai: "Đang hoạt động",
        ngay_du_lieu: `31/12/${year}`,
      });
      const units = [
        unit(DISSOLVED_31_12, "Công ty TNHH Cuối Năm"),
        unit(DISSOLVED_30_12, "Công ty TNHH Áp Chót"),
        unit(FOUNDED_31_12, "Công ty TNHH Giao Thừa"),
      ];
      await insertRaw(w, "tax_enterprises", year, units, `${year}-12-31`);
    }
    const union = (code: string, taxCode: string, founded: string, dissolved: string | null) => ({
      ma_cdcs: code,
      ten_cdcs: `Công đoàn cơ sở ${code}`,
      ma_so_thue: taxCode,
      ma_xa: "19336",
      ngay_thanh_lap: founded,
      ngay_giai_the: dissolved,
    });
    await insertRaw(w, "union_grassroots_unions", 1, [
      union("U-31", DISSOLVED_31_12, "01/01/2020", "31/12/2023"),
      union("U-30", DISSOLVED_30_12, "01/01/2020", "30/12/2023"),
      union("U-F", FOUNDED_31_12, "31/12/2022", null),
    ]);
    await buildWarehouse(w.connection);
  });
  afterAll(async () => w?.close());

  const hasUnion = async (taxCode: string) =>
    Object.fromEntries(
      (await rows(w, `select year, has_union from main.mart_unit_year where tax_code = '${taxCode}' and year between 2021 and 2024 order by year`)).map((r) => [
        r.year,
        r.has_union,
      ]),
    );

  it("a union dissolved exactly on 31 December no longer counts that year; it counts the year before", async () => {
    expect(await hasUnion(DISSOLVED_31_12)).toEqual({ 2021: true, 2022: true, 2023: false, 2024: false });
    expect(await hasUnion(DISSOLVED_30_12)).toEqual({ 2021: true, 2022: true, 2023: false, 2024: false });
  });

  it("a union founded exactly on 31 December counts that year", async () => {
    expect(await hasUnion(FOUNDED_31_12)).toEqual({ 2021: false, 2022: true, 2023: true, 2024: true });
  });
});
