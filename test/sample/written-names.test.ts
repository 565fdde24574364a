import { describe, expect, it } from "vitest";
import {
  branchOrderName,
  capitalsName,
  englishName,
  nameKindApplies,
  olderNameKind,
  oneMemberName,
  quotesBracketsName,
  tradeAbbreviated,
} from "../../etl/sample/names/written-names.js";
import type { EmployerUnit } from "../../etl/sample/population.js";
import { Random } from "../../etl/sample/prng.js";

/** Every way a kind writes a name, over many draws. */
function drawn(write: (random: Random) => string | null, draws = 300): Set<string | null> {
  const random = new Random(7);
  return new Set(Array.from({ length: draws }, () => write(random)));
}

const unit = (name: string): EmployerUnit => ({ name }) as EmployerUnit;

describe("employer names as the sample writes them (etl/sample/names/written-names.ts)", () => {
  it("abbreviates trade words the ways files do, and leaves a name without them alone", () => {
    const written = drawn((r) => tradeAbbreviated("Công ty TNHH Thương mại và Dịch vụ Đức Phát", r));
    const forms = ["TM&DV", "TM-DV", "TMDV", "TM và DV", "TM - DV", "TM DV"];
    const expected = new Set(forms.flatMap((f) => ["Công ty TNHH ", "Cty TNHH ", "CÔNG TY TNHH "].flatMap((p) => [`${p}${f} Đức Phát`])));
    const upper = (t: string) => t.normalize("NFD").replace(/\p{M}/gu, "").replace(/Đ/g, "D").replace(/đ/g, "d").toUpperCase();
    for (const name of written) expect(expected.has(name!) || [...expected].some((e) => upper(e) === name), name!).toBe(true);
    expect(written.size).toBeGreaterThan(8);
    expect(tradeAbbreviated("Công ty cổ phần Xây dựng Giao thông Quảng Trị", new Random(1))).toMatch(/(XD Giao thông|XDGT|XD GT|XD GIAO THONG)/);
    expect(tradeAbbreviated("Công ty TNHH Đức Phát", new Random(1))).toBeNull();
    expect(nameKindApplies("trade_abbreviations", unit("Công ty TNHH Đức Phát"))).toBe(false);
  });

  it("writes a company's English name with its trade words translated, its form as English does, or a mixed name", () => {
    const written = drawn((r) => englishName(unit("Công ty TNHH Xây dựng Đức Phát"), r));
    const english = ["CO., LTD", "CO.,LTD", "COMPANY LIMITED", "LIMITED LIABILITY COMPANY"].map((f) => `DUC PHAT CONSTRUCTION ${f}`);
    for (const name of written) {
      expect(english.includes(name!.toUpperCase()) || name === "Công ty TNHH Đức Phát CONSTRUCTION", name!).toBe(true);
    }
    expect(written.has("DUC PHAT CONSTRUCTION CO., LTD")).toBe(true);
    expect(written.has("Duc Phat Construction Co., Ltd")).toBe(true);
    expect(written.has("Công ty TNHH Đức Phát CONSTRUCTION")).toBe(true);
    const joint = drawn((r) => englishName(unit("Công ty cổ phần Tân Việt"), r));
    expect(
      [...joint].every((n) => /^(TAN VIET (JSC|JOINT STOCK COMPANY|CORPORATION|CORP)|Tan Viet (JSC|Joint Stock Company|Corporation|Corp))$/.test(n!)),
    ).toBe(true);
    const fdi = drawn((r) => englishName(unit("Công ty TNHH Hansol Việt Nam"), r));
    expect(fdi.has("HANSOL VIETNAM CO., LTD")).toBe(true);
    expect(fdi.has("Công ty TNHH Hansol Vietnam")).toBe(true);
    const branch = drawn((r) => englishName(unit("Chi nhánh Công ty TNHH Đức Phát tại Gio Linh"), r));
    expect(branch.has("DUC PHAT CO., LTD - GIO LINH BRANCH")).toBe(true);
    expect(branch.has("GIO LINH BRANCH - DUC PHAT CO., LTD")).toBe(true);
    // no English form for an office of another kind, or a numbered branch
    expect(nameKindApplies("english", unit("Văn phòng công chứng An Lợi Dũng"))).toBe(false);
    expect(nameKindApplies("english", unit("Chi nhánh số 2 Công ty cổ phần Hoàng Dũng tại Hải Lăng"))).toBe(false);
  });

  it("writes capitals with or without diacritics", () => {
    expect(drawn((r) => capitalsName("Công ty TNHH MTV Đức Phát", r))).toEqual(new Set(["CONG TY TNHH MTV DUC PHAT", "CÔNG TY TNHH MTV ĐỨC PHÁT"]));
  });

  it("puts a branch's company first or its place first, around a dash", () => {
    const written = drawn((r) => branchOrderName("Chi nhánh Công ty TNHH Đức Phát tại Gio Linh", r));
    expect(written).toEqual(
      new Set([
        "Công ty TNHH Đức Phát - Chi nhánh Gio Linh",
        "Công ty TNHH Đức Phát - Chi nhánh tại Gio Linh",
        "Chi nhánh Gio Linh - Công ty TNHH Đức Phát",
        "Công ty TNHH Đức Phát – Chi nhánh Gio Linh",
        "Chi nhánh tại Gio Linh (Công ty TNHH Đức Phát)",
        "CN Gio Linh - Cty TNHH Đức Phát",
        "Cty TNHH Đức Phát - CN Gio Linh",
      ]),
    );
    expect(branchOrderName("Văn phòng đại diện Công ty TNHH Sakura tại Quảng Trị", new Random(2))).toMatch(/Văn phòng đại diện/);
    expect(branchOrderName("Công ty TNHH Đức Phát", new Random(2))).toBeNull();
  });

  it("writes a one-member company's MTV another way, or leaves it out", () => {
    expect(drawn((r) => oneMemberName("Công ty TNHH MTV Đức Phát", r))).toEqual(
      new Set([
        "Công ty TNHH một thành viên Đức Phát",
        "Công ty TNHH Một Thành Viên Đức Phát",
        "Công ty TNHH 1TV Đức Phát",
        "Công ty TNHH 1 thành viên Đức Phát",
        "Công ty TNHH Đức Phát",
      ]),
    );
    expect(oneMemberName("Công ty cổ phần Đức Phát", new Random(2))).toBeNull();
  });

  it("adds quotes and brackets, paired or not", () => {
    const written = drawn((r) => quotesBracketsName("Công ty TNHH Đức Phát", r));
    for (const name of [
      '"Công ty TNHH Đức Phát"',
      '"Công ty TNHH Đức Phát',
      "[Công ty TNHH Đức Phát]",
      'Công ty TNHH "Đức Phát"',
      "Công ty TNHH “Đức Phát”",
      "Công ty TNHH Đức Phát (DUC PHAT)",
      "Công ty TNHH Đức Phát (DUC PHAT CO., LTD)",
    ]) {
      expect(written.has(name), name).toBe(true);
    }
  });

  it("tells the older variants apart", () => {
    const registered = "Công ty TNHH Đức Phát";
    expect(olderNameKind(registered, registered)).toBe("as_registered");
    expect(olderNameKind(registered, "CTY TNHH DUC PHAT")).toBe("capitals_abbreviated");
    expect(olderNameKind(registered, "Cong ty trach nhiem huu han Duc Phat")).toBe("spelled_out_no_diacritics");
  });
});
