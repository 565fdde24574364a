import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWarehouse } from "../../etl/build/build-warehouse.js";
import { openWarehouse, type Warehouse } from "../../etl/warehouse/warehouse.js";
import { codeFrom, decide, insertRaw, oneDigitChanged, rows, taxRow, twoDigitsSwapped, unionRow } from "./scenario-helpers.js";

// A hand-made province: near-identical names in one district, a branch and its head
// office, a unit that already has a union, and union registry rows without a usable tax code.
const P = codeFrom(1000); // Công ty TNHH Đức Phát, Phường Đông Lễ
const P1 = `${P}001`; // its branch in Gio Quang
const Q = codeFrom(2000); // Công ty TNHH MTV Đức Phát, Phường Đông Thanh (same district)
const R = codeFrom(3000); // Công ty cổ phần Đức Phát, Phường Đông Lễ (same commune as P)
const S = codeFrom(4000); // Công ty TNHH Sakura Việt Nam, KCN Quán Ngang
const T = codeFrom(5000); // Hợp tác xã Nông nghiệp Gio Quang
const V = codeFrom(6000); // Doanh nghiệp tư nhân Hồng Lan, Phường Đông Giang

const ADDRESS = {
  P: "Số 12 đường Lê Duẩn, Phường Đông Lễ, Thành phố Đông Hà, Tỉnh Quảng Trị",
  P1: "Thôn 3, Xã Gio Quang, Huyện Gio Linh, Tỉnh Quảng Trị",
  Q: "Số 5 đường Hùng Vương, Phường Đông Thanh, Thành phố Đông Hà, Tỉnh Quảng Trị",
  R: "Số 40 đường Trần Phú, Phường Đông Lễ, Thành phố Đông Hà, Tỉnh Quảng Trị",
  S: "Lô CN4, KCN Quán Ngang, Xã Gio Quang, Huyện Gio Linh, Tỉnh Quảng Trị",
  T: "Thôn 7, Xã Gio Quang, Huyện Gio Linh, Tỉnh Quảng Trị",
  V: "Số 9 đường Lê Lợi, Phường Đông Giang, Thành phố Đông Hà, Tỉnh Quảng Trị",
};

async function loadScenario(w: Warehouse): Promise<void> {
  await insertRaw(w, "tax_enterprises", 1, [
    taxRow(P, "Công ty TNHH Đức Phát", "19336", ADDRESS.P, { loai_hinh: "Công ty TNHH hai thành viên trở lên" }),
    taxRow(`${P}-001`, "Chi nhánh Công ty TNHH Đức Phát tại Gio Linh", "19552", ADDRESS.P1, { loai_hinh: "Chi nhánh", ma_so_thue_chu_quan: P }),
    taxRow(Q, "Công ty TNHH MTV Đức Phát", "19339", ADDRESS.Q),
    taxRow(R, "Công ty cổ phần Đức Phát", "19336", ADDRESS.R),
    taxRow(S, "Công ty TNHH Sakura Việt Nam", "19552", ADDRESS.S),
    taxRow(T, "Hợp tác xã Nông nghiệp Gio Quang", "19552", ADDRESS.T),
    taxRow(V, "Doanh nghiệp tư nhân Hồng Lan", "19330", ADDRESS.V),
  ]);
  await insertRaw(w, "union_grassroots_unions", 2, [
    // no tax code, the name as another agency writes it, the address abbreviated
    unionRow("U-1", "CTY TNHH DUC PHAT", null, "19336", "Số 12 đ. Lê Duẩn, P. Đông Lễ, TP. Đông Hà, T. Quảng Trị", "01/01/2005", "31/12/2010"),
    // one digit of S's code changed, the name spelled out without diacritics
    unionRow("U-2", "Cong ty trach nhiem huu han Sakura Viet Nam", oneDigitChanged(S, 5), "19552", ADDRESS.S, "01/03/2015"),
    // two digits of T's code swapped, but a name that is not T's: a candidate, never proof
    unionRow("U-3", "Công ty ABC", twoDigitsSwapped(T, 4), "19552", null, "01/01/2016"),
    // the branch, abbreviated: the branch, not its head office
    unionRow("U-4", "CN CTY TNHH DUC PHAT TAI GIO LINH", null, "19552", ADDRESS.P1, "01/01/2018"),
    // P's code with the forbidden branch suffix 000: P's root; a second union of P, after U-1
    unionRow("U-5", "Công ty TNHH Đức Phát", `${P}-000`, "19336", ADDRESS.P, "01/06/2012"),
    // V already has a union (exact tax code) since 2015: a second one at the same time is a conflict
    unionRow("U-6", "Doanh nghiệp tư nhân Hồng Lan", V, "19330", ADDRESS.V, "01/01/2015"),
    unionRow("U-7", "DNTN HONG LAN", null, "19330", ADDRESS.V, "01/01/2019"),
  ]);
  await insertRaw(w, "union_membership", 3, [
    { ma_cdcs: "U-2", nam: "2024", so_doan_vien: "40", ket_nap_moi: "5" },
    { ma_cdcs: "U-4", nam: "2024", so_doan_vien: "12", ket_nap_moi: "2" },
  ]);
}

const linkOf = async (w: Warehouse, unionCode: string) =>
  (
    await rows(
      w,
      `select tax_code, method, round(confidence, 3) as confidence, decision from main.int_unit_links
                  where dataset = 'union_grassroots_unions' and source_key = '${unionCode}'`,
    )
  )[0];

describe("the fuzzy linker on a hand-made province", () => {
  let w: Warehouse;
  beforeAll(async () => {
    w = await openWarehouse(":memory:");
    await loadScenario(w);
    await buildWarehouse(w.connection);
  });
  afterAll(async () => w?.close());

  it("links a union without a tax code by its name and address, to the unit of that legal form", async () => {
    expect(await linkOf(w, "U-1")).toMatchObject({ tax_code: P, method: "FUZZY_NAME", decision: null });
    expect((await linkOf(w, "U-1")).confidence).toBeGreaterThan(0.99);
  });

  it("links a mistyped tax code to the registered code one edit away when the name agrees", async () => {
    expect(await linkOf(w, "U-2")).toMatchObject({ tax_code: S, method: "TAX_CODE_VARIANT" });
    const membership = await rows(
      w,
      `select tax_code, method, linked_through from main.int_unit_links where dataset = 'union_membership' and source_key = 'U-2'`,
    );
    expect(membership).toEqual([{ tax_code: S, method: "TAX_CODE_VARIANT", linked_through: "UNION" }]);
  });

  it("counts the union with the mistyped tax code for its unit in mart_unit_year", async () => {
    const mart = await rows(w, `select tax_code, has_union, union_codes, members from main.mart_unit_year where tax_code = '${S}' and year = 2024`);
    expect(mart).toEqual([{ tax_code: S, has_union: true, union_codes: ["U-2"], members: 40 }]);
  });

  it("makes the unit one edit away a candidate, never proof: a name that disagrees goes to review", async () => {
    const candidate = await rows(
      w,
      `select tax_code, blocking_rule, tax_code_level, name_level from main.int_link_candidates where source_key = 'U-3' and tax_code = '${T}'`,
    );
    expect(candidate).toEqual([{ tax_code: T, blocking_rule: "TAX_VARIANT", tax_code_level: "ONE_EDIT", name_level: "DIFFERENT" }]);
    expect(await linkOf(w, "U-3")).toMatchObject({ tax_code: null, method: "UNLINKED" });
    const match = await rows(w, `select status, reason, best_tax_code from main.int_link_matches where source_key = 'U-3'`);
    expect(match).toEqual([{ status: "REVIEW", reason: "NAME_DISAGREES", best_tax_code: T }]);
    const queue = await rows(
      w,
      `select tax_code, candidate_rank, source_name, source_tax_code_text, unit_name from main.int_link_review_queue where source_key = 'U-3'`,
    );
    expect(queue[0]).toMatchObject({ tax_code: T, candidate_rank: "1", source_name: "Công ty ABC", unit_name: "Hợp tác xã Nông nghiệp Gio Quang" });
  });

  it("tells a branch from its head office", async () => {
    expect(await linkOf(w, "U-4")).toMatchObject({ tax_code: P1, method: "FUZZY_NAME" });
  });

  it("reads a code with the forbidden suffix 000 by its valid root, and allows a unit's unions one after another", async () => {
    expect(await linkOf(w, "U-5")).toMatchObject({ tax_code: P, method: "TAX_CODE_VARIANT" });
    const candidates = await rows(
      w,
      `select tax_code, tax_code_level from main.int_link_candidates where source_key = 'U-5' and blocking_rule = 'TAX_ROOT' order by tax_code`,
    );
    expect(candidates).toEqual([
      { tax_code: P, tax_code_level: "SAME_ROOT" },
      { tax_code: P1, tax_code_level: "SAME_ROOT" },
    ]);
  });

  it("never gives a unit a second union at the same time unless the data says so", async () => {
    expect(await linkOf(w, "U-6")).toMatchObject({ tax_code: V, method: "EXACT_TAX_CODE" });
    expect(await linkOf(w, "U-7")).toMatchObject({ tax_code: null, method: "UNLINKED" });
    const match = await rows(w, `select status, reason, conflict_source_key, best_tax_code from main.int_link_matches where source_key = 'U-7'`);
    expect(match).toEqual([{ status: "REVIEW", reason: "CONFLICT", conflict_source_key: "U-6", best_tax_code: V }]);
  });

  it("produces each pair once, however many blocking rules find it", async () => {
    const duplicates = await rows(w, `select dataset, source_key, tax_code from main.int_link_candidates group by all having count(*) > 1`);
    expect(duplicates).toEqual([]);
    const several = await rows(w, `select blocking_rules from main.int_link_candidates where source_key = 'U-2' and tax_code = '${S}'`);
    expect(several).toEqual([{ blocking_rules: ["TAX_VARIANT", "NAME_CORE", "AREA_TOKEN", "RARE_TOKEN"] }]);
  });
});

describe("analyst decisions on the fuzzy linker's pairs", () => {
  let w: Warehouse;
  beforeAll(async () => {
    w = await openWarehouse(":memory:");
    await loadScenario(w);
    await buildWarehouse(w.connection);
  });
  afterAll(async () => w?.close());

  it("win on the next build and on every build after it", async () => {
    await decide(w, "union_grassroots_unions", "U-1", P, "REJECT", "2025-02-01 09:00:00");
    await decide(w, "union_grassroots_unions", "U-3", T, "ACCEPT", "2025-02-01 09:05:00");
    await decide(w, "union_grassroots_unions", "U-7", V, "ACCEPT", "2025-02-01 09:10:00");
    for (let build = 0; build < 2; build++) {
      await buildWarehouse(w.connection);
      // the REJECTed pair is gone; the next candidates (the CP and the MTV Đức Phát) are too close to call
      expect(await linkOf(w, "U-1")).toMatchObject({ tax_code: null, method: "UNLINKED" });
      const u1 = await rows(w, `select status, reason from main.int_link_matches where source_key = 'U-1'`);
      expect(u1).toEqual([{ status: "REVIEW", reason: "AMBIGUOUS" }]);
      const queue = await rows(w, `select tax_code from main.int_link_review_queue where source_key = 'U-1' order by candidate_rank`);
      expect(queue.map((r) => r.tax_code)).toEqual([R, Q]);
      // ACCEPTs link, even against the name and against the conflict rule, and leave the queue
      expect(await linkOf(w, "U-3")).toEqual({ tax_code: T, method: "ANALYST_ACCEPTED", confidence: 1, decision: "ACCEPT" });
      expect(await linkOf(w, "U-7")).toEqual({ tax_code: V, method: "ANALYST_ACCEPTED", confidence: 1, decision: "ACCEPT" });
      expect(await rows(w, `select * from main.int_link_review_queue where source_key in ('U-3', 'U-7')`)).toEqual([]);
    }
    // a later REJECT of the accepted pair overrides the ACCEPT
    await decide(w, "union_grassroots_unions", "U-3", T, "REJECT", "2025-03-01 10:00:00");
    await buildWarehouse(w.connection);
    expect(await linkOf(w, "U-3")).toMatchObject({ tax_code: null, method: "UNLINKED" });
    expect(
      await rows(
        w,
        `select * from main.int_link_candidates c join main.int_link_matches m using (dataset, source_key) where c.source_key = 'U-3' and m.tax_code is not null`,
      ),
    ).toEqual([]);
  });
});

// Between the review threshold and the auto-link threshold: a name that agrees exactly but
// whose legal form and place disagree. A province of three units (prior log2(1/2) = −1 bit):
//   B-1 "Công ty cổ phần Sakura Việt Nam" in Gio Mỹ (S is a TNHH in Gio Quang, same old district):
//       12.97 (EXACT) − 4.37 (legal form DIFFERENT) − 1.50 (SAME_AREA) − 1 = 6.09 bits, p = 0.9856
//   B-2 the same name in Phường Đông Lễ (another district): 12.97 − 4.37 − 4.34 − 1 = 3.26 bits, p = 0.9053
//   B-3 "Công ty TNHH Sakura Việt Nam" in Gio Mỹ: 12.97 + 1.82 − 1.50 − 1 = 12.28 bits, p = 0.9998 (linked)
describe("the auto-link threshold: a likely candidate below it goes to review, not to a link", () => {
  let w: Warehouse;
  beforeAll(async () => {
    w = await openWarehouse(":memory:");
    await insertRaw(w, "tax_enterprises", 1, [
      taxRow(S, "Công ty TNHH Sakura Việt Nam", "19552", ADDRESS.S),
      taxRow(T, "Hợp tác xã Nông nghiệp Gio Quang", "19552", ADDRESS.T),
      taxRow(V, "Doanh nghiệp tư nhân Hồng Lan", "19330", ADDRESS.V),
    ]);
    await insertRaw(w, "union_grassroots_unions", 2, [
      unionRow("B-1", "Công ty cổ phần Sakura Việt Nam", null, "19510", null, "01/01/2016"),
      unionRow("B-2", "Công ty cổ phần Sakura Việt Nam", null, "19336", null, "01/01/2016"),
      unionRow("B-3", "Công ty TNHH Sakura Việt Nam", null, "19510", null, "01/01/2016"),
    ]);
    await buildWarehouse(w.connection);
  });
  afterAll(async () => w?.close());

  const match = async (key: string) =>
    (await rows(w, `select status, reason, best_tax_code, round(match_probability, 4) as p from main.int_link_matches where source_key = '${key}'`))[0];

  it("sends candidates of probability 0.9053 and 0.9856 (name EXACT, form and place disagreeing) to review as BELOW_THRESHOLD", async () => {
    expect(await match("B-1")).toEqual({ status: "REVIEW", reason: "BELOW_THRESHOLD", best_tax_code: S, p: 0.9856 });
    expect(await match("B-2")).toEqual({ status: "REVIEW", reason: "BELOW_THRESHOLD", best_tax_code: S, p: 0.9053 });
    for (const key of ["B-1", "B-2"]) {
      expect(await linkOf(w, key)).toMatchObject({ tax_code: null, method: "UNLINKED" });
      expect(await rows(w, `select tax_code from main.int_link_review_queue where source_key = '${key}'`)).toEqual([{ tax_code: S }]);
    }
  });

  it("links the candidate above it (0.9998), and the settings are the README's: review from 0.05, auto-link from 0.99", async () => {
    expect(await match("B-3")).toEqual({ status: "LINKED", reason: null, best_tax_code: S, p: 0.9998 });
    expect(await linkOf(w, "B-3")).toMatchObject({ tax_code: S, method: "FUZZY_NAME" });
    expect(await rows(w, `select lnk.review_probability()::double as review, lnk.auto_link_probability()::double as auto_link`)).toEqual([
      { review: 0.05, auto_link: 0.99 },
    ]);
  });
});
