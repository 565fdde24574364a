import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type EnterpriseFilterInput, EnterprisesPageDocument, type EnterprisesPageQueryVariables, UnitWithSourcesDocument } from "../generated/graphql.js";
import { type RunningApi, startApi } from "./fixtures/api-server.js";
import { UNITS, unitNo } from "./fixtures/tiny-warehouse.js";

let api: RunningApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

/** The units' tax codes as the API shows them (the branch, unit 10, as `3200001609-001`). */
const tax = (...numbers: number[]) => numbers.map((n) => unitNo(n).shownTaxCode);

async function page(variables: EnterprisesPageQueryVariables) {
  const response = await api.client.request(EnterprisesPageDocument, variables);
  expect(response.errors).toBeUndefined();
  return response.data!.enterprises;
}

async function taxCodesMatching(filter: EnterpriseFilterInput, asOf = "2024-12-31"): Promise<string[]> {
  const result = await page({ filter, asOf, first: 500 });
  expect(result.totalCount).toBe(result.edges.length);
  return result.edges.map((e) => e.node.taxCode).sort();
}

describe("enterprises: pages", () => {
  test("the latest year by default, tax-code order, totalCount of the whole list", async () => {
    const result = await page({ first: 7 });
    expect(result.totalCount).toBe(30);
    expect(result.edges).toHaveLength(7);
    expect(result.edges.every((e) => e.node.year === 2024)).toBe(true);
    const all = [...UNITS.map((u) => unitNo(u.no).shownTaxCode)].sort();
    expect(result.edges.map((e) => e.node.taxCode)).toEqual(all.slice(0, 7));
    expect(result.pageInfo).toMatchObject({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: result.edges[0].cursor,
      endCursor: result.edges[6].cursor,
    });
  });

  test("paging with after visits every unit once, largest first, units without a figure last; cursors are stable", async () => {
    const seen: { taxCode: string; workers: number | null }[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const result: Awaited<ReturnType<typeof page>> = await page({ asOf: "2024-01-01", orderBy: { field: "WORKERS", direction: "DESC" }, first: 7, after });
      seen.push(...result.edges.map((e) => e.node));
      const again = await page({ asOf: "2024-01-01", orderBy: { field: "WORKERS", direction: "DESC" }, first: 7, after });
      expect(again.edges.map((e) => e.cursor)).toEqual(result.edges.map((e) => e.cursor));
      if (!result.pageInfo.hasNextPage) break;
      expect(result.pageInfo.hasPreviousPage).toBe(after !== null);
      after = result.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(30);
    expect(new Set(seen.map((s) => s.taxCode)).size).toBe(30);
    expect(seen.slice(0, 4).map((s) => s.workers)).toEqual([800, 500, 400, 300]);
    // units 9 (closed) and 13 have no workers figure: last, in tax-code order
    expect(seen.slice(-2).map((s) => s.taxCode)).toEqual(tax(9, 13));
    const workers = seen.slice(0, -2).map((s) => s.workers!);
    expect(workers).toEqual([...workers].sort((a, b) => b - a));
  });

  test("name order ignores diacritics and case", async () => {
    const result = await page({ filter: { nameSearch: "đông hà" }, orderBy: { field: "NAME" }, first: 3 });
    expect(result.edges.map((e) => e.node.name)).toEqual([
      "Công ty Cổ phần Dược phẩm Đông Hà",
      "Công ty Cổ phần Môi trường Đông Hà",
      "Công ty TNHH Bệnh viện Quốc tế Đông Hà",
    ]);
  });

  test("first: 0 counts without rows; first over 500 is an error naming the limit", async () => {
    const empty = await page({ first: 0 });
    expect(empty).toMatchObject({ totalCount: 30, edges: [], pageInfo: { hasNextPage: true, endCursor: null } });
    const tooMany = await api.client.request(EnterprisesPageDocument, { first: 501 });
    expect(tooMany.data).toBeNull();
    expect(tooMany.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", limit: 500 } });
    expect(tooMany.errors?.[0].message).toMatch(/500/);
  });

  test("a cursor that is not one of this list's is BAD_USER_INPUT", async () => {
    const byWorkers = await page({ orderBy: { field: "WORKERS" }, first: 1 });
    for (const after of ["not-a-cursor", byWorkers.pageInfo.endCursor!]) {
      const response = await api.client.request(EnterprisesPageDocument, { first: 5, after, orderBy: { field: "NAME" } });
      expect(response.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    }
  });
});

describe("enterprises: filters", () => {
  test("name search is diacritic-insensitive and takes % and _ as data", async () => {
    expect(await taxCodesMatching({ nameSearch: "dien luc" })).toEqual(tax(1, 10, 16).sort());
    expect(await taxCodesMatching({ nameSearch: "ĐIỆN LỰC" })).toEqual(tax(1, 10, 16).sort());
    expect(await taxCodesMatching({ nameSearch: "Hải sản 100%" })).toEqual(tax(5));
    expect(await taxCodesMatching({ nameSearch: "d%n l" })).toEqual([]); // a LIKE pattern would match "dien luc"
    for (const nameSearch of ["%", "_", "  "]) {
      const response = await api.client.request(EnterprisesPageDocument, { filter: { nameSearch } });
      expect(response.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    }
  });

  test("code lists, ranges and flags", async () => {
    expect(await taxCodesMatching({ communeCodeIn: ["19339"] })).toEqual(tax(17, 18, 19, 23, 25, 28, 29).sort());
    expect(await taxCodesMatching({ newCommuneCodeIn: ["19333"] })).toHaveLength(15);
    expect(await taxCodesMatching({ provinceCodeIn: ["44"] })).toHaveLength(30);
    expect(await taxCodesMatching({ districtCodeIn: ["464"], sectorIn: ["C"] })).toEqual(tax(2, 3, 9, 14).sort());
    expect(await taxCodesMatching({ minWorkers: 100, maxWorkers: 300 })).toEqual(tax(1, 2, 12, 14, 17, 22, 23, 26).sort());
    expect(await taxCodesMatching({ legalFormIn: ["CHI_NHANH"] })).toEqual(tax(10));
    expect(await taxCodesMatching({ statusIn: ["SUSPENDED", "CLOSED"] })).toEqual(tax(9, 28).sort());
    expect(await taxCodesMatching({ sizeBandIn: ["FROM_200_TO_999"] })).toEqual(tax(1, 3, 12, 16, 17, 18).sort());
    expect(await taxCodesMatching({ workersSourceIn: ["SI"] })).toEqual(tax(4, 8, 15, 22, 29).sort());
    expect(await taxCodesMatching({ inIndustrialZone: true })).toEqual(tax(3, 14, 18, 25).sort());
    expect(await taxCodesMatching({ industrialZoneIn: ["KCN Quán Ngang"] })).toEqual(tax(3, 14).sort());
    expect(await taxCodesMatching({ upperUnionIn: ["Công đoàn các Khu kinh tế tỉnh"] })).toEqual(tax(14));
    expect(await taxCodesMatching({ taxCodeIn: tax(7, 8) })).toEqual(tax(7, 8).sort());
    expect(await taxCodesMatching({ taxCodeIn: [] })).toEqual([]);
    expect(await taxCodesMatching({ active: false })).toEqual(tax(9));
    expect(await taxCodesMatching({ hasUnion: true, agreementInForce: false })).toEqual(tax(2, 12, 19, 23, 29).sort());
  });

  test("AND, OR and NOT; NOT of a condition on a missing value matches", async () => {
    expect(await taxCodesMatching({ OR: [{ districtCodeIn: ["461"], hasUnion: true }, { ownershipIn: ["FDI"] }] })).toEqual(
      tax(16, 17, 19, 21, 23, 26, 29, 3, 14, 18).sort(),
    );
    expect(await taxCodesMatching({ NOT: { hasUnion: true } })).toHaveLength(30 - 13);
    expect(await taxCodesMatching({ NOT: { minWorkers: 20 } })).toEqual(tax(5, 9, 11, 13, 20, 27).sort());
    expect(await taxCodesMatching({ AND: [{ ownershipIn: ["FDI"] }, { NOT: { inIndustrialZone: true } }] })).toEqual(tax(23));
    expect(await taxCodesMatching({ hasUnion: false }, "2023-12-31")).toContain(unitNo(23).taxCode);
  });

  test("filters nested too deep are BAD_USER_INPUT", async () => {
    let filter: EnterpriseFilterInput = { hasUnion: true };
    for (let i = 0; i < 9; i++) filter = { NOT: filter };
    const response = await api.client.request(EnterprisesPageDocument, { filter });
    expect(response.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("enterprise(taxCode)", () => {
  test("one unit with its names, sources, union, agreements, SI months, finance and history", async () => {
    const response = await api.client.request(UnitWithSourcesDocument, { taxCode: unitNo(16).taxCode });
    expect(response.errors).toBeUndefined();
    const unit = response.data!.enterprise;
    expect(unit).toMatchObject({
      taxCode: unitNo(16).taxCode,
      name: "Công ty Điện lực Quảng Trị",
      year: 2024,
      legalForm: "DNNN",
      ownership: "STATE",
      status: "ACTIVE",
      registeredOn: "2015-03-01",
      closedOn: null,
      sector: { code: "D", name: "Sản xuất và phân phối điện, khí đốt, nước nóng, hơi nước và điều hòa không khí" },
      district: { code: "461", name: "Thành phố Đông Hà" },
      commune: { code: "19333", name: "Phường 1" },
      newCommune: { code: "19333", name: "Phường Đông Hà" },
      province: { code: "44", name: "Tỉnh Quảng Trị" },
      workers: 500,
      workersSource: "STATS",
      sizeBand: "FROM_200_TO_999",
      inScope20: true,
      hasUnion: true,
      members: 480,
      agreementInForce: true,
      union: { unionCode: "CD016", upperUnion: "LĐLĐ thành phố Đông Hà", foundedOn: "2018-05-01", dissolvedOn: null },
    });
    expect(unit.sources.map((s) => [s.dataset, s.period, s.workers, s.linkMethod, s.linkConfidence])).toEqual([
      ["tax_enterprises", "2024-12-31", null, "EXACT_TAX_CODE", 1],
      ["stats_enterprise_survey", "2024", 500, "EXACT_TAX_CODE", 1],
    ]);
    expect(unit.sources[1]).toMatchObject({
      agency: "Thống kê (annual enterprise survey)",
      fileName: "stats_enterprise_survey.2024.xlsx",
      batchId: 2,
      lineNo: 1,
    });
    expect(unit.agreements.map((a) => [a.effectiveOn, a.expiresOn, a.inForce])).toEqual([
      ["2024-01-01", "2026-12-31", true],
      ["2021-01-01", "2023-12-31", false],
    ]);
    expect(unit.siMonths).toEqual([{ month: "2024-12-01", insuredWorkers: 500, salaryFund: 5_000_000_000, unionFeeDue: 100_000_000 }]);
    expect(unit.finance.map((f) => [f.grain, f.periodStart, f.periodEnd, f.feePaid, f.duesPaid])).toEqual([
      ["QUARTER", "2024-01-01", "2024-03-31", 300_000_000, 72_000_000],
      ["QUARTER", "2024-04-01", "2024-06-30", 300_000_000, 72_000_000],
      ["QUARTER", "2024-07-01", "2024-09-30", 300_000_000, 72_000_000],
      ["QUARTER", "2024-10-01", "2024-12-31", 300_000_000, 72_000_000],
    ]);
    expect(unit.workersHistory.map((w) => [w.year, w.workers, w.workersSource])).toEqual([
      [2022, 500, "STATS"],
      [2023, 500, "STATS"],
      [2024, 500, "STATS"],
    ]);
  });

  test("asOf picks the year: 2023's agreement, payments and months; money beyond 2^53 stays exact", async () => {
    const response = await api.client.request(UnitWithSourcesDocument, { taxCode: unitNo(16).taxCode, asOf: "2023-06-30" });
    const unit = response.data!.enterprise;
    expect(unit.year).toBe(2023);
    expect(unit.agreements.map((a) => a.inForce)).toEqual([false, true]);
    expect(unit.siMonths.map((m) => m.month)).toEqual(["2023-12-01"]);
    expect(unit.finance).toEqual([
      { grain: "YEAR", periodStart: "2023-01-01", periodEnd: "2023-12-31", feePaid: "9007199254740993", duesPaid: null, paidOn: "2024-01-30" },
    ]);
    expect(unit.sources.map((s) => s.dataset)).toEqual(["tax_enterprises"]);
  });

  test("a branch code with a dash; a union founded later; a closed unit", async () => {
    const branch = (await api.client.request(UnitWithSourcesDocument, { taxCode: `${unitNo(16).taxCode}-001` })).data!.enterprise;
    expect(branch).toMatchObject({ taxCode: "3200001609-001", parentTaxCode: "3200001609", legalForm: "CHI_NHANH" });

    const before = (await api.client.request(UnitWithSourcesDocument, { taxCode: unitNo(23).taxCode, asOf: "2023-12-31" })).data!.enterprise;
    expect(before).toMatchObject({ hasUnion: false, union: null });
    const after = (await api.client.request(UnitWithSourcesDocument, { taxCode: unitNo(23).taxCode, asOf: "2024-12-31" })).data!.enterprise;
    expect(after).toMatchObject({ hasUnion: true, union: { unionCode: "CD023", foundedOn: "2024-03-01" } });

    const closed = (await api.client.request(UnitWithSourcesDocument, { taxCode: unitNo(9).taxCode })).data!.enterprise;
    expect(closed).toMatchObject({ status: "CLOSED", closedOn: "2023-06-30", workers: null, workersSource: "NONE", hasUnion: false, union: null });
    expect(closed.workersHistory.map((w) => [w.year, w.workers, w.active])).toEqual([
      [2022, 25, true],
      [2023, null, false],
      [2024, null, false],
    ]);
  });

  test("NOT_FOUND for a valid code the warehouse lacks (or lacks in that year); BAD_USER_INPUT for a malformed one", async () => {
    const unknown = await api.client.request(UnitWithSourcesDocument, { taxCode: "0100109106" });
    expect(unknown.errors?.[0]).toMatchObject({ path: ["enterprise"], extensions: { code: "NOT_FOUND" } });
    const notYet = await api.client.request(UnitWithSourcesDocument, { taxCode: unitNo(30).taxCode, asOf: "2023-12-31" });
    expect(notYet.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    expect(notYet.errors?.[0].message).toMatch(/2024/);
    for (const taxCode of ["123", "32000000000", "3200000000", "abcdefghij"]) {
      const malformed = await api.client.request(UnitWithSourcesDocument, { taxCode });
      expect(malformed.errors?.[0].extensions?.code, taxCode).toBe("BAD_USER_INPUT");
    }
  });
});

describe("tax codes in their official form (the branch, unit 10: 3200001609-001)", () => {
  // Every way a person writes the branch's code: with the dash, 13 digits together, spaced, dotted.
  const BRANCH_FORMS = ["3200001609-001", "3200001609001", "3200 001 609-001", "3200 001 609 001", "32.00001609-001", " 3200001609 - 001 "];

  test.each(BRANCH_FORMS)("enterprise(taxCode: %j) finds the branch and shows it as 3200001609-001", async (taxCode) => {
    const response = await api.client.request(UnitWithSourcesDocument, { taxCode });
    expect(response.errors, taxCode).toBeUndefined();
    expect(response.data!.enterprise).toMatchObject({
      taxCode: "3200001609-001",
      parentTaxCode: "3200001609",
      name: "Chi nhánh Công ty Điện lực Quảng Trị tại Vĩnh Linh",
    });
  });

  test("taxCodeIn takes every written form, mixed; the list shows the branch with its dash", async () => {
    expect(await taxCodesMatching({ taxCodeIn: BRANCH_FORMS })).toEqual(["3200001609-001"]);
    expect(await taxCodesMatching({ taxCodeIn: ["32.00001609", "3200001609-001"] })).toEqual(["3200001609", "3200001609-001"]);
    expect(await taxCodesMatching({ legalFormIn: ["CHI_NHANH"] })).toEqual(["3200001609-001"]);
  });

  test("a code in taxCodeIn that is no tax code is BAD_USER_INPUT naming filter.taxCodeIn", async () => {
    for (const code of ["3200001609-000", "3200001608", "32000016"]) {
      const response = await api.client.request(EnterprisesPageDocument, { filter: { taxCodeIn: ["3200001609", code] } });
      expect(response.errors?.[0].extensions, code).toMatchObject({ code: "BAD_USER_INPUT", argument: "filter.taxCodeIn" });
      expect(response.errors?.[0].message, code).toContain(code);
    }
  });

  test("NOT_FOUND names an unknown branch in its official form", async () => {
    const response = await api.client.request(UnitWithSourcesDocument, { taxCode: "3200001609002" });
    expect(response.errors?.[0]).toMatchObject({ extensions: { code: "NOT_FOUND", taxCode: "3200001609-002" } });
    expect(response.errors?.[0].message).toContain("3200001609-002");
  });
});
