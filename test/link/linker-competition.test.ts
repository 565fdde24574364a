/**
 * Records competing for one unit (int_link_matches.sql, docs/DOMAIN.md § Linking): a unit has
 * one union (or SI unit) at a time unless the data says so. Among fuzzy links competing for a
 * unit the heavier wins, equal weights go to the smaller source key; a record that is not
 * itself linked (its name disagrees) blocks nobody; a union or SI unit whose 13-digit code
 * links to the unit by its root is data, and blocks a fuzzy link that overlaps it; a union
 * founded the day another was dissolved does not overlap it. Written to kill the SQL mutants
 * `npm run mutate:sql` found alive (the auto-link conjunction and → or, the tie-break's
 * and → or, a root-linked code's left join → inner join).
 *
 * A province of five units (prior log2(1/4) = −2 bits); match weights from
 * int_link_parameters (EXACT +12.966, legal form SAME +1.816, SAME_ADDRESS +11.425,
 * SAME_COMMUNE +4.129, SAME_AREA −1.503, tax code ONE_EDIT +19.697, name DIFFERENT −5.056, legal form
 * DIFFERENT −4.369).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWarehouse } from "../../etl/build/build-warehouse.js";
import { openWarehouse, type Warehouse } from "../../etl/warehouse/warehouse.js";
import { codeFrom, decide, insertRaw, oneDigitChanged, rows, taxRow, unionRow } from "./scenario-helpers.js";

const S = codeFrom(4000); // Công ty TNHH Sakura Việt Nam, Xã Gio Quang (19552)
const T = codeFrom(5000); // Hợp tác xã Nông nghiệp Gio Quang (19552)
const V = codeFrom(6000); // Doanh nghiệp tư nhân Hồng Lan, Phường Đông Giang (19330)
const W = codeFrom(6100); // Công ty cổ phần Hoàng Gia Quảng Trị, Phường Đông Lễ (19336)
const X = codeFrom(6200); // Công ty TNHH Thực phẩm Bến Hải, Phường Đông Lễ (19336)

const ADDRESS = {
  S: "Lô CN4, KCN Quán Ngang, Xã Gio Quang, Huyện Gio Linh, Tỉnh Quảng Trị",
  T: "Thôn 7, Xã Gio Quang, Huyện Gio Linh, Tỉnh Quảng Trị",
  V: "Số 9 đường Lê Lợi, Phường Đông Giang, Thành phố Đông Hà, Tỉnh Quảng Trị",
  W: "Số 40 đường Trần Phú, Phường Đông Lễ, Thành phố Đông Hà, Tỉnh Quảng Trị",
  X: "Số 77 đường Lý Thường Kiệt, Phường Đông Lễ, Thành phố Đông Hà, Tỉnh Quảng Trị",
};

describe("fuzzy links competing for one unit", () => {
  let w: Warehouse;
  beforeAll(async () => {
    w = await openWarehouse(":memory:");
    await insertRaw(w, "tax_enterprises", 1, [
      taxRow(S, "Công ty TNHH Sakura Việt Nam", "19552", ADDRESS.S),
      taxRow(T, "Hợp tác xã Nông nghiệp Gio Quang", "19552", ADDRESS.T),
      taxRow(V, "Doanh nghiệp tư nhân Hồng Lan", "19330", ADDRESS.V),
      taxRow(W, "Công ty cổ phần Hoàng Gia Quảng Trị", "19336", ADDRESS.W),
      taxRow(X, "Công ty TNHH Thực phẩm Bến Hải", "19336", ADDRESS.X),
    ]);
    await insertRaw(w, "union_grassroots_unions", 2, [
      // two identical rows for S from Gio Mỹ (same old district), no address: 11.279 bits each
      unionRow("C-1", "Công ty TNHH Sakura Việt Nam", null, "19510", null, "01/01/2016"),
      unionRow("C-2", "Công ty TNHH Sakura Việt Nam", null, "19510", null, "01/01/2017"),
      // T from Gio Mỹ (11.279 bits) and T at its own address (24.207 bits, the larger key)
      unionRow("H-1", "Hợp tác xã Nông nghiệp Gio Quang", null, "19510", null, "01/01/2016"),
      unionRow("H-9", "Hợp tác xã Nông nghiệp Gio Quang", null, "19552", ADDRESS.T, "01/01/2017"),
      // V: a union by its exact code until 01/01/2015; D-1 founded that day (16.911 bits); D-2
      // V's code one digit off with another name at V's address: 19.697 − 5.056 − 4.369 (legal form
      // DIFFERENT: công ty vs DNTN) + 11.425 − 2 = 19.697 bits, heavier, but NAME_DISAGREES
      unionRow("D-0", "Doanh nghiệp tư nhân Hồng Lan", V, "19330", ADDRESS.V, "01/01/2010", "01/01/2015"),
      unionRow("D-1", "DNTN HONG LAN", null, "19330", null, "01/01/2015"),
      unionRow("D-2", "Công ty ABC", oneDigitChanged(V, 5), "19330", ADDRESS.V, "01/01/2018"),
      // W: a union whose branch code W-003 is no unit links to W by its root; G-2 overlaps it
      unionRow("G-1", "Công ty cổ phần Hoàng Gia Quảng Trị", `${W}-003`, "19336", ADDRESS.W, "01/01/2016"),
      unionRow("G-2", "Công ty cổ phần Hoàng Gia Quảng Trị", null, "19336", ADDRESS.W, "01/01/2018"),
      // V again: an analyst REJECTed D-3's pair with V; a rejected pair is no link and blocks nobody
      unionRow("D-3", "Công ty XYZ", oneDigitChanged(V, 3), "19330", null, "01/01/2019"),
      // X: a union found by name, dissolved on 01/01/2020, the day X's own union (its exact code) was founded
      unionRow("XU-1", "Công ty TNHH Thực phẩm Bến Hải", null, "19336", ADDRESS.X, "01/01/2016", "01/01/2020"),
      unionRow("XU-2", "Công ty TNHH Thực phẩm Bến Hải", X, "19336", ADDRESS.X, "01/01/2020"),
      // a name like no unit's, nowhere: no candidate at all
      unionRow("Z-1", "Xưởng Gốm Ánh Trăng", null, null, null, "01/01/2020"),
    ]);
    await decide(w, "union_grassroots_unions", "D-3", V, "REJECT", "2025-02-01 09:00:00");
    const si = (unit: string, name: string, taxCode: string | null, month: string, address = ADDRESS.X) => ({
      ma_don_vi: unit,
      ten_don_vi: name,
      ma_so_thue: taxCode,
      dia_chi: address,
      ky: month,
      so_lao_dong: "30",
      quy_luong: "150000000",
    });
    await insertRaw(w, "si_contributions", 3, [
      // BH-1 pays under X's branch code X-002 (no unit: X by its root), January–March 2024
      ...["01/2024", "02/2024", "03/2024"].map((m) => si("BH-1", "Công ty TNHH Thực phẩm Bến Hải", `${X}-002`, m)),
      // BH-2, no tax code, X's name and address, March–May 2024: overlaps BH-1 in March
      ...["03/2024", "04/2024", "05/2024"].map((m) => si("BH-2", "Công ty TNHH Thực phẩm Bến Hải", null, m)),
      // BH-7 pays under W's own code, January–March 2024; BH-8, no tax code, W's name and address, February–April
      ...["01/2024", "02/2024", "03/2024"].map((m) => si("BH-7", "Công ty cổ phần Hoàng Gia Quảng Trị", W, m, ADDRESS.W)),
      ...["02/2024", "03/2024", "04/2024"].map((m) => si("BH-8", "Công ty cổ phần Hoàng Gia Quảng Trị", null, m, ADDRESS.W)),
    ]);
    await buildWarehouse(w.connection);
  });
  afterAll(async () => w?.close());

  const match = async (dataset: string, key: string) =>
    (
      await rows(
        w,
        `select status, reason, best_tax_code, conflict_source_key, round(match_weight, 3) as weight
         from main.int_link_matches where dataset = '${dataset}' and source_key = '${key}'`,
      )
    )[0];
  const union = (key: string) => match("union_grassroots_unions", key);
  const linkOf = async (dataset: string, key: string) =>
    (await rows(w, `select tax_code, method from main.int_unit_links where dataset = '${dataset}' and source_key = '${key}'`))[0];

  it("equal weights: the smaller source key links, the other is a CONFLICT naming it", async () => {
    expect(await union("C-1")).toEqual({ status: "LINKED", reason: null, best_tax_code: S, conflict_source_key: null, weight: 11.279 });
    expect(await union("C-2")).toEqual({ status: "REVIEW", reason: "CONFLICT", best_tax_code: S, conflict_source_key: "C-1", weight: 11.279 });
    expect(await linkOf("union_grassroots_unions", "C-1")).toEqual({ tax_code: S, method: "FUZZY_NAME" });
    // the decision's own tax_code: the unit when LINKED, none when the best candidate waits in review
    const decided = await rows(w, `select source_key, tax_code from main.int_link_matches where source_key in ('C-1', 'C-2') order by source_key`);
    expect(decided).toEqual([
      { source_key: "C-1", tax_code: S },
      { source_key: "C-2", tax_code: null },
    ]);
  });

  it("the heavier link wins, even with the larger source key", async () => {
    expect(await union("H-9")).toEqual({ status: "LINKED", reason: null, best_tax_code: T, conflict_source_key: null, weight: 24.207 });
    expect(await union("H-1")).toEqual({ status: "REVIEW", reason: "CONFLICT", best_tax_code: T, conflict_source_key: "H-9", weight: 11.279 });
  });

  it("a heavier record whose name disagrees is no link and blocks nobody; a union founded the day the last one was dissolved does not overlap it", async () => {
    expect(await union("D-2")).toEqual({ status: "REVIEW", reason: "NAME_DISAGREES", best_tax_code: V, conflict_source_key: null, weight: 19.697 });
    expect(await union("D-1")).toEqual({ status: "LINKED", reason: null, best_tax_code: V, conflict_source_key: null, weight: 16.911 });
    expect(await linkOf("union_grassroots_unions", "D-0")).toEqual({ tax_code: V, method: "EXACT_TAX_CODE" });
    expect(await linkOf("union_grassroots_unions", "D-1")).toEqual({ tax_code: V, method: "FUZZY_NAME" });
  });

  it("a REJECTed pair is no link: the unit's union found by name stays linked", async () => {
    expect(await union("D-3")).toMatchObject({ status: "NO_MATCH", best_tax_code: null });
    expect(await linkOf("union_grassroots_unions", "D-3")).toMatchObject({ tax_code: null });
    expect(await union("D-1")).toMatchObject({ status: "LINKED", conflict_source_key: null });
  });

  it("a union found by name dissolved the day the unit's own union was founded does not overlap it", async () => {
    expect(await linkOf("union_grassroots_unions", "XU-2")).toEqual({ tax_code: X, method: "EXACT_TAX_CODE" });
    expect(await union("XU-1")).toEqual({ status: "LINKED", reason: null, best_tax_code: X, conflict_source_key: null, weight: 24.207 });
  });

  it("a record with no candidate is decided too: NO_MATCH, 0 candidates", async () => {
    expect(
      await rows(
        w,
        `select status, reason, best_tax_code, candidates from main.int_link_matches where dataset = 'union_grassroots_unions' and source_key = 'Z-1'`,
      ),
    ).toEqual([{ status: "NO_MATCH", reason: null, best_tax_code: null, candidates: "0" }]);
  });

  it("a union linked by its code's root is data: a fuzzy link overlapping it is a CONFLICT", async () => {
    expect(await linkOf("union_grassroots_unions", "G-1")).toEqual({ tax_code: W, method: "TAX_ROOT" });
    expect(await union("G-2")).toMatchObject({ status: "REVIEW", reason: "CONFLICT", best_tax_code: W, conflict_source_key: "G-1" });
  });

  it("an SI unit linked by its code's root is data: an SI unit found by name in the same months is a CONFLICT", async () => {
    expect(await linkOf("si_contributions", "BH-1")).toEqual({ tax_code: X, method: "TAX_ROOT" });
    expect(await match("si_contributions", "BH-2")).toMatchObject({ status: "REVIEW", reason: "CONFLICT", best_tax_code: X, conflict_source_key: "BH-1" });
    expect(await linkOf("si_contributions", "BH-2")).toMatchObject({ tax_code: null });
    // and by its own code
    expect(await linkOf("si_contributions", "BH-7")).toEqual({ tax_code: W, method: "EXACT_TAX_CODE" });
    expect(await match("si_contributions", "BH-8")).toMatchObject({ status: "REVIEW", reason: "CONFLICT", best_tax_code: W, conflict_source_key: "BH-7" });
  });
});
