import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quoteLiteral } from "../../core/warehouse/sql-text.js";
import { buildWarehouse } from "../../etl/build/build-warehouse.js";
import { MODELS_DIR } from "../../etl/build/model-manifest.js";
import { DEFAULT_REFERENCE_DIR, loadReferenceTable, REFERENCE_TABLES } from "../../etl/build/reference-tables.js";
import { openWarehouse, type Warehouse } from "../../etl/warehouse/warehouse.js";
import { createAsBuilt } from "../helpers/built-shapes.js";
import { codeFrom, insertRaw, rows, taxRow, unionRow } from "./scenario-helpers.js";

interface Reading {
  weight: number;
  form: string | null;
  core: string | null;
  tokens: string[];
  expansions: string[];
}

/**
 * Names as agencies write them, read through the name dictionary
 * (etl/reference/name_abbreviations.csv) by int_link_units: hand-written names, each
 * against the name the tax registry holds. The cases are written here by hand, not taken
 * from the sample generator (whose own variants are in etl/sample/names/written-names.ts).
 */
describe("the name dictionary", () => {
  let w: Warehouse;
  beforeAll(async () => {
    w = await openWarehouse(":memory:");
    await w.connection.run("create schema if not exists ref");
    await loadReferenceTable(w.connection, DEFAULT_REFERENCE_DIR, REFERENCE_TABLES.find((t) => t.table === "name_abbreviations")!);
  });
  afterAll(async () => w?.close());

  it("is dated, versioned and sourced, and its readings of one written form share 1 in each position", async () => {
    const [summary] = await rows(
      w,
      `select count(*)::int as entries, min(version)::int as first_version, max(added_on)::varchar as latest,
              count(*) filter (where source is null or trim(source) = '')::int as unsourced,
              count(*) filter (where kind not in ('TRADE', 'LEGAL_FORM', 'ENGLISH', 'PLACE', 'CONNECTOR'))::int as bad_kinds,
              count(*) filter (where position not in ('ANY', 'FIRST', 'NOT_FIRST'))::int as bad_positions
       from ref.name_abbreviations`,
    );
    expect(summary).toMatchObject({ first_version: 1, latest: "2026-12-05", unsourced: 0, bad_kinds: 0, bad_positions: 0 });
    expect(summary.entries).toBeGreaterThan(150);
    const unbalanced = await rows(
      w,
      `select written, position, sum(score) as total from ref.name_abbreviations group by all having abs(sum(score) - 1) > 1e-9`,
    );
    expect(unbalanced).toEqual([]);
    // a written form is either read anywhere or by position, never both (the readings would double)
    const mixed = await rows(w, `select written from ref.name_abbreviations group by written having count(distinct position = 'ANY') > 1`);
    expect(mixed).toEqual([]);
  });

  it("holds the abbreviations agencies use, CN with both its trade readings", async () => {
    const entries = await rows(w, `select written, list(reading order by reading) as readings from ref.name_abbreviations group by written`);
    const readings = new Map(entries.map((e) => [e.written as string, e.readings as string[]]));
    for (const [written, reading] of [
      ["TM", "thương mại"],
      ["DV", "dịch vụ"],
      ["TMDV", "thương mại dịch vụ"],
      ["SX", "sản xuất"],
      ["XD", "xây dựng"],
      ["VLXD", "vật liệu xây dựng"],
      ["CB", "chế biến"],
      ["XNK", "xuất nhập khẩu"],
      ["KD", "kinh doanh"],
      ["VT", "vận tải"],
      ["NN", "nông nghiệp"],
      ["TV", "tư vấn"],
      ["ĐT", "đầu tư"],
      ["PT", "phát triển"],
      ["CN", "công nghệ"],
      ["CN", "công nghiệp"],
      ["JSC", "công ty cổ phần"],
      ["Co. Ltd", "công ty TNHH"],
      ["Corp", "công ty"],
      ["Vietnam", "Việt Nam"],
    ]) {
      expect(readings.get(written), written).toContain(reading);
    }
  });
});

describe("names as written, read by int_link_units", () => {
  let w: Warehouse;
  let n = 0;
  const cases = new Map<string, string>();
  const code = (name: string) => {
    if (!cases.has(name)) cases.set(name, codeFrom(20_000 + 10 * n++));
    return cases.get(name)!;
  };

  // [as written, as the tax registry holds it]
  const SAME: [string, string][] = [
    // trade and industry abbreviations
    ["Công ty TNHH TM DV Hoàng Long", "Công ty TNHH Thương mại Dịch vụ Hoàng Long"],
    ["CTY TNHH TM-DV HOANG LONG", "Công ty TNHH Thương mại và Dịch vụ Hoàng Long"],
    ["Công ty TNHH TMDV Hoàng Long", "Công ty TNHH Thương mại và Dịch vụ Hoàng Long"],
    ["Cty TNHH TM&DV Hoàng Long", "Công ty TNHH Thương mại và Dịch vụ Hoàng Long"],
    ["Cty CP SX & TM Bình Minh", "Công ty cổ phần Sản xuất và Thương mại Bình Minh"],
    ["Công ty TNHH XD Minh Quân", "Công ty TNHH Xây dựng Minh Quân"],
    ["Công ty CP VLXD Đông Hà", "Công ty cổ phần Vật liệu xây dựng Đông Hà"],
    ["HTX CB Nông sản Hướng Hóa", "Hợp tác xã Chế biến Nông sản Hướng Hóa"],
    ["Công ty TNHH XNK Lao Bảo", "Công ty TNHH Xuất nhập khẩu Lao Bảo"],
    ["Công ty TNHH KD Vàng bạc Kim Ngân", "Công ty TNHH Kinh doanh Vàng bạc Kim Ngân"],
    ["HTX DV VT Triệu Phong", "Hợp tác xã Dịch vụ Vận tải Triệu Phong"],
    ["HTX DV NN Gio Mỹ", "Hợp tác xã Dịch vụ Nông nghiệp Gio Mỹ"],
    ["Công ty TNHH TV Thiết kế Trường Sơn", "Công ty TNHH Tư vấn Thiết kế Trường Sơn"],
    ["Công ty CP ĐT & PT Hạ tầng Quảng Trị", "Công ty cổ phần Đầu tư và Phát triển Hạ tầng Quảng Trị"],
    ["Công ty TNHH CNTT Sao Việt", "Công ty TNHH Công nghệ Thông tin Sao Việt"],
    // English and mixed names
    ["ABC VIETNAM CO., LTD", "Công ty TNHH ABC Việt Nam"],
    ["ABC Vietnam Company Limited", "Công ty TNHH ABC Việt Nam"],
    ["Công ty TNHH Hansol Vietnam", "Công ty TNHH Hansol Việt Nam"],
    ["SAO MAI JSC", "Công ty cổ phần Sao Mai"],
    ["Sao Mai Joint Stock Company", "Công ty cổ phần Sao Mai"],
    // all capitals, with or without diacritics
    ["CÔNG TY TNHH ĐỨC PHÁT", "Công ty TNHH Đức Phát"],
    ["CONG TY TNHH MOT THANH VIEN DUC PHAT", "Công ty TNHH MTV Đức Phát"],
    // a branch and its company in either order
    ["Công ty TNHH Đức Phát - Chi nhánh Gio Linh", "Chi nhánh Công ty TNHH Đức Phát tại Gio Linh"],
    ["Chi nhánh Gio Linh – Công ty TNHH Đức Phát", "Chi nhánh Công ty TNHH Đức Phát tại Gio Linh"],
    ["CN Gio Linh - CTY TNHH DUC PHAT", "Chi nhánh Công ty TNHH Đức Phát tại Gio Linh"],
    ["CN CTY TNHH DUC PHAT TAI GIO LINH", "Chi nhánh Công ty TNHH Đức Phát tại Gio Linh"],
    ["Công ty cổ phần Hoàng Dũng - Chi nhánh số 2 tại Hải Lăng", "Chi nhánh số 2 Công ty cổ phần Hoàng Dũng tại Hải Lăng"],
    ["DUC PHAT CO., LTD - GIO LINH BRANCH", "Chi nhánh Công ty TNHH Đức Phát tại Gio Linh"],
    ["Công ty TNHH Sakura - Văn phòng đại diện tại Quảng Trị", "Văn phòng đại diện Công ty TNHH Sakura tại Quảng Trị"],
    ["SAKURA CO., LTD - QUANG TRI REPRESENTATIVE OFFICE", "Văn phòng đại diện Công ty TNHH Sakura tại Quảng Trị"],
    // one member
    ["Công ty TNHH một thành viên Đức Phát", "Công ty TNHH MTV Đức Phát"],
    ["Công ty TNHHMTV Đức Phát", "Công ty TNHH MTV Đức Phát"],
    ["Công ty TNHH 1 TV Đức Phát", "Công ty TNHH MTV Đức Phát"],
    ["DUC PHAT ONE MEMBER CO., LTD", "Công ty TNHH MTV Đức Phát"],
    // stray quotes and brackets
    ['Công ty TNHH "Đức Phát"', "Công ty TNHH Đức Phát"],
    ['"Công ty TNHH Đức Phát', "Công ty TNHH Đức Phát"],
    ["Công ty TNHH Đức Phát (Duc Phat Co., Ltd)", "Công ty TNHH Đức Phát"],
    ["[CÔNG TY TNHH ĐỨC PHÁT]", "Công ty TNHH Đức Phát"],
    ["Công ty TNHH Đức Phát (cũ)", "Công ty TNHH Đức Phát"],
    // words that only look like abbreviations stay as written
    ["Công ty cổ phần Hải sản Cồn Cỏ", "Công ty cổ phần Hải sản Cồn Cỏ"],
  ];
  // English word order: the same words and form, another order
  const SAME_WORDS: [string, string][] = [
    ["HOANG LONG TRADING AND SERVICES CO.,LTD", "Công ty TNHH Thương mại và Dịch vụ Hoàng Long"],
    ["QUANG TRI CONSTRUCTION INVESTMENT JSC", "Công ty cổ phần Đầu tư Xây dựng Quảng Trị"],
    ["HANSOL GARMENT VIETNAM CO., LTD", "Công ty TNHH May mặc Hansol Việt Nam"],
  ];
  const AMBIGUOUS = ["Công ty TNHH CN Sao Việt", "Công ty CP VT Biển Đông", "CN CTY TNHH DUC PHAT TAI GIO LINH", "SAO MAI CORP"];

  const readingsOf = async (name: string): Promise<Reading[]> => {
    const [row] = await rows(w, `select name_readings from main.int_link_units where tax_code = '${code(name)}'`);
    return (row.name_readings as Reading[]).map((r) => ({ ...r, weight: Number(r.weight) }));
  };

  beforeAll(async () => {
    w = await openWarehouse(":memory:");
    await w.connection.run("create schema if not exists ref");
    await loadReferenceTable(w.connection, DEFAULT_REFERENCE_DIR, REFERENCE_TABLES.find((t) => t.table === "name_abbreviations")!);
    await w.connection.run(readFileSync(new URL("macros/link_macros.sql", MODELS_DIR), "utf8"));
    const names = [...new Set([...SAME.flat(), ...SAME_WORDS.flat(), ...AMBIGUOUS])];
    // The tables int_link_units reads, as the build creates them (no area, no district unit: none is needed here).
    await createAsBuilt(w.connection, ["int_employer_units", "int_link_areas", "seed_admin_district_units"]);
    await w.connection.run(
      `insert into main.int_employer_units by name
       select name, code as tax_code, code as root_tax_code, false as is_branch, 'TAX' as registry_source, 'ACTIVE' as status
       from (values ${names.map((name) => `(${quoteLiteral(name)}, '${code(name)}')`).join(", ")}) v(name, code)`,
    );
    await w.connection.run(readFileSync(new URL("intermediate/int_link_units.sql", MODELS_DIR), "utf8"));
  });
  afterAll(async () => w?.close());

  it.each(SAME)("%s reads as %s", async (written, registered) => {
    const [best] = await readingsOf(written);
    const [unit] = await readingsOf(registered);
    expect({ form: best.form, core: best.core }).toEqual({ form: unit.form, core: unit.core });
    expect(best.weight).toBe(0);
  });

  it.each(SAME_WORDS)("%s has the words and form of %s", async (written, registered) => {
    const [best] = await readingsOf(written);
    const [unit] = await readingsOf(registered);
    expect(best.form).toBe(unit.form);
    expect([...best.tokens].sort()).toEqual([...unit.tokens].sort());
  });

  it("says which entries it used", async () => {
    const [best] = await readingsOf("CTY TNHH TM-DV HOANG LONG");
    expect(best.expansions).toEqual(["TM → thương mại", "DV → dịch vụ"]);
    const [english] = await readingsOf("ABC VIETNAM CO., LTD");
    expect(english.expansions).toEqual(["Vietnam → Việt Nam", "Co. Ltd → công ty TNHH"]);
  });

  it("keeps every reading of an ambiguous abbreviation, scored by the dictionary's shares", async () => {
    const summary = (readings: Reading[]) => readings.map((r) => [r.form, r.core, Math.round(r.weight * 100) / 100]);
    // CN inside a name: công nghệ 0.45, công nghiệp 0.35, chi nhánh 0.2
    expect(summary(await readingsOf("Công ty TNHH CN Sao Việt"))).toEqual([
      ["TNHH", "cong nghe sao viet", 0],
      ["TNHH", "cong nghiep sao viet", Math.round(Math.log2(0.35 / 0.45) * 100) / 100],
      ["CHI_NHANH", "sao viet", Math.round(Math.log2(0.2 / 0.45) * 100) / 100],
    ]);
    // CN first: chi nhánh 0.9, the trade readings 0.05 each
    const first = await readingsOf("CN CTY TNHH DUC PHAT TAI GIO LINH");
    expect(first[0]).toMatchObject({ form: "CHI_NHANH", core: "duc phat tai gio linh", weight: 0 });
    expect(first.slice(1).map((r) => [r.core, Math.round(r.weight * 100) / 100])).toEqual([
      ["cong nghiep duc phat tai gio linh", Math.round(Math.log2(0.05 / 0.9) * 100) / 100],
      ["cong nghe duc phat tai gio linh", Math.round(Math.log2(0.05 / 0.9) * 100) / 100],
    ]);
    // Corp: a joint-stock company 0.6, a company of any form 0.4
    expect(summary(await readingsOf("SAO MAI CORP"))).toEqual([
      ["CO_PHAN", "sao mai", 0],
      ["CONG_TY", "sao mai", Math.round(Math.log2(0.4 / 0.6) * 100) / 100],
    ]);
    // VT: vận tải 0.7, vật tư 0.2, viễn thông 0.1
    expect((await readingsOf("Công ty CP VT Biển Đông")).map((r) => r.core)).toEqual(["van tai bien dong", "vat tu bien dong", "vien thong bien dong"]);
  });

  it("reads a name once however many units bear it, and a name without dictionary words as written", async () => {
    const readings = await readingsOf("Công ty TNHH Đức Phát");
    expect(readings).toEqual([
      {
        weight: 0,
        form: "TNHH",
        core: "duc phat",
        tokens: expect.arrayContaining(["duc", "phat"]),
        text: "cong ty tnhh duc phat",
        expansions: [],
        english: false,
      },
    ]);
  });
});

// Two units whose names differ only in the word CN stands for, and unions that write it CN.
const TECH = codeFrom(31_000); // Công ty TNHH Công nghệ Minh Tâm
const INDUSTRY = codeFrom(32_000); // Công ty TNHH Công nghiệp Minh Tâm (same commune)
const SOLE = codeFrom(33_000); // Công ty TNHH Công nghiệp Sông Hiếu (alone of its name)
const ENGLISH = codeFrom(34_000); // Công ty TNHH May mặc Hansol Việt Nam
const STREET = "Số 9 đường Lê Lợi, Phường Đông Giang, Thành phố Đông Hà, Tỉnh Quảng Trị";

describe("the linker on names written another way", () => {
  let w: Warehouse;
  beforeAll(async () => {
    w = await openWarehouse(":memory:");
    const tax = (code: string, name: string, address: string) => taxRow(code, name, "19330", address, { ngay_thanh_lap: "01/01/2010" });
    await insertRaw(w, "tax_enterprises", 1, [
      tax(TECH, "Công ty TNHH Công nghệ Minh Tâm", STREET),
      tax(INDUSTRY, "Công ty TNHH Công nghiệp Minh Tâm", "Số 21 đường Lê Lợi, Phường Đông Giang, Thành phố Đông Hà, Tỉnh Quảng Trị"),
      tax(SOLE, "Công ty TNHH Công nghiệp Sông Hiếu", "Số 3 đường Trần Phú, Phường Đông Giang, Thành phố Đông Hà, Tỉnh Quảng Trị"),
      tax(ENGLISH, "Công ty TNHH May mặc Hansol Việt Nam", "Lô CN4, KCN Nam Đông Hà, Phường Đông Giang, Thành phố Đông Hà, Tỉnh Quảng Trị"),
    ]);
    const union = (code: string, employer: string, address: string) => unionRow(code, employer, null, "19330", address, "01/01/2015");
    await insertRaw(w, "union_grassroots_unions", 2, [
      // CN could be either unit: both are candidates and neither wins by the margin
      union("N-1", "CTY TNHH CN MINH TAM", "P. Đông Giang, TP. Đông Hà, T. Quảng Trị"),
      // CN where only one reading names a unit: linked to it
      union("N-2", "Công ty TNHH CN Sông Hiếu", "Số 3 đ. Trần Phú, P. Đông Giang, TP. Đông Hà, T. Quảng Trị"),
      // the English name, in its own word order
      union("N-3", "HANSOL GARMENT VIETNAM CO., LTD", "Lô CN4, KCN Nam Đông Hà, P. Đông Giang, TP. Đông Hà"),
    ]);
    await buildWarehouse(w.connection);
  });
  afterAll(async () => w?.close());

  const linkOf = async (unionCode: string) =>
    (await rows(w, `select tax_code, method from main.int_unit_links where dataset = 'union_grassroots_unions' and source_key = '${unionCode}'`))[0];

  it("sends an abbreviation two units could stand for to the review queue, with how it read the name", async () => {
    expect(await linkOf("N-1")).toEqual({ tax_code: null, method: "UNLINKED" });
    expect(await rows(w, `select status, reason from main.int_link_matches where source_key = 'N-1'`)).toEqual([{ status: "REVIEW", reason: "AMBIGUOUS" }]);
    const queue = await rows(
      w,
      `select tax_code, source_name, unit_name, source_name_reading, name_expansions, name_level
       from main.int_link_review_queue where source_key = 'N-1' and candidate_rank <= 2 order by tax_code`,
    );
    expect(queue).toEqual(
      [
        {
          tax_code: TECH,
          source_name: "CTY TNHH CN MINH TAM",
          unit_name: "Công ty TNHH Công nghệ Minh Tâm",
          source_name_reading: "cty tnhh cong nghe minh tam",
          name_expansions: ["CN → công nghệ"],
          name_level: "EXACT",
        },
        {
          tax_code: INDUSTRY,
          source_name: "CTY TNHH CN MINH TAM",
          unit_name: "Công ty TNHH Công nghiệp Minh Tâm",
          source_name_reading: "cty tnhh cong nghiep minh tam",
          name_expansions: ["CN → công nghiệp"],
          name_level: "EXACT",
        },
      ].sort((a, b) => (a.tax_code < b.tax_code ? -1 : 1)),
    );
  });

  it("links an ambiguous abbreviation when one reading names the unit", async () => {
    expect(await linkOf("N-2")).toEqual({ tax_code: SOLE, method: "FUZZY_NAME" });
    const [pair] = await rows(
      w,
      `select name_expansions, name_level, round(name_reading_weight, 2) as w from main.int_link_candidates where source_key = 'N-2' and tax_code = '${SOLE}'`,
    );
    expect(pair).toEqual({ name_expansions: ["CN → công nghiệp"], name_level: "EXACT", w: Math.round(Math.log2(0.35 / 0.45) * 100) / 100 });
  });

  it("links an English name written in English word order: the same words, read from English, agree as EXACT", async () => {
    expect(await linkOf("N-3")).toEqual({ tax_code: ENGLISH, method: "FUZZY_NAME" });
    const [pair] = await rows(w, `select name_level, legal_form_level from main.int_link_candidates where source_key = 'N-3' and tax_code = '${ENGLISH}'`);
    expect(pair).toEqual({ name_level: "EXACT", legal_form_level: "SAME" });
  });
});
