/**
 * mart_unit_year on its boundary days and values (docs/DOMAIN.md § In scope, § Collective
 * agreements, § Reference date): a unit of exactly 20 workers, agreements that start or end
 * exactly on 31/12, a unit registered or closed exactly on 31/12, a unit whose newest union
 * names no upper union, SI arrears in November but not December. Each row is worked out by hand from the raw rows below; written to
 * kill the SQL mutants `npm run mutate:sql` found alive in mart_unit_year.sql and
 * int_unit_years.sql (a boundary `>=` → `>`, `<=` → `<`, a dropped filter).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWarehouse } from "../../etl/build/build-warehouse.js";
import { openWarehouse, type Warehouse } from "../../etl/warehouse/warehouse.js";
import { codeFrom, insertRaw, rows } from "../link/scenario-helpers.js";

const W20 = codeFrom(9400); // 20 workers in 2024, 19 in 2023 (statistics survey)
const NO_WORKERS = codeFrom(9410); // no source gives workers
const EFFECTIVE_31_12 = codeFrom(9420); // union since 2015; agreement in force 31/12/2023 – 30/12/2024
const EXPIRES_31_12 = codeFrom(9430); // union since 2015; agreement 01/01/2021 – 31/12/2023 (expiry date)
const TERM_36 = codeFrom(9440); // union since 2015; agreement from 01/01/2021 for 36 months (to 31/12/2023)
const NO_UNION_AGREEMENT = codeFrom(9450); // an agreement in force, but no union
const UPPER_OLD = codeFrom(9460); // U-O1 (2015, an upper union) and U-O2 (2020, none)
const UPPER_NEW = codeFrom(9470); // U-N1 (2015, LĐLĐ huyện Gio Linh) and U-N2 (2020, Công đoàn ngành Công Thương)
const REGISTERED_31_12 = codeFrom(9480); // registered 31/12/2023
const CLOSED_31_12 = codeFrom(9490); // closed 31/12/2023

describe("mart_unit_year on boundary days and values", () => {
  let w: Warehouse;
  beforeAll(async () => {
    w = await openWarehouse(":memory:");
    for (const year of [2022, 2023, 2024]) {
      const unit = (code: string, name: string, extra: Record<string, string> = {}) => ({
        ma_so_thue: code,
        ten_doanh_nghiep: name,
        ma_xa: "19336",
        ngay_thanh_lap: "01/01/2010",
        trang_thai: "Đang hoạt động",
        ngay_du_lieu: `31/12/${year}`,
        ...extra,
      });
      await insertRaw(
        w,
        "tax_enterprises",
        year,
        [
          unit(W20, "Công ty TNHH Hai Mươi"),
          unit(NO_WORKERS, "Công ty TNHH Không Số"),
          unit(EFFECTIVE_31_12, "Công ty TNHH Hiệu Lực"),
          unit(EXPIRES_31_12, "Công ty TNHH Hết Hạn"),
          unit(TERM_36, "Công ty TNHH Ba Năm"),
          unit(NO_UNION_AGREEMENT, "Công ty TNHH Chưa Có"),
          unit(UPPER_OLD, "Công ty TNHH Cấp Trên Cũ"),
          unit(UPPER_NEW, "Công ty TNHH Cấp Trên Mới"),
          unit(REGISTERED_31_12, "Công ty TNHH Giao Thừa", { ngay_thanh_lap: "31/12/2023" }),
          unit(CLOSED_31_12, "Công ty TNHH Cuối Năm", year === 2022 ? {} : { ngay_cham_dut: "31/12/2023", trang_thai: "Ngừng hoạt động" }),
        ],
        `${year}-12-31`,
      );
    }
    await insertRaw(w, "stats_enterprise_survey", 10, [
      { nam: "2023", ma_so_thue: W20, ten_doanh_nghiep: "Công ty TNHH Hai Mươi", lao_dong: "19" },
      { nam: "2024", ma_so_thue: W20, ten_doanh_nghiep: "Công ty TNHH Hai Mươi", lao_dong: "20" },
    ]);
    const union = (code: string, taxCode: string, founded: string, upper: string | null = null) => ({
      ma_cdcs: code,
      ten_cdcs: `Công đoàn cơ sở ${code}`,
      ma_so_thue: taxCode,
      ma_xa: "19336",
      cong_doan_cap_tren: upper,
      ngay_thanh_lap: founded,
      ngay_giai_the: null,
    });
    await insertRaw(w, "union_grassroots_unions", 11, [
      union("U-E", EFFECTIVE_31_12, "01/01/2015"),
      union("U-X", EXPIRES_31_12, "01/01/2015"),
      union("U-T", TERM_36, "01/01/2015"),
      union("U-O1", UPPER_OLD, "01/01/2015", "Công đoàn Khu kinh tế tỉnh Quảng Trị"),
      union("U-O2", UPPER_OLD, "01/03/2023"),
      union("U-N1", UPPER_NEW, "01/01/2015", "LĐLĐ huyện Gio Linh"),
      union("U-N2", UPPER_NEW, "01/03/2023", "Công đoàn ngành Công Thương"),
    ]);
    await insertRaw(w, "labour_collective_agreements", 12, [
      { ma_so_thue: EFFECTIVE_31_12, ngay_ky: "15/12/2023", ngay_hieu_luc: "31/12/2023", ngay_het_han: "30/12/2024" },
      { ma_so_thue: EXPIRES_31_12, ngay_ky: "01/01/2021", ngay_het_han: "31/12/2023" },
      { ma_so_thue: TERM_36, ngay_ky: "01/01/2021", thoi_han_thang: "36" },
      { ma_so_thue: NO_UNION_AGREEMENT, ngay_ky: "01/01/2021", ngay_het_han: "31/12/2025" },
    ]);
    const si = (code: string, name: string, month: string, arrears: string | null) => ({
      ma_don_vi: `BH-${code.slice(-4)}`,
      ten_don_vi: name,
      ma_so_thue: code,
      ky: month,
      so_lao_dong: "25",
      quy_luong: "100000000",
      so_no: arrears,
    });
    await insertRaw(w, "si_contributions", 13, [
      si(W20, "Công ty TNHH Hai Mươi", "11/2024", "5000000"),
      si(W20, "Công ty TNHH Hai Mươi", "12/2024", "3000000"),
      si(EXPIRES_31_12, "Công ty TNHH Hết Hạn", "11/2024", "4000000"),
      si(EXPIRES_31_12, "Công ty TNHH Hết Hạn", "12/2024", null),
    ]);
    await buildWarehouse(w.connection);
  });
  afterAll(async () => w?.close());

  /** One column of a unit's rows, by year. */
  const byYear = async (taxCode: string, column: string) =>
    Object.fromEntries(
      (await rows(w, `select year, ${column} as v from main.mart_unit_year where tax_code = '${taxCode}' order by year`)).map((r) => [r.year, r.v]),
    );

  it("in scope means 20 workers or more: exactly 20 is in (2024), 19 is not (2023); no workers figure is never in scope", async () => {
    expect(await byYear(W20, "workers")).toEqual({ 2022: null, 2023: 19, 2024: 20 });
    expect(await byYear(W20, "in_scope_20")).toEqual({ 2022: false, 2023: false, 2024: true });
    expect(await byYear(NO_WORKERS, "workers_source")).toEqual({ 2022: "NONE", 2023: "NONE", 2024: "NONE" });
    expect(await byYear(NO_WORKERS, "in_scope_20")).toEqual({ 2022: false, 2023: false, 2024: false });
  });

  it("an agreement in force from exactly 31/12 counts that year, and not the year it ended the day before 31/12", async () => {
    expect(await byYear(EFFECTIVE_31_12, "agreement_in_force")).toEqual({ 2022: false, 2023: true, 2024: false });
  });

  it("an agreement expiring exactly on 31/12 (by its date, or by 36 months from 01/01) counts that year, not the next", async () => {
    expect(await byYear(EXPIRES_31_12, "agreement_in_force")).toEqual({ 2022: true, 2023: true, 2024: false });
    expect(await byYear(TERM_36, "agreement_in_force")).toEqual({ 2022: true, 2023: true, 2024: false });
    const term = await rows(
      w,
      `select effective_on::varchar as e, expires_on::varchar as x, expiry_source from main.int_agreements where tax_code = '${TERM_36}'`,
    );
    expect(term).toEqual([{ e: "2021-01-01", x: "2023-12-31", expiry_source: "TERM_MONTHS" }]);
  });

  it("an agreement without a union is no agreement in force (the measure counts unionised units)", async () => {
    expect(await byYear(NO_UNION_AGREEMENT, "agreement_in_force")).toEqual({ 2022: false, 2023: false, 2024: false });
    expect(await byYear(NO_UNION_AGREEMENT, "has_union")).toEqual({ 2022: false, 2023: false, 2024: false });
  });

  it("upper union: the newest union's that names one; a newer union naming none leaves the older one's", async () => {
    expect(await byYear(UPPER_OLD, "union_codes")).toEqual({ 2022: ["U-O1"], 2023: ["U-O1", "U-O2"], 2024: ["U-O1", "U-O2"] });
    expect(await byYear(UPPER_OLD, "upper_union")).toEqual({
      2022: "Công đoàn Khu kinh tế tỉnh Quảng Trị",
      2023: "Công đoàn Khu kinh tế tỉnh Quảng Trị",
      2024: "Công đoàn Khu kinh tế tỉnh Quảng Trị",
    });
    expect(await byYear(UPPER_NEW, "upper_union")).toEqual({
      2022: "LĐLĐ huyện Gio Linh",
      2023: "Công đoàn ngành Công Thương",
      2024: "Công đoàn ngành Công Thương",
    });
    expect(await byYear(W20, "upper_union")).toEqual({ 2022: null, 2023: null, 2024: null });
  });

  it("SI arrears are December's (a stock at 31/12), not the year's sum; none in December, or no SI at all, is 0", async () => {
    expect(await byYear(W20, "si_arrears")).toEqual({ 2022: "0", 2023: "0", 2024: "3000000" });
    expect(await byYear(EXPIRES_31_12, "si_arrears")).toEqual({ 2022: "0", 2023: "0", 2024: "0" });
    expect(await byYear(NO_WORKERS, "si_arrears")).toEqual({ 2022: "0", 2023: "0", 2024: "0" });
  });

  it("a unit registered exactly on 31/12 is active that year; one closed exactly on 31/12 is not, and was the year before", async () => {
    expect(await byYear(REGISTERED_31_12, "active")).toEqual({ 2022: false, 2023: true, 2024: true });
    expect(await byYear(CLOSED_31_12, "active")).toEqual({ 2022: true, 2023: false, 2024: false });
  });
});
