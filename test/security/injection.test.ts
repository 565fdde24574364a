/**
 * Filters with quotes, wildcards and SQL fragments are data: they reach DuckDB as
 * parameters (never in the statement's text), match only what they literally say,
 * never widen a key's scope, and leave the warehouse as it was.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { UNITS, unitNo } from "../api/fixtures/tiny-warehouse.js";
import { codesOf, dataOf, districts, type SecureApi, startSecureApi } from "./fixtures.js";

/** The warehouse's util.fold in JS: lower case, no diacritics, đ → d, runs of other characters → one space. */
const fold = (text: string) =>
  text
    .normalize("NFC")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

/** As the API shows them: a branch written 3200001609-001. */
const IN_464 = new Set(UNITS.filter((u) => u.no <= 15).map((u) => unitNo(u.no).shownTaxCode));

let s: SecureApi;
let analyst: string;
let scoped: string;
beforeAll(async () => {
  s = await startSecureApi();
  analyst = s.key("ANALYST");
  scoped = s.key("ANALYST", districts("464"));
});
afterAll(() => s.close());

const PAGE = `query($filter: EnterpriseFilterInput) { enterprises(first: 100, filter: $filter) { totalCount nodes { taxCode name } } }`;
const HOSTILE = [
  "'; drop table mart_unit_year; --",
  "' OR '1'='1",
  '" OR ""="',
  "1; select * from lineage.batches",
  "x') union all select tax_code from mart_unit_year --",
  "%",
  "_",
  "\\",
  "%%",
  "a%",
  "%' --",
  "\\%",
  "*",
  "$1",
  "?",
  "\u0000",
];

async function units(token: string, filter: Record<string, unknown>) {
  const answer = await s.post(token, PAGE, { filter });
  return { answer, codes: codesOf(answer), data: answer.body.data?.enterprises as { totalCount: number; nodes: { taxCode: string }[] } | undefined };
}

test("the warehouse still has its 30 units after every hostile string below (checked at the end too)", async () => {
  expect((await units(analyst, {})).data!.totalCount).toBe(30);
});

describe("nameSearch", () => {
  test("SQL fragments and quotes: no match, no error beyond BAD_USER_INPUT, nothing in the statement text", async () => {
    for (const text of HOSTILE) {
      s.api.tiny.resetStatements();
      const { codes, data } = await units(analyst, { nameSearch: text });
      if (/[\p{L}\p{N}]/u.test(text)) {
        // Exactly the names that contain the text's words, literally (as the warehouse folds both): "a%" finds the names with an "a".
        expect(codes, text).toEqual([]);
        expect(data!.totalCount, text).toBe(UNITS.filter((u) => fold(u.name).includes(fold(text))).length);
        expect(
          data!.nodes.every((n) => fold((n as unknown as { name: string }).name).includes(fold(text))),
          text,
        ).toBe(true);
      } else {
        expect(codes, text).toEqual(["BAD_USER_INPUT"]); // nothing to search for: said so, not "match everything"
      }
      for (const statement of s.api.tiny.statements) {
        if (text.length > 1 && !/^\$\d$/.test(text)) expect(statement, text).not.toContain(text); // ("$1" is the placeholder's own spelling)
        expect(statement).not.toMatch(/drop table|union all select tax_code/i);
      }
    }
  });

  test("% and _ are not wildcards, and \\ is not an escape: they are characters (folded to spaces like all punctuation)", async () => {
    // Unit 5 is "Doanh nghiệp tư nhân Hải sản 100%": "100%" finds it, as "100" does.
    const hundred = await units(analyst, { nameSearch: "100%" });
    expect(hundred.data!.nodes.map((n) => n.taxCode)).toEqual([unitNo(5).taxCode]);
    // As LIKE patterns these would match every name with "1…0" or "Vinh?Linh"; as data they match nothing, or only the literal words.
    expect((await units(analyst, { nameSearch: "1%0" })).data!.totalCount).toBe(0);
    expect((await units(analyst, { nameSearch: "1_0" })).data!.totalCount).toBe(0);
    expect((await units(analyst, { nameSearch: "V%h L%h" })).data!.totalCount).toBe(0);
    const vinhLinh = (await units(analyst, { nameSearch: "vinh linh" })).data!.totalCount;
    expect(vinhLinh).toBeGreaterThan(0);
    expect((await units(analyst, { nameSearch: "vinh_linh" })).data!.totalCount).toBe(vinhLinh);
    expect((await units(analyst, { nameSearch: "vinh\\linh" })).data!.totalCount).toBe(vinhLinh);
  });
});

describe("code lists", () => {
  test("quotes and SQL in code lists match nothing (never everything); in taxCodeIn they are BAD_USER_INPUT", async () => {
    for (const text of HOSTILE) {
      // A tax code has one shape (10 digits, a branch's 13, written with or without its dash): anything else is refused, naming the field.
      const taxCodes = await units(analyst, { taxCodeIn: [text] });
      expect(taxCodes.codes, `taxCodeIn ${text}`).toEqual(["BAD_USER_INPUT"]);
      expect(JSON.stringify(taxCodes.answer.body.errors), `taxCodeIn ${text}`).toContain("filter.taxCodeIn");
      for (const field of ["districtCodeIn", "communeCodeIn", "newCommuneCodeIn", "provinceCodeIn", "sectorIn", "upperUnionIn", "industrialZoneIn"]) {
        const { codes, data } = await units(analyst, { [field]: [text] });
        expect(codes, `${field} ${text}`).toEqual([]);
        expect(data!.totalCount, `${field} ${text}`).toBe(0);
      }
      // Enumerated lists do not even take them: the value is not one of the enum's.
      for (const field of ["ownershipIn", "legalFormIn", "statusIn", "sizeBandIn", "workersSourceIn"]) {
        expect((await units(analyst, { [field]: [text] })).codes, `${field} ${text}`).toEqual(["BAD_USER_INPUT"]);
      }
    }
  });

  test("a scoped key cannot escape its scope with a crafted district code", async () => {
    for (const text of ["461' OR '1'='1", "464') OR (1=1", "461", "%", "46_"]) {
      const { data } = await units(scoped, { districtCodeIn: [text] });
      expect(data!.totalCount, text).toBe(0);
      const either = await units(scoped, { OR: [{ districtCodeIn: [text] }, { hasUnion: true }, { hasUnion: false }] });
      expect(
        either.data!.nodes.map((n) => n.taxCode).filter((t) => !IN_464.has(t)),
        text,
      ).toEqual([]);
      expect(either.data!.totalCount, text).toBe(IN_464.size);
    }
  });
});

test("tax codes and cursors: hostile input is BAD_USER_INPUT, not SQL", async () => {
  for (const text of ["1' OR '1'='1", "'; drop table mart_unit_year; --", "%", unitNo(1).taxCode.replace(/\d$/, "' --")]) {
    expect(codesOf(await s.post(analyst, `query($t: String!) { enterprise(taxCode: $t) { name } }`, { t: text })), text).toEqual(["BAD_USER_INPUT"]);
  }
  const cursor = Buffer.from(JSON.stringify(["tax_code+", "' OR 1=1 --"]), "utf8").toString("base64url");
  const page = await s.post(analyst, `query($after: String) { enterprises(first: 5, after: $after) { nodes { taxCode } } }`, { after: cursor });
  expect(codesOf(page)).toEqual([]);
  expect(page.body.data!.enterprises.nodes).toHaveLength(5); // the cursor's value is compared as text ("'" sorts before every digit): the first page
  const garbage = await s.post(analyst, `query($after: String) { enterprises(first: 5, after: $after) { nodes { taxCode } } }`, {
    after: "'; drop table x; --",
  });
  expect(codesOf(garbage)).toEqual(["BAD_USER_INPUT"]);
});

test("inline literals with escapes are data too, and the warehouse is untouched afterwards", async () => {
  const inline = await s.post(analyst, `{ enterprises(filter: { nameSearch: "\\"); drop table mart_unit_year; --" }) { totalCount } }`);
  expect(dataOf(inline).enterprises.totalCount).toBe(0);
  expect((await units(analyst, {})).data!.totalCount).toBe(30);
  expect(dataOf(await s.post(analyst, `{ coverage(year: 2024) { total { units } } dataQuality { batchCount } }`))).toEqual({
    coverage: { total: { units: 24 } },
    dataQuality: { batchCount: 5 },
  });
});
