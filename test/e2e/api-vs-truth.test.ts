import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApi, startApi } from "../api/fixtures/api-server.js";
import { CoverageTableDocument, EnterpriseYearsDocument, UncoveredUnitsPageDocument } from "../generated/graphql.js";
import { buildSampleWarehouse, type SampleWarehouse } from "../helpers/sample-warehouse.js";

/**
 * The API against the sample generator's ground truth (`_truth/units.csv` and
 * `unit_year.csv`): every expected figure is computed here from the truth files, never
 * read back from the API.
 *
 * Union links: the linker (exact tax codes, then the scored fuzzy match) links every
 * union of the sample to its true unit, so the truth's real-world `has_union` holds.
 */
const HAS_UNION = "has_union";

describe("the API answers what the ground truth says", () => {
  let sample: SampleWarehouse;
  let api: RunningApi;
  beforeAll(async () => {
    sample = await buildSampleWarehouse({ units: 1500, seed: 5 });
    api = await startApi({ warehouse: sample });
  });
  afterAll(async () => {
    await api?.close();
  });

  /** In-scope and unionised units per group of a truth query, keyed by the group code. */
  async function truthCoverage(year: number, minWorkers: number, groupSql: string, where = "true") {
    const rows = await sample.rows(`
      select ${groupSql} as code, count(*)::int, count(*) filter (where y.${HAS_UNION} = 'true')::int, sum(y.workers::int)::int
      from truth_unit_year y join truth_units u using (tax_code)
      where y.year::int = ${year} and y.active = 'true' and y.workers::int >= ${minWorkers} and (${where})
      group by all`);
    return new Map(rows.map(([code, units, unionised, workers]) => [String(code), { units, unionisedUnits: unionised, workers }]));
  }

  it.each([
    [2021, 20],
    [2023, 20],
    [2025, 50],
  ])("coverage by district for %i (≥ %i workers): every district and the database total equal the truth", async (year, minWorkers) => {
    const response = await api.client.request(CoverageTableDocument, { year, minWorkers, groupBy: ["DISTRICT"] });
    expect(response.errors).toBeUndefined();
    const coverage = response.data!.coverage;
    const truth = await truthCoverage(year, minWorkers, "u.district_code");
    expect(coverage.rows).toHaveLength(10);
    for (const row of coverage.rows) {
      const expected = truth.get(String(row.keys[0].code)) ?? { units: 0, unionisedUnits: 0, workers: 0 };
      expect({ code: row.keys[0].code, units: row.units, unionisedUnits: row.unionisedUnits, workers: row.workers }).toEqual({
        code: row.keys[0].code,
        ...expected,
      });
    }
    const units = [...truth.values()].reduce((s, t) => s + (t.units as number), 0);
    const unionised = [...truth.values()].reduce((s, t) => s + (t.unionisedUnits as number), 0);
    expect(units).toBeGreaterThan(20);
    expect(coverage.total).toMatchObject({ units, unionisedUnits: unionised, coverageRate: unionised / units });
  });

  it("coverage by ownership for 2024 within district 464 equals the truth", async () => {
    const response = await api.client.request(CoverageTableDocument, {
      year: 2024,
      groupBy: ["OWNERSHIP"],
      filter: { districtCodeIn: ["464"] },
    });
    const truth = await truthCoverage(2024, 20, "u.ownership", "u.district_code = '464'");
    expect(truth.size).toBeGreaterThan(1);
    const actual = new Map(
      response
        .data!.coverage.rows.filter((r) => r.units! > 0)
        .map((r) => [r.keys[0].code, { units: r.units, unionisedUnits: r.unionisedUnits, workers: r.workers }]),
    );
    expect(actual).toEqual(truth);
  });

  it("uncovered units in district 464 for 2024: the count and the first page, largest first, equal the truth", async () => {
    // the API shows a branch's code in its official form, 3200123456-001
    const truth = await sample.rows(`
      select regexp_replace(y.tax_code, '^([0-9]{10})([0-9]{3})$', '\\1-\\2'), y.workers::int from truth_unit_year y join truth_units u using (tax_code)
      where y.year = '2024' and y.in_scope_20 = 'true' and y.${HAS_UNION} = 'false' and u.district_code = '464'
      order by y.workers::int desc, y.tax_code`);
    expect(
      truth.some(([code]) => String(code).includes("-")),
      "a branch on the list",
    ).toBe(true);
    const response = await api.client.request(UncoveredUnitsPageDocument, { year: 2024, filter: { districtCodeIn: ["464"] }, first: 10 });
    expect(truth.length).toBeGreaterThan(5);
    const page = response.data!.uncoveredUnits;
    expect(page.totalCount).toBe(truth.length);
    expect(page.nodes.map((n) => [n.taxCode, n.workers])).toEqual(truth.slice(0, 10));
    expect(page.nodes.every((n) => n.hasUnion === false)).toBe(true);
  });

  it("each unit's yearly workers and their source equal the truth", async () => {
    const units = (await sample.rows("select tax_code from truth_units order by hash(tax_code) limit 25")).map((r) => String(r[0]));
    for (const taxCode of units) {
      const response = await api.client.request(EnterpriseYearsDocument, { taxCode });
      expect(response.errors, taxCode).toBeUndefined();
      const truth = await sample.rows(`
        select year::int, workers::int, upper(workers_source) from truth_unit_year
        where tax_code = '${taxCode}' and active = 'true' order by year`);
      const actual = response
        .data!.enterprise!.workersHistory.filter((y) => truth.some(([year]) => year === y.year))
        .map((y) => [y.year, y.workers ?? null, y.workersSource ?? "NONE"]);
      expect(actual, taxCode).toEqual(truth);
    }
  });
});
