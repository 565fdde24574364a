import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quoteLiteral } from "../../core/warehouse/sql-text.js";
import { MODELS_DIR } from "../../etl/build/model-manifest.js";
import { openWarehouse, type Warehouse } from "../../etl/warehouse/warehouse.js";

/** The matching normalisation (etl/models/macros/link_macros.sql): specific inputs → outputs. */
describe("normalisation for linking", () => {
  let w: Warehouse;
  beforeAll(async () => {
    w = await openWarehouse(":memory:");
    await w.connection.run(readFileSync(new URL("macros/link_macros.sql", MODELS_DIR), "utf8"));
  });
  afterAll(async () => w?.close());

  const one = async (sql: string) => (await w.connection.runAndReadAll(`select ${sql}`)).getRowsJS()[0][0];
  const name = async (text: string) =>
    (
      await w.connection.runAndReadAll(
        `with t as (select lnk.name_tokens(lnk.name_marked(${quoteLiteral(text)})) as m)
       select lnk.name_form(m), lnk.name_core(m) from t`,
      )
    ).getRowsJS()[0];

  it.each([
    ["Công ty TNHH Đức Phát", "TNHH", "duc phat"],
    ["CTY TNHH DUC PHAT", "TNHH", "duc phat"],
    ["Cong ty trach nhiem huu han Duc Phat", "TNHH", "duc phat"],
    ["Công ty TNHH một thành viên May mặc Ngọc Khang", "TNHH_1TV", "may mac ngoc khang"],
    ["CTY TNHH MTV MAY MAC NGOC KHANG", "TNHH_1TV", "may mac ngoc khang"],
    ["Cong ty trach nhiem huu han mot thanh vien Lam Phat Tri", "TNHH_1TV", "lam phat tri"],
    ["Công ty TNHH 1TV Lâm Trí", "TNHH_1TV", "lam tri"],
    ["Công ty TNHH hai thành viên trở lên Nam Phúc", "TNHH", "nam phuc"],
    ["Công ty cổ phần Xuân Khang", "CO_PHAN", "xuan khang"],
    ["CTY CP XUAN KHANG", "CO_PHAN", "xuan khang"],
    ["CTCP Hải sản Cồn Cỏ", "CO_PHAN", "hai san con co"],
    ["Doanh nghiệp tư nhân Hồng Lan", "DNTN", "hong lan"],
    ["DNTN HONG LAN", "DNTN", "hong lan"],
    ["Hợp tác xã Dịch vụ Vận tải Đông Hà", "HTX", "dich vu van tai dong ha"],
    ["HTX DICH VU VAN TAI DONG HA", "HTX", "dich vu van tai dong ha"],
    ["Chi nhánh Công ty TNHH Đức Phát tại Gio Linh", "CHI_NHANH", "duc phat tai gio linh"],
    ["CN CTY TNHH DUC PHAT TAI GIO LINH", "CHI_NHANH", "duc phat tai gio linh"],
    ["Chi nhánh số 2 Công ty cổ phần Hoàng Dũng tại Hải Lăng", "CHI_NHANH", "2 hoang dung tai hai lang"],
    ["Văn phòng đại diện Công ty TNHH Sakura tại Quảng Trị", "VP_DAI_DIEN", "sakura tai quang tri"],
    ["VPĐD CTY TNHH SAKURA TAI QUANG TRI", "VP_DAI_DIEN", "sakura tai quang tri"],
    ["Công ty hợp danh Luật Minh An", "HOP_DANH", "luat minh an"],
    ["Công ty Bình Minh", "CONG_TY", "binh minh"],
    ["Văn phòng công chứng An Lợi Dũng", null, "van phong cong chung an loi dung"],
    // decomposed Unicode (NFD) and stray punctuation fold the same way
    ["Công ty TNHH  Đức-Phát.".normalize("NFD"), "TNHH", "duc phat"],
  ])("%s → form %s, core %s", async (text, form, core) => {
    expect(await name(text)).toEqual([form, core]);
  });

  it("takes the employer out of a union's name when the employer column is empty", async () => {
    expect(await one(`lnk.union_employer_name('Công đoàn cơ sở Công ty TNHH Đức Phát')`)).toBe("cong ty tnhh duc phat");
    expect(await one(`lnk.union_employer_name('CĐCS Hợp tác xã Gio Mỹ')`)).toBe("hop tac xa gio my");
  });

  it("sees which legal forms can name the same unit", async () => {
    expect(
      await one(`[lnk.forms_compatible('TNHH', 'TNHH_1TV'), lnk.forms_compatible('CONG_TY', 'CO_PHAN'),
                       lnk.forms_compatible('CO_PHAN', 'TNHH'), lnk.forms_compatible('CHI_NHANH', 'TNHH')]`),
    ).toEqual([true, true, false, false]);
  });

  it.each([
    [
      "Số 163 đ. Quang Trung, P. 2, TP. Đông Hà, T. Quảng Trị",
      "so 163 duong quang trung phuong 2 thanh pho dong ha tinh quang tri",
      "so 163 duong quang trung",
    ],
    [
      "Số 163 đường Quang Trung, Phường 2, Thành phố Đông Hà, Tỉnh Quảng Trị",
      "so 163 duong quang trung phuong 2 thanh pho dong ha tinh quang tri",
      "so 163 duong quang trung",
    ],
    ["T. lộ 582, Thôn 12, X. Hải Khê, H. Hải Lăng, T. Quảng Trị", "tinh lo 582 thon 12 xa hai khe huyen hai lang tinh quang tri", "tinh lo 582 thon 12"],
    [
      "Lô A16, KCN Nam Đông Hà, P. Đông Lễ, TP. Đông Hà",
      "lo a16 khu cong nghiep nam dong ha phuong dong le thanh pho dong ha",
      "lo a16 khu cong nghiep nam dong ha",
    ],
    ["SN 5, QL 1, TT. Cam Lộ, H. Cam Lộ", "so 5 quoc lo 1 thi tran cam lo huyen cam lo", "so 5 quoc lo 1"],
    ["Thôn 3, TX. Quảng Trị", "thon 3 thi xa quang tri", "thon 3"],
  ])("address %s → %s (street: %s)", async (text, normalised, street) => {
    const [[all, streetPart]] = (
      await w.connection.runAndReadAll(
        `with t as (select lnk.address_parts(${quoteLiteral(text)}) as p) select lnk.address_norm(p), lnk.address_street(p) from t`,
      )
    ).getRowsJS();
    expect([all, streetPart]).toEqual([normalised, street]);
  });

  it("splits a tax code as written into root and branch suffix", async () => {
    expect(await one(`[lnk.tax_root_part('3200509003'), lnk.tax_suffix_part('3200509003')]`)).toEqual(["3200509003", null]);
    expect(await one(`[lnk.tax_root_part('3292703486001'), lnk.tax_suffix_part('3292703486001')]`)).toEqual(["3292703486", "001"]);
    expect(await one(`[lnk.tax_root_part('325112773'), lnk.tax_root_part('32511277311'), lnk.tax_root_part('32A1')]`)).toEqual([
      "325112773",
      "32511277311",
      null,
    ]);
  });

  it("lists the valid codes one substitution or neighbour swap away from a code failing its check digit", async () => {
    // 3245782374 is valid; 3245982374 (one digit changed) and 3245728374 (two swapped) are not
    const variants = (await one(`lnk.tax_variants('3245982374')`)) as string[];
    expect(variants).toContain("3245782374");
    expect(variants.length).toBeGreaterThan(3);
    expect(variants.length).toBeLessThan(20);
    expect((await one(`lnk.tax_variants('3245728374')`)) as string[]).toContain("3245782374");
    // every variant is valid and one edit away
    const ok = await one(`list_bool_and(list_transform(lnk.tax_variants('3245982374'), lambda v: util.tax_code_valid_digits(v)
                            and length(v) = 10 and levenshtein(v, '3245982374') <= 2))`);
    expect(ok).toBe(true);
    // a branch code: the root varies, the suffix is kept apart
    expect((await one(`lnk.tax_variants('3292703186001')`)) as string[]).toEqual(await one(`lnk.tax_variants('3292703186')`));
    // a missing digit (9) or an extra one (11): insertions and deletions
    expect((await one(`lnk.tax_variants('325112773')`)) as string[]).toContain("3251127173");
    expect((await one(`lnk.tax_variants('32511271738')`)) as string[]).toContain("3251127173");
    // a valid root has no variants (nothing to repair), nor has text that is no code
    expect(
      await one(
        `[len(lnk.tax_variants('3245782374'))::int, len(lnk.tax_variants('3245782374000'))::int, len(lnk.tax_variants(null))::int, len(lnk.tax_variants('abc'))::int]`,
      ),
    ).toEqual([0, 0, 0, 0]);
  });
});
