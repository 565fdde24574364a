/**
 * GET /export/<field>.csv|.parquet: the files are read back (CSV parsed, Parquet read
 * with DuckDB) and compared with the GraphQL answer to the same field and arguments,
 * value by value; the caller's key, scope and role apply to both alike.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildApiSchema } from "../../schema/build-schema.js";
import { createExportRoute } from "../../server/export/route.js";
import { type RunningApi, startApi } from "../api/fixtures/api-server.js";
import { parseCsv, plain, readParquet } from "./read-back.js";

let api: RunningApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.close());

type Row = Record<string, unknown>;

/** The GraphQL answer, as the test reads it (errors fail the test). */
async function graphql(
  target: RunningApi,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const response = await fetch(target.graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data as Record<string, unknown>;
}

/**
 * A GraphQL row flattened the way the export names its columns: nested objects by their
 * path (`commune.code`), `keys` by dimension (`keys.DISTRICT.code`), lists kept whole.
 */
function flatten(row: Row, groupBy: readonly string[] = [], prefix = ""): Row {
  const flat: Row = {};
  for (const [key, value] of Object.entries(row)) {
    if (prefix === "" && key === "keys") {
      for (const dimension of groupBy) {
        const k = (value as { dimension: string; code: string | null; name: string | null }[]).find((v) => v.dimension === dimension);
        flat[`keys.${dimension}.code`] = k?.code ?? null;
        flat[`keys.${dimension}.name`] = k?.name ?? null;
      }
    } else if (value && typeof value === "object" && !Array.isArray(value)) Object.assign(flat, flatten(value as Row, groupBy, `${prefix}${key}.`));
    else flat[`${prefix}${key}`] = value;
  }
  return flat;
}

/** The CSV text of a flattened value: empty for null, JSON for lists. */
function csvText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return JSON.stringify(value);
  return String(value);
}

async function fetchExport(target: RunningApi, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${target.url}export/${path}`, { headers });
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

/** Checks a CSV export against expected flattened rows: BOM, header, every cell. */
async function expectCsv(path: string, expected: Row[], header: string[]): Promise<string[][]> {
  const { response, bytes } = await fetchExport(api, path);
  expect(response.status, new TextDecoder().decode(bytes)).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8; header=present");
  expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="[a-z0-9+_.-]+\.csv"$/);
  expect(response.headers.get("content-length")).toBeNull(); // streamed (chunked), not buffered
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM for Excel
  const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  expect(text).toContain("\r\n");
  const [head, ...records] = parseCsv(text);
  expect(head).toEqual(header);
  expect(records).toEqual(expected.map((row) => header.map((column) => csvText(row[column]))));
  return records;
}

/** Checks a Parquet export against expected flattened rows: columns, types, every value. */
async function expectParquet(path: string, expected: Row[], header: string[], types: Record<string, string>) {
  const { response, bytes } = await fetchExport(api, path);
  expect(response.status, new TextDecoder().decode(bytes)).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/vnd.apache.parquet");
  expect(Number(response.headers.get("content-length"))).toBe(bytes.length);
  expect(new TextDecoder().decode(bytes.slice(0, 4))).toBe("PAR1");
  const parquet = await readParquet(bytes);
  expect(parquet.columns.map((c) => c.name)).toEqual(header);
  for (const [column, type] of Object.entries(types)) expect(parquet.columns.find((c) => c.name === column)?.type, column).toBe(type);
  expect(parquet.rows.map((row) => plain(row))).toEqual(expected.map((row) => plain(Object.fromEntries(header.map((c) => [c, row[c] ?? null])))));
}

describe("coverage", () => {
  const ROW =
    "isTotal keys { dimension code name } suppressed units unionisedUnits coverageRate workers unionisedWorkers members density densityAllInScope agreementUnits agreementRate";
  const HEADER = [
    "isTotal",
    "keys.DISTRICT.code",
    "keys.DISTRICT.name",
    "keys.SECTOR.code",
    "keys.SECTOR.name",
    "suppressed",
    "units",
    "unionisedUnits",
    "coverageRate",
    "workers",
    "unionisedWorkers",
    "members",
    "density",
    "densityAllInScope",
    "agreementUnits",
    "agreementRate",
  ];
  let expected: Row[];
  beforeAll(async () => {
    const data = await graphql(
      api,
      `query ($filter: EnterpriseFilterInput) { coverage(year: 2024, groupBy: [DISTRICT, SECTOR], filter: $filter) { rows { ${ROW} } total { ${ROW} } } }`,
      { filter: { ownershipIn: ["NON_STATE", "FDI"] } },
    );
    const coverage = data.coverage as { rows: Row[]; total: Row };
    expected = [...coverage.rows, coverage.total].map((r) => flatten(r, ["DISTRICT", "SECTOR"]));
    expect(expected.length).toBeGreaterThan(20); // every district × section, then the total
    expect(expected.some((r) => r["keys.DISTRICT.name"] === "Huyện Vĩnh Linh" && (r.units as number) > 0)).toBe(true);
  });

  const query = "year=2024&groupBy=DISTRICT,SECTOR&filter.ownershipIn=NON_STATE&filter.ownershipIn=FDI";

  test("CSV: UTF-8 with BOM, columns named as the GraphQL fields, the GraphQL rows and total", async () => {
    const records = await expectCsv(`coverage.csv?${query}`, expected, HEADER);
    expect(records.at(-1)?.slice(0, 5)).toEqual(["true", "", "", "", ""]);
  });

  test("the filter as JSON gives the same file as one parameter per field", async () => {
    const json = encodeURIComponent(JSON.stringify({ ownershipIn: ["NON_STATE", "FDI"] }));
    await expectCsv(`coverage.csv?year=2024&groupBy=DISTRICT&groupBy=SECTOR&filter=${json}`, expected, HEADER);
  });

  test("Parquet written by DuckDB: the same columns, typed, and values", async () => {
    await expectParquet(`coverage.parquet?${query}`, expected, HEADER, {
      isTotal: "BOOLEAN",
      "keys.DISTRICT.code": "VARCHAR",
      units: "INTEGER",
      coverageRate: "DOUBLE",
    });
  });
});

describe("uncoveredUnits, with the evidence", () => {
  const ROW = `taxCode name year workers workersSource sizeBand ownership legalForm status registeredOn industrialZone
    commune { code name } district { code name } newCommune { code name } province { code name } sector { code name }
    sources { dataset agency period reportedName workers linkMethod linkConfidence fileName batchId lineNo }`;
  let expected: Row[];
  let header: string[];
  beforeAll(async () => {
    const data = await graphql(api, `{ uncoveredUnits(year: 2024, first: 500) { pageInfo { hasNextPage } nodes { ${ROW} } } }`);
    const page = data.uncoveredUnits as { pageInfo: { hasNextPage: boolean }; nodes: Row[] };
    expect(page.pageInfo.hasNextPage).toBe(false);
    expected = page.nodes.map((n) => flatten(n));
    expect(expected.length).toBeGreaterThan(2);
    header = Object.keys(expected[0]);
    expect(header).toContain("commune.name");
    expect(header.at(-1)).toBe("sources");
  });

  test("CSV: one row per unit, the sources as JSON text", async () => {
    const records = await expectCsv("uncoveredUnits.csv?year=2024", expected, header);
    const sources = JSON.parse(records[0][header.indexOf("sources")]) as { dataset: string }[];
    expect(sources.map((s) => s.dataset)).toContain("tax_enterprises");
  });

  test("Parquet: the sources as a list of structs", async () => {
    await expectParquet("uncoveredUnits.parquet?year=2024", expected, header, {
      registeredOn: "DATE",
      workers: "INTEGER",
      sources:
        "STRUCT(dataset VARCHAR, agency VARCHAR, period VARCHAR, reportedName VARCHAR, workers INTEGER, linkMethod VARCHAR, linkConfidence DOUBLE, fileName VARCHAR, batchId INTEGER, lineNo INTEGER)[]",
    });
  });

  test("`first` exports that one page, as GraphQL would", async () => {
    await expectCsv("uncoveredUnits.csv?year=2024&first=2", expected.slice(0, 2), header);
  });
});

describe("membership and finance", () => {
  test("membershipGrowth by district: group rows, then the yearly totals with the target", async () => {
    const ROW = "year isTotal keys { dimension code name } suppressed members newMembers left netGrowth unionsReporting target targetId targetMet";
    const data = await graphql(api, `{ membershipGrowth(fromYear: 2022, toYear: 2024, groupBy: [DISTRICT]) { rows { ${ROW} } totals { ${ROW} } } }`);
    const growth = data.membershipGrowth as { rows: Row[]; totals: Row[] };
    const expected = [...growth.rows, ...growth.totals].map((r) => flatten(r, ["DISTRICT"]));
    const header = [
      "year",
      "isTotal",
      "keys.DISTRICT.code",
      "keys.DISTRICT.name",
      "suppressed",
      "members",
      "newMembers",
      "left",
      "netGrowth",
      "unionsReporting",
      "target",
      "targetId",
      "targetMet",
    ];
    await expectCsv("membershipGrowth.csv?fromYear=2022&toYear=2024&groupBy=DISTRICT", expected, header);
    await expectParquet("membershipGrowth.parquet?fromYear=2022&toYear=2024&groupBy=DISTRICT", expected, header, {
      target: "DOUBLE",
      targetMet: "BOOLEAN",
      members: "INTEGER",
    });
  });

  test("financeCollection by quarter and district: money as BIGINT, periods as DATE", async () => {
    const ROW =
      "periodStart periodEnd isTotal keys { dimension code name } suppressed due paid collectionRate arrears nonPayers unitsOwing payingUnits memberDuesPaid expectedMemberDues";
    const data = await graphql(
      api,
      `{ financeCollection(from: "2023-01-01", to: "2024-12-31", granularity: QUARTER, groupBy: [DISTRICT]) { rows { ${ROW} } periodTotals { ${ROW} } total { ${ROW} } } }`,
    );
    const collection = data.financeCollection as { rows: Row[]; periodTotals: Row[]; total: Row };
    const expected = [...collection.rows, ...collection.periodTotals, collection.total].map((r) => flatten(r, ["DISTRICT"]));
    expect(expected.some((r) => Number(r.due) > 0)).toBe(true);
    const header = Object.keys(expected[0]);
    const query = "from=2023-01-01&to=2024-12-31&granularity=QUARTER&groupBy=DISTRICT";
    await expectCsv(`financeCollection.csv?${query}`, expected, header);
    await expectParquet(`financeCollection.parquet?${query}`, expected, header, {
      periodStart: "DATE",
      due: "BIGINT",
      paid: "BIGINT",
      collectionRate: "DOUBLE",
    });
  });

  test("financeGaps: evidence columns by path, the unit's area and sector", async () => {
    const ROW = `taxCode name year due paid arrears collectionRate monthsCovered
      socialInsurance { dataset agency months firstMonth lastMonth insuredWorkersLastMonth salaryFund feeDue }
      unionFinance { dataset agency monthsPaid monthsUnpaid firstMonthPaid lastMonthPaid feePaid memberDuesPaid lastPaidOn paymentGrains }
      unit { district { code name } newCommune { code name } sector { code name } hasUnion }`;
    const data = await graphql(api, `{ financeGaps(from: "2023-01-01", to: "2024-12-31", first: 500) { nodes { ${ROW} } } }`);
    const expected = (data.financeGaps as { nodes: Row[] }).nodes.map((n) => flatten(n));
    expect(expected.length).toBeGreaterThan(0);
    const header = Object.keys(expected[0]);
    expect(header).toEqual(expect.arrayContaining(["socialInsurance.feeDue", "unionFinance.paymentGrains", "unit.district.code"]));
    await expectCsv("financeGaps.csv?from=2023-01-01&to=2024-12-31", expected, header);
    await expectParquet("financeGaps.parquet?from=2023-01-01&to=2024-12-31", expected, header, {
      "socialInsurance.feeDue": "BIGINT",
      "unionFinance.paymentGrains": "VARCHAR[]",
      "unionFinance.lastPaidOn": "DATE",
    });
  });
});

/** A CSV export as objects keyed by its header (the cells as text). */
async function csvObjects(path: string): Promise<Record<string, string>[]> {
  const { response, bytes } = await fetchExport(api, path);
  expect(response.status, new TextDecoder().decode(bytes)).toBe(200);
  const [head, ...records] = parseCsv(new TextDecoder().decode(bytes));
  return records.map((r) => Object.fromEntries(head.map((h, i) => [h.replace(/^\uFEFF/, ""), r[i]])));
}

// The same figures the hand-made warehouse is built to give (test/api/fixtures/tiny-warehouse.ts,
// and test/security/dashboard.test.ts, which reads them through GraphQL): not the GraphQL
// answer of the same server, so a bug shared by the resolver and the export shows.
describe("the files hold the tiny warehouse's hand-known figures", () => {
  test("coverage 2024 of district 464 by ownership: STATE 3 units (590 workers), NON_STATE 6, FDI 2 (950); 11 units, 1,837 workers, 790 members", async () => {
    const rows = await csvObjects("coverage.csv?year=2024&groupBy=OWNERSHIP&filter.districtCodeIn=464");
    const byCode = Object.fromEntries(rows.map((r) => [r.isTotal === "true" ? "TOTAL" : r["keys.OWNERSHIP.code"], r]));
    expect(byCode.STATE).toMatchObject({ units: "3", workers: "590" });
    expect(byCode.NON_STATE).toMatchObject({ units: "6" });
    expect(byCode.FDI).toMatchObject({ units: "2", workers: "950" });
    expect(byCode.TOTAL).toMatchObject({ units: "11", workers: "1837", members: "790" });
  });

  test("membershipGrowth 2024 by district: unions reporting 7 in 461, 6 in 464, 1 linked to no unit; 14 in all against a target of 1,500 members", async () => {
    const rows = await csvObjects("membershipGrowth.csv?fromYear=2024&toYear=2024&groupBy=DISTRICT");
    // every district of the province is listed; those without a union report 0
    const reporting = Object.fromEntries(
      rows.filter((r) => r.unionsReporting !== "0").map((r) => [r.isTotal === "true" ? "TOTAL" : r["keys.DISTRICT.code"] || "none", r.unionsReporting]),
    );
    expect(reporting).toEqual({ "461": "7", "464": "6", none: "1", TOTAL: "14" });
    expect(rows.find((r) => r.isTotal === "true")).toMatchObject({ target: "1500", targetMet: "false" });
  });
});

test("a list is paged through to its end, one GraphQL operation per page, in the list's order", async () => {
  // The route over a small page size; its operations go to the running API over HTTP.
  const operations: Record<string, unknown>[] = [];
  let failOnPage: number | null = null;
  const route = createExportRoute({
    schema: await buildApiSchema(),
    logger: { info: () => {}, error: () => {} },
    pageSize: 4,
    rowsPerChunk: 3,
    execute: async (operation) => {
      operations.push(operation.variables);
      if (operations.length === failOnPage) return { errors: [{ message: "The query ran longer than the limit", extensions: { code: "QUERY_TIMEOUT" } }] };
      const response = await fetch(api.graphqlUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(operation) });
      const body = (await response.json()) as { data?: Record<string, unknown>; errors?: [] };
      return { ...body, status: response.status };
    },
  });
  const server = createServer((req, res) => void route(req, res, new URL(req.url ?? "/", "http://localhost")));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const text = await (await fetch(`http://127.0.0.1:${port}/export/uncoveredUnits.csv?year=2024&minWorkers=0`)).text();
    const [head, ...records] = parseCsv(text);
    const data = await graphql(api, "{ uncoveredUnits(year: 2024, minWorkers: 0, first: 500) { nodes { taxCode name workers } } }");
    const nodes = (data.uncoveredUnits as { nodes: { taxCode: string; name: string; workers: number | null }[] }).nodes;
    expect(nodes.length).toBeGreaterThan(8);
    expect(records.map((r) => [r[head.indexOf("taxCode")], r[head.indexOf("name")], r[head.indexOf("workers")]])).toEqual(
      nodes.map((n) => [n.taxCode, n.name, csvText(n.workers)]),
    );
    expect(operations.length).toBe(Math.ceil(nodes.length / 4) + (nodes.length % 4 === 0 ? 1 : 0));
    expect(operations[0]).toEqual({ year: 2024, minWorkers: 0, first: 4 });
    expect(operations[1]).toMatchObject({ first: 4, after: expect.any(String) });

    // A page failing after the CSV has started: the response ends without its last chunk, so no client takes it for whole.
    operations.length = 0;
    failOnPage = 2;
    const read = fetch(`http://127.0.0.1:${port}/export/uncoveredUnits.csv?year=2024&minWorkers=0`).then((response) => response.text());
    await expect(read).rejects.toThrow();
    expect(operations.length).toBe(2);
    // Parquet is written whole before it is sent: the same failure is a clean error answer.
    operations.length = 0;
    const refused = await fetch(`http://127.0.0.1:${port}/export/uncoveredUnits.parquet?year=2024&minWorkers=0`);
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe("QUERY_TIMEOUT");
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

describe("bad requests get clear answers", () => {
  const errorOf = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${api.url}export/${path}`, init);
    const body = (await response.json()) as { errors: { message: string; extensions?: { code?: string } }[] };
    return { status: response.status, message: body.errors[0].message, code: body.errors[0].extensions?.code };
  };

  test.each([
    ["coverage.csv?year=abc", /parameter "year" must be a whole number/],
    ["coverage.csv?year=2024&yeer=2024", /unknown parameter "yeer": coverage takes year \(Int\), asOf/],
    ["coverage.csv?year=2024&groupBy=DISTRIKT", /"DISTRIKT" does not exist in "Dimension" enum/],
    ["coverage.csv?year=2024&filter={bad", /parameter "filter" is not valid JSON/],
    ["coverage.csv?year=2024&filter.district=464", /unknown parameter "filter.district": EnterpriseFilterInput has .*districtCodeIn/],
    ["coverage.csv?year=2024&filter.hasUnion=maybe", /parameter "filter.hasUnion" must be true or false/],
    ["coverage.csv?year=2024&minWorkers=1&minWorkers=2", /parameter "minWorkers" is given 2 times/],
    ["membershipGrowth.csv?fromYear=2022", /missing parameter toYear \(Int!/],
    ["financeCollection.parquet?from=2024-13-01&to=2024-12-31", /not a valid LocalDate/],
    ["uncoveredUnits.csv?year=2024&first=501", /above the maximum page size of 500/],
  ])("400 for %s", async (path, message) => {
    const error = await errorOf(path);
    expect(error.status).toBe(400);
    expect(error.message).toMatch(message);
    expect(error.code).toBe("BAD_USER_INPUT");
  });

  test("404 for an unknown export or format (naming the exports there are), 405 for POST", async () => {
    for (const path of ["nothing.csv", "coverage.xlsx", "coverage"]) {
      const error = await errorOf(path);
      expect(error.status).toBe(404);
      expect(error.message).toMatch(/there are \/export\/coverage\.csv, \/export\/uncoveredUnits\.csv/);
    }
    expect((await errorOf("coverage.csv?year=2024", { method: "POST" })).status).toBe(405);
  });

  test("GET /export/ lists the exports with their arguments", async () => {
    const response = await fetch(`${api.url}export/`);
    const body = (await response.json()) as { exports: { field: string; csv: string; arguments: string }[] };
    expect(body.exports.map((e) => e.field)).toEqual([
      "coverage",
      "uncoveredUnits",
      "membershipGrowth",
      "financeCollection",
      "financeGaps",
      "scorecard",
      "forecast",
    ]);
    expect(body.exports[0]).toMatchObject({ csv: "/export/coverage.csv", arguments: expect.stringContaining("groupBy ([Dimension!]!)") });
  });
});

describe("the caller's key, role and scope apply as in GraphQL", () => {
  let secured: RunningApi;
  let district: string;
  let dashboard: string;
  beforeAll(async () => {
    secured = await startApi({ security: { demoMode: false, allowIntrospection: false } });
    district = secured.app.security.keys.create({ role: "ANALYST", scope: { kind: "DISTRICTS", codes: ["464"] }, name: "export test" }).token;
    dashboard = secured.app.security.keys.create({ role: "DASHBOARD", scope: { kind: "PROVINCE" }, name: "export test" }).token;
  });
  afterAll(() => secured?.close());

  test("no key: 401, as /graphql answers", async () => {
    const graphqlStatus = (
      await fetch(secured.graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ coverage(year: 2024) { total { units } } }" }),
      })
    ).status;
    const { response, bytes } = await fetchExport(secured, "coverage.csv?year=2024");
    expect(graphqlStatus).toBe(401);
    expect(response.status).toBe(401);
    expect(JSON.parse(new TextDecoder().decode(bytes)).errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });

  test("a district key exports its district only: the same figures as its GraphQL answer", async () => {
    const auth = { authorization: `Bearer ${district}` };
    const data = await graphql(secured, "{ coverage(year: 2024, groupBy: [DISTRICT]) { rows { keys { code } units } total { units } } }", {}, auth);
    const coverage = data.coverage as { rows: { keys: { code: string }[]; units: number }[]; total: { units: number } };
    const { response, bytes } = await fetchExport(secured, "coverage.csv?year=2024&groupBy=DISTRICT", auth);
    expect(response.status).toBe(200);
    const [head, ...records] = parseCsv(new TextDecoder().decode(bytes));
    const units = records.map((r) => [r[head.indexOf("keys.DISTRICT.code")], Number(r[head.indexOf("units")])]);
    expect(units).toEqual([...coverage.rows.map((r) => [r.keys[0].code, r.units]), ["", coverage.total.units]]);
    expect(units.find(([code]) => code === "461")?.[1]).toBe(0); // outside the key's scope
    // the tiny warehouse's hand-known figures: district 464 holds 11 of the province's 24 in-scope units of 2024
    expect(units.find(([code]) => code === "464")?.[1]).toBe(11);
    expect(units.at(-1)).toEqual(["", 11]);
  });

  test("a DASHBOARD key: aggregates as its GraphQL answer (suppression included), no unit lists", async () => {
    const auth = { "x-api-key": dashboard };
    const data = await graphql(
      secured,
      "{ coverage(year: 2024, groupBy: [SECTOR]) { rows { keys { code } suppressed units unionisedUnits coverageRate } } }",
      {},
      auth,
    );
    const rows = (
      data.coverage as {
        rows: { keys: { code: string }[]; suppressed: boolean; units: number | null; unionisedUnits: number | null; coverageRate: number | null }[];
      }
    ).rows;
    expect(rows.some((r) => r.suppressed)).toBe(true); // the tiny warehouse has sections of one or two units
    const { response, bytes } = await fetchExport(secured, "coverage.csv?year=2024&groupBy=SECTOR", auth);
    expect(response.status).toBe(200);
    const [head, ...records] = parseCsv(new TextDecoder().decode(bytes));
    const pick = (r: string[], c: string) => r[head.indexOf(c)];
    expect(
      records
        .slice(0, -1)
        .map((r) => [pick(r, "keys.SECTOR.code"), pick(r, "suppressed"), pick(r, "units"), pick(r, "unionisedUnits"), pick(r, "coverageRate")]),
    ).toEqual(rows.map((r) => [r.keys[0].code, String(r.suppressed), csvText(r.units), csvText(r.unionisedUnits), csvText(r.coverageRate)]));
    // Hand-known (test/security/dashboard.test.ts): district 464's in-scope units of 2024 by ownership are STATE 3
    // (590 workers), NON_STATE 6, FDI 2 (950): FDI is withheld (2 < k = 3), STATE as its complement; 11 units in all.
    const byOwnership = await fetchExport(secured, "coverage.csv?year=2024&groupBy=OWNERSHIP&filter.districtCodeIn=464", auth);
    expect(byOwnership.response.status).toBe(200);
    const [ownershipHead, ...ownershipRows] = parseCsv(new TextDecoder().decode(byOwnership.bytes));
    const cell = (r: string[], c: string) => r[ownershipHead.indexOf(c)];
    expect(ownershipRows.map((r) => [cell(r, "keys.OWNERSHIP.code"), cell(r, "suppressed"), cell(r, "units"), cell(r, "workers")])).toEqual([
      ["STATE", "true", "", ""],
      ["NON_STATE", "false", "6", "297"],
      ["FDI", "true", "", ""],
      ["", "false", "11", "1837"],
    ]);
    const units = await fetchExport(secured, "uncoveredUnits.csv?year=2024", auth);
    expect(units.response.status).toBe(403);
    expect(JSON.parse(new TextDecoder().decode(units.bytes)).errors[0].extensions.code).toBe("FORBIDDEN");
  });
});
