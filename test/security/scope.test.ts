/**
 * Row-level scope: every root field, asked with a key scoped to district 464 (Vĩnh
 * Linh), answers exactly what a province key answers for the same arguments with the
 * filter `districtCodeIn: ["464"]` added, and never names a unit of district 461
 * (Đông Hà); a key scoped to a district without units (462) sees nothing at all. A
 * guard test fails when a root field is added without being checked here.
 *
 * The tiny warehouse (test/api/fixtures/tiny-warehouse.ts): units 1–15 are in district
 * 464 (communes 19363, 19414), units 16–30 in 461 (communes 19333, 19339 → new commune
 * 19333). In 2024, 24 units are in scope (≥ 20 workers), 11 of them in 464.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildApiSchema } from "../../schema/build-schema.js";
import { UNITS, unitNo } from "../api/fixtures/tiny-warehouse.js";
import { codesOf, dataOf, districts, newCommunes, type SecureApi, startSecureApi } from "./fixtures.js";

let s: SecureApi;
let province: string;
let vinhLinh: string;
let empty: string;
let dongHaCommune: string;

beforeAll(async () => {
  s = await startSecureApi();
  province = s.key("ANALYST");
  vinhLinh = s.key("ANALYST", districts("464"), "LĐLĐ huyện Vĩnh Linh");
  empty = s.key("ANALYST", districts("462"));
  dongHaCommune = s.key("ANALYST", newCommunes("19333"));
});
afterAll(() => s.close());

const IN_461 = UNITS.filter((u) => u.no >= 16).map((u) => unitNo(u.no));
const FORBIDDEN_STRINGS = new Set(IN_461.flatMap((u) => [u.taxCode, u.name]));
const IN_464 = new Set(UNITS.filter((u) => u.no <= 15).map((u) => unitNo(u.no).taxCode));

/** Every string anywhere in a value. */
function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}

const SCOPE_464 = { districtCodeIn: ["464"] };

/** The root fields that take a `filter`, each with an operation asking for much of what it has. */
/**
 * `sameAsFiltered`: the part of the answer that must equal the province key's answer with the district's filter
 * (the whole answer when not given).
 */
const FILTERED: Record<
  string,
  {
    query: string;
    filter?: Record<string, unknown>;
    nonEmpty: (data: any) => boolean;
    differs: (scoped: any, whole: any) => boolean;
    sameAsFiltered?: (data: any) => unknown;
  }
> = {
  coverage: {
    query: `query($filter: EnterpriseFilterInput) { coverage(year: 2024, groupBy: [DISTRICT, OWNERSHIP], filter: $filter) {
      rows { keys { code } units unionisedUnits workers unionisedWorkers members agreementUnits suppressed } total { units unionisedUnits workers members coverageRate density } } }`,
    nonEmpty: (d) => d.coverage.total.units > 0,
    differs: (a, b) => a.coverage.total.units !== b.coverage.total.units,
  },
  analytics: {
    query: `query($filter: EnterpriseFilterInput) { analytics(year: 2024, groupBy: [DISTRICT, OWNERSHIP], filter: $filter, first: 100) {
      rows { keys { code } units unionisedUnits workers arrears newMembers suppressed } total { units workers arrears newMembers } totalCount } }`,
    nonEmpty: (d) => d.analytics.total.units > 0,
    differs: (a, b) => a.analytics.total.units !== b.analytics.total.units,
  },
  enterprises: {
    query: `query($filter: EnterpriseFilterInput) { enterprises(first: 100, filter: $filter, asOf: "2024-12-31") {
      totalCount nodes { taxCode name district { code } sources { dataset reportedName workers } workersHistory { year workers } union { name } } } }`,
    nonEmpty: (d) => d.enterprises.totalCount > 0,
    differs: (a, b) => a.enterprises.totalCount !== b.enterprises.totalCount,
  },
  uncoveredUnits: {
    query: `query($filter: EnterpriseFilterInput) { uncoveredUnits(year: 2024, first: 100, filter: $filter) { totalCount nodes { taxCode name sources { reportedName } } } }`,
    nonEmpty: (d) => d.uncoveredUnits.totalCount > 0,
    differs: (a, b) => a.uncoveredUnits.totalCount !== b.uncoveredUnits.totalCount,
  },
  membershipGrowth: {
    query: `query($filter: EnterpriseFilterInput) { membershipGrowth(fromYear: 2022, toYear: 2024, groupBy: [DISTRICT], filter: $filter) {
      rows { year keys { code } members newMembers left netGrowth unionsReporting suppressed } totals { year members newMembers unionsReporting target targetMet } } }`,
    nonEmpty: (d) => d.membershipGrowth.totals.at(-1).members > 0,
    differs: (a, b) => a.membershipGrowth.totals.at(-1).members !== b.membershipGrowth.totals.at(-1).members,
  },
  financeCollection: {
    query: `query($filter: EnterpriseFilterInput) { financeCollection(from: "2023-01-01", to: "2024-12-31", granularity: QUARTER, groupBy: [DISTRICT], filter: $filter) {
      rows { periodStart keys { code } due paid arrears nonPayers suppressed } periodTotals { periodStart due paid arrears } total { due paid arrears nonPayers unitsOwing payingUnits memberDuesPaid expectedMemberDues } } }`,
    nonEmpty: (d) => BigInt(d.financeCollection.total.due) > 0n,
    differs: (a, b) => a.financeCollection.total.due !== b.financeCollection.total.due,
  },
  financeGaps: {
    query: `query($filter: EnterpriseFilterInput) { financeGaps(from: "2023-01-01", to: "2024-12-31", first: 100, filter: $filter) {
      totalCount totalArrears nodes { taxCode name arrears unit { taxCode name district { code } } } } }`,
    nonEmpty: (d) => d.financeGaps.totalCount > 0,
    differs: () => true, // the only gap of the tiny warehouse is unit 3's, in 464: the 461 key's answer below is empty
  },
  forecast: {
    query: `query($filter: EnterpriseFilterInput) { forecast(metric: MEMBERS, toYear: 2026, groupBy: [OWNERSHIP], filter: $filter) {
      lastActualYear series { keys { code } points { year value isForecast } } total { method points { year value isForecast lower80 upper80 } } } }`,
    nonEmpty: (d) => d.forecast.total.points.some((p: any) => !p.isForecast && p.value > 0),
    differs: (a, b) => JSON.stringify(a.forecast.total.points) !== JSON.stringify(b.forecast.total.points),
  },
  recruitmentPlan: {
    query: `query($filter: EnterpriseFilterInput) { recruitmentPlan(year: 2024, units: 20, filter: $filter) {
      candidates units { taxCode name district { code } workers expectedMembers } baseline { units unionisedUnits workers members feeDue feePaid } projected { units unionisedUnits members } } }`,
    nonEmpty: (d) => d.recruitmentPlan.candidates > 0,
    differs: (a, b) => a.recruitmentPlan.baseline.units !== b.recruitmentPlan.baseline.units,
    // the candidates and the baseline follow the filter; the comparable units (densities, hence the ranking) come
    // from the key's scope, never from outside it (tested below), so a province key's ranking may differ
    sameAsFiltered: (d) => ({ candidates: d.recruitmentPlan.candidates, baseline: d.recruitmentPlan.baseline }),
  },
  dataQuality: {
    query: `query($filter: EnterpriseFilterInput) { dataQuality { sourceConflicts(filter: $filter, first: 100) { totalCount nodes { taxCode name year lowest highest } } } }`,
    nonEmpty: (d) => d.dataQuality.sourceConflicts.totalCount > 0,
    differs: () => true, // both conflicts of the tiny warehouse are in 464 (units 1 and 12): checked below with the 461 key
  },
};

const SPECIAL = ["enterprise", "scorecard", "requiredPace", "viewer", "auditLog", "linkReviewQueue", "linkDecisions", "warehouseYears"];

test("every root field is checked here (a new field fails this test until it is)", async () => {
  const fields = Object.keys((await buildApiSchema()).getQueryType()!.getFields()).sort();
  expect(fields).toEqual([...Object.keys(FILTERED), ...SPECIAL].sort());
});

describe("a district key answers as the province key with the district's filter, and names no unit outside it", () => {
  for (const [field, spec] of Object.entries(FILTERED)) {
    test(field, async () => {
      const scoped = dataOf(await s.post(vinhLinh, spec.query, {}));
      const filtered = dataOf(await s.post(province, spec.query, { filter: SCOPE_464 }));
      const whole = dataOf(await s.post(province, spec.query, {}));
      const same = spec.sameAsFiltered ?? ((d: unknown) => d);
      expect(same(scoped)).toEqual(same(filtered));
      expect(spec.nonEmpty(scoped)).toBe(true);
      if (field !== "dataQuality") expect(spec.differs(scoped, whole), "the province answer must differ, or the test proves nothing").toBe(true);
      expect(stringsIn(scoped).filter((v) => FORBIDDEN_STRINGS.has(v))).toEqual([]);
      // The caller's own filter narrows the scope, never widens it: asking for 461, or for "461 OR anything", gives 464's units only.
      const widened = dataOf(await s.post(vinhLinh, spec.query, { filter: { OR: [{ districtCodeIn: ["461"] }, { NOT: { districtCodeIn: ["461"] } }] } }));
      expect(widened).toEqual(scoped);
      expect(stringsIn(dataOf(await s.post(vinhLinh, spec.query, { filter: { districtCodeIn: ["461"] } }))).filter((v) => FORBIDDEN_STRINGS.has(v))).toEqual(
        [],
      );
      // And the other way round: the key of new commune 19333 (Đông Hà's units) names no unit of 464.
      expect(stringsIn(dataOf(await s.post(dongHaCommune, spec.query, {}))).filter((v) => IN_464.has(v))).toEqual([]);
    });
  }
});

test("coverage: the district key's total is the district's (11 units in 2024), never the province's (24)", async () => {
  const query = `{ coverage(year: 2024, groupBy: [DISTRICT]) { total { units unionisedUnits workers } rows { keys { code } units } } }`;
  const scoped = dataOf(await s.post(vinhLinh, query)).coverage;
  const whole = dataOf(await s.post(province, query)).coverage;
  expect(whole.total.units).toBe(24);
  expect(scoped.total).toEqual({ units: 11, unionisedUnits: 6, workers: 1837 });
  expect(scoped.rows.find((r: any) => r.keys[0].code === "461").units).toBe(0);
  expect(scoped.rows.find((r: any) => r.keys[0].code === "464").units).toBe(11);
  // A commune key (new commune 19333: Đông Hà's units) sees the other half.
  const commune = dataOf(await s.post(dongHaCommune, query)).coverage;
  expect(commune.total.units).toBe(13);
  expect(commune.rows.find((r: any) => r.keys[0].code === "464").units).toBe(0);
});

test("enterprise(taxCode): a unit outside the scope is NOT_FOUND, answered exactly as an unknown code", async () => {
  const query = `query($taxCode: String!) { enterprise(taxCode: $taxCode) { taxCode name } }`;
  const inside = dataOf(await s.post(vinhLinh, query, { taxCode: unitNo(1).taxCode }));
  expect(inside.enterprise.taxCode).toBe(unitNo(1).taxCode);
  const outside = await s.post(vinhLinh, query, { taxCode: unitNo(16).taxCode });
  expect(codesOf(outside)).toEqual(["NOT_FOUND"]);
  expect(outside.body.data).toBeNull();
  // An unknown but valid code: the same message shape, no years, no name.
  const unknownCode = "0100109106";
  const unknown = await s.post(vinhLinh, query, { taxCode: unknownCode });
  expect(outside.body.errors![0].message).toBe(unknown.body.errors![0].message.replace(unknownCode, unitNo(16).taxCode));
  expect(outside.body.errors![0].message).not.toMatch(/ in \d{4}|data for/);
  // The province key finds it, and with asOf a year it has.
  expect(dataOf(await s.post(province, query, { taxCode: unitNo(16).taxCode })).enterprise.name).toBe(unitNo(16).name);
});

test("scorecard: the actuals of the key's scope (464: 6 of 11 units covered, 4 of 6 unionised units with an agreement, 30 new members)", async () => {
  const query = `{ scorecard(year: 2024) { targets { targetId actual target status } } }`;
  const actual = (data: any, id: string) => data.scorecard.targets.find((t: any) => t.targetId === id).actual;
  const scoped = dataOf(await s.post(vinhLinh, query));
  expect(actual(scoped, "coverage_20_2025")).toBeCloseTo(6 / 11, 12);
  expect(actual(scoped, "agreement_rate_2025")).toBeCloseTo(4 / 6, 12);
  expect(actual(scoped, "new_members_2021_2025")).toBe(30); // 6 unions × 5; the unlinked union's 12 are nobody's district
  const whole = dataOf(await s.post(province, query));
  expect(actual(whole, "coverage_20_2025")).toBeCloseTo(13 / 24, 12);
  expect(actual(whole, "new_members_2021_2025")).toBe(77);
  const nothing = dataOf(await s.post(empty, query));
  expect(nothing.scorecard.targets.map((t: any) => t.actual)).toEqual([null, null, null]); // no unit in the scope: no data for the year
});

test("requiredPace: paces of the key's scope (the district's members, not the province's)", async () => {
  const query = `{ requiredPace(targetYear: 2025, metric: NEW_MEMBERS) { lastActualYear targets { target { targetId } lastActual achievedSoFar forecast { points { year value isForecast } } } } }`;
  const scoped = dataOf(await s.post(vinhLinh, query)).requiredPace.targets[0];
  const whole = dataOf(await s.post(province, query)).requiredPace.targets[0];
  expect(scoped.lastActual).toBe(30);
  expect(whole.lastActual).toBe(77);
  const forecast = dataOf(
    await s.post(
      province,
      `query($f: EnterpriseFilterInput) { forecast(metric: NEW_MEMBERS, toYear: 2025, filter: $f) { total { points { year value isForecast } } } }`,
      { f: SCOPE_464 },
    ),
  );
  expect(scoped.forecast.points.filter((p: any) => !p.isForecast)).toEqual(forecast.forecast.total.points.filter((p: any) => !p.isForecast));
  expect(stringsIn(scoped).filter((v) => FORBIDDEN_STRINGS.has(v))).toEqual([]);
});

test("dataQuality: conflicts of the scope only; province-wide counts and rows linked to no unit are FORBIDDEN to a district key; batches (lineage) are not", async () => {
  const conflicts = `{ dataQuality { sourceConflicts(first: 10) { totalCount nodes { taxCode } } } }`;
  expect(dataOf(await s.post(vinhLinh, conflicts)).dataQuality.sourceConflicts.totalCount).toBe(2);
  expect(dataOf(await s.post(dongHaCommune, conflicts)).dataQuality.sourceConflicts).toEqual({ totalCount: 0, nodes: [] });
  for (const field of [
    "rejectionsByReason { rows }",
    "rejectedRows { lineNo }",
    "linkRates { rows }",
    "unlinkedByDataset { rows }",
    "unlinkedRows { sourceKey }",
    "reviewQueueSize",
  ]) {
    const answer = await s.post(vinhLinh, `{ dataQuality { ${field} } }`);
    expect(codesOf(answer), field).toEqual(["FORBIDDEN"]);
    expect(answer.body.errors![0].extensions).toMatchObject({ reason: "PROVINCE_SCOPE_REQUIRED" });
    expect(codesOf(await s.post(province, `{ dataQuality { ${field} } }`)), field).toEqual([]);
  }
  expect(dataOf(await s.post(vinhLinh, `{ dataQuality { batchCount batches(limit: 2) { fileName } } }`)).dataQuality.batchCount).toBe(5);
});

test("a key scoped to a district with no units sees nothing, field by field", async () => {
  const ask = async (field: string) => dataOf(await s.post(empty, FILTERED[field].query, {}));
  expect((await ask("coverage")).coverage.total).toMatchObject({ units: 0, workers: 0, members: 0, coverageRate: null });
  expect((await ask("enterprises")).enterprises).toEqual({ totalCount: 0, nodes: [] });
  expect((await ask("uncoveredUnits")).uncoveredUnits).toEqual({ totalCount: 0, nodes: [] });
  expect((await ask("membershipGrowth")).membershipGrowth.totals.map((t: any) => [t.members, t.newMembers, t.unionsReporting, t.target])).toEqual([
    [0, 0, 0, null],
    [0, 0, 0, null],
    [0, 0, 0, null],
  ]);
  expect((await ask("financeCollection")).financeCollection.total).toMatchObject({ due: 0, paid: 0, arrears: 0, unitsOwing: 0 });
  expect((await ask("financeGaps")).financeGaps).toMatchObject({ totalCount: 0, totalArrears: 0, nodes: [] });
  expect((await ask("forecast")).forecast.total.points.filter((p: any) => !p.isForecast).every((p: any) => p.value === 0)).toBe(true);
  expect((await ask("recruitmentPlan")).recruitmentPlan).toMatchObject({ candidates: 0, units: [], baseline: { units: 0, workers: 0, members: 0 } });
  expect((await ask("dataQuality")).dataQuality.sourceConflicts).toEqual({ totalCount: 0, nodes: [] });
  for (const no of [1, 16]) {
    expect(codesOf(await s.post(empty, `query($t: String!) { enterprise(taxCode: $t) { name } }`, { t: unitNo(no).taxCode }))).toEqual(["NOT_FOUND"]);
  }
});

test("warehouseYears names years only, the same for every key (the tiny warehouse holds 2022–2024)", async () => {
  const query = "{ warehouseYears { years latest } }";
  const expected = { warehouseYears: { years: [2022, 2023, 2024], latest: 2024 } };
  expect(dataOf(await s.post(province, query))).toEqual(expected);
  expect(dataOf(await s.post(vinhLinh, query))).toEqual(expected);
  expect(dataOf(await s.post(dongHaCommune, query))).toEqual(expected);
});

test("viewer says who is asking; auditLog is for ADMIN keys only", async () => {
  expect(dataOf(await s.post(vinhLinh, `{ viewer { role name scope { kind codes } demoMode suppressionK } }`)).viewer).toEqual({
    role: "ANALYST",
    name: "LĐLĐ huyện Vĩnh Linh",
    scope: { kind: "DISTRICTS", codes: ["464"] },
    demoMode: false,
    suppressionK: null,
  });
  // the linker's review queue and decisions: records not yet linked belong to no district
  for (const query of [`{ linkReviewQueue { totalCount } }`, `{ linkDecisions { sourceKey } }`]) {
    const answer = await s.post(vinhLinh, query);
    expect(codesOf(answer), query).toEqual(["FORBIDDEN"]);
    expect(answer.body.errors![0].extensions).toMatchObject({ reason: "PROVINCE_SCOPE_REQUIRED" });
  }
  const audit = await s.post(vinhLinh, `{ auditLog { totalCount } }`);
  expect(codesOf(audit)).toEqual(["FORBIDDEN"]);
  expect(audit.body.errors![0].extensions).toMatchObject({ reason: "ROLE_REQUIRED" });
});

test("cached results (forecast, plans) are keyed by the scope: a district key never gets the province's cached answer", async () => {
  const query = `{ forecast(metric: MEMBERS, toYear: 2026) { total { points { year value } } } }`;
  const whole = dataOf(await s.post(province, query));
  const scoped = dataOf(await s.post(vinhLinh, query));
  const again = dataOf(await s.post(province, query));
  expect(scoped).not.toEqual(whole);
  expect(again).toEqual(whole);
  expect(dataOf(await s.post(vinhLinh, query))).toEqual(scoped);
  const plan = `{ recruitmentPlan(year: 2024, units: 50) { candidates units { taxCode } } }`;
  const planWhole = dataOf(await s.post(province, plan)).recruitmentPlan;
  const planScoped = dataOf(await s.post(vinhLinh, plan)).recruitmentPlan;
  expect(planWhole.candidates).toBeGreaterThan(planScoped.candidates);
  expect(planScoped.units.every((u: any) => IN_464.has(u.taxCode))).toBe(true);
});

test("a district key's recruitment plan compares its units with unionised units of its own scope only", async () => {
  const plan = `{ recruitmentPlan(year: 2024, units: 50) { units { taxCode comparableUnits densityBasis } } }`;
  const unionised = `{ coverage(year: 2024, groupBy: []) { total { unionisedUnits } } }`;
  const scopedUnionised = dataOf(await s.post(vinhLinh, unionised)).coverage.total.unionisedUnits;
  const provinceUnionised = dataOf(await s.post(province, unionised)).coverage.total.unionisedUnits;
  expect(provinceUnionised).toBeGreaterThan(scopedUnionised);
  const scoped = dataOf(await s.post(vinhLinh, plan)).recruitmentPlan.units;
  expect(scoped.length).toBeGreaterThan(0);
  for (const u of scoped) expect(u.comparableUnits, u.taxCode).toBeLessThanOrEqual(scopedUnionised);
  // the province key's plan draws on more units: the check above could fail
  const whole = dataOf(await s.post(province, plan)).recruitmentPlan.units;
  expect(Math.max(...whole.map((u: any) => u.comparableUnits))).toBeGreaterThan(scopedUnionised);
});
