import { GraphQLError } from "graphql";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { compareToTarget, gapToTarget, metricKind, scorecard } from "../../queries/targets.js";
import { openTinyWarehouse, type TinyWarehouse, taxCodeOf } from "./fixtures/tiny-warehouse.js";

/**
 * The scorecard's rules one by one (queries/targets.ts), each at its boundary. Figures of
 * the tiny warehouse as in scorecard-quality.test.ts: new members 60 in 2022 and 2023, 77 in
 * 2024; coverage at ≥ 20 workers 12/23 (2022) and 13/24 (2024).
 */
describe("a target's comparison", () => {
  test.each([
    [">=", 5, 5, true],
    [">=", 4.999, 5, false],
    [">", 5, 5, false],
    [">", 5.001, 5, true],
    ["<=", 5, 5, true],
    ["<=", 5.001, 5, false],
    ["<", 5, 5, false],
    ["<", 4.999, 5, true],
    ["=", 5, 5, true],
    ["=", 5.001, 5, false],
    [" >= ", 5, 5, true], // as a spreadsheet cell may hold it
    [" < ", 4, 5, true],
  ] as const)("%s: %d against %d is %s", (comparison, actual, value, met) => {
    expect(compareToTarget(actual, comparison, value)).toBe(met);
  });

  test("a comparison the scorecard does not know meets nothing and misses nothing: null", () => {
    for (const comparison of ["!=", "=>", "", "≥"]) expect(compareToTarget(5, comparison, 5), comparison).toBeNull();
  });

  test("the gap is positive while short of the target, in the target's direction", () => {
    expect(gapToTarget(70, ">=", 100)).toBe(30);
    expect(gapToTarget(120, ">", 100)).toBe(-20);
    expect(gapToTarget(120, "<=", 100)).toBe(20);
    expect(gapToTarget(70, "<", 100)).toBe(-30);
    expect(gapToTarget(120, " <= ", 100)).toBe(20);
    expect(gapToTarget(70, "=", 100)).toBe(30);
  });
});

describe("a metric's kind", () => {
  test.each([
    ["new_members", "FLOW"],
    ["agreement_rate", "LEVEL"],
    ["union_density", "LEVEL"],
    ["coverage_rate_min_workers_20", "LEVEL"],
    ["coverage_rate_min_workers_100", "LEVEL"],
    ["coverage_rate_min_workers_", null],
    ["coverage_rate_min_workers_20x", null],
    ["xcoverage_rate_min_workers_20", null],
    ["strikes_per_year", null],
  ] as const)("%s is %s", (metric, kind) => {
    expect(metricKind(metric)).toBe(kind);
  });
});

describe("the scorecard of the tiny warehouse", () => {
  let tiny: TinyWarehouse;
  beforeAll(async () => {
    tiny = await openTinyWarehouse();
  });
  afterAll(() => tiny.close());

  async function withTargets<T>(rows: string, run: () => Promise<T>): Promise<T> {
    await tiny.warehouse.connection.run(`insert into ref.targets values ${rows}`);
    try {
      return await run();
    } finally {
      await tiny.warehouse.connection.run("delete from ref.targets where target_id like 'rule_%'");
    }
  }
  const line = (lines: Awaited<ReturnType<typeof scorecard>>, id: string) => lines.find((l) => l.target.target_id === id)!;

  test("a FLOW target not met in the year is ON_TRACK when the period's running total is: 60 + 60 + 77 = 197 against 3 × 66 = 198 (at most)", async () => {
    const lines = await withTargets(
      `('rule_at_most_66', 'new_members', 2022, 2025, '<=', 66, 'members per year', 'thử'),
       ('rule_at_most_65', 'new_members', 2022, 2025, '<=', 65.5, 'members per year', 'thử'),
       ('rule_at_least_66', 'new_members', 2022, 2025, '>=', 66, 'members per year', 'thử')`,
      () => scorecard(tiny.warehouse.db, 2024),
    );
    expect(line(lines, "rule_at_most_66")).toMatchObject({ kind: "FLOW", actual: 77, gap: 11, status: "ON_TRACK", onTrackValue: 198, cumulativeActual: 197 });
    expect(line(lines, "rule_at_most_65")).toMatchObject({ actual: 77, status: "BEHIND", onTrackValue: 196.5, cumulativeActual: 197 });
    expect(line(lines, "rule_at_least_66")).toMatchObject({ actual: 77, gap: -11, status: "MET", onTrackValue: 198, cumulativeActual: 197 });
  });

  test("a FLOW target's running total starts at its first year: from 2023, 60 + 77 = 137 against 2 × 70 = 140", async () => {
    const lines = await withTargets(`('rule_from_2023', 'new_members', 2023, 2025, '>=', 70, 'members per year', 'thử')`, () =>
      scorecard(tiny.warehouse.db, 2024),
    );
    expect(line(lines, "rule_from_2023")).toMatchObject({ actual: 77, status: "MET", onTrackValue: 140, cumulativeActual: 137 });
    const in2023 = await withTargets(`('rule_from_2023', 'new_members', 2023, 2025, '>=', 70, 'members per year', 'thử')`, () =>
      scorecard(tiny.warehouse.db, 2023),
    );
    expect(line(in2023, "rule_from_2023")).toMatchObject({ actual: 60, gap: 10, status: "BEHIND", onTrackValue: 70, cumulativeActual: 60 });
  });

  test("a LEVEL target's line starts from the year before its period: from 2024 the baseline is 2023's value", async () => {
    const lines = await withTargets(`('rule_level_2024', 'coverage_rate_min_workers_20', 2024, 2026, '>=', 0.9, 'share', 'thử')`, () =>
      scorecard(tiny.warehouse.db, 2024),
    );
    const l = line(lines, "rule_level_2024");
    // 2023: 12 of 22 in-scope units covered (coverage.test.ts, "asOf means the year of the date")
    expect(l.baselineYear).toBe(2023);
    expect(l.baseline).toBeCloseTo(12 / 22, 12);
    expect(l.onTrackValue).toBeCloseTo(12 / 22 + (0.9 - 12 / 22) / 3, 12);
    expect(l.status).toBe("BEHIND"); // 13/24 ≈ 0.542 < the line's 0.664
    expect(l.actual).toBeCloseTo(13 / 24, 12);
  });

  test("the year must be a year: 1900 and 2200 are, 1899, 2201 and 2024.5 are BAD_USER_INPUT", async () => {
    expect(await scorecard(tiny.warehouse.db, 1900)).toEqual([]);
    expect(await scorecard(tiny.warehouse.db, 2200)).toEqual([]);
    for (const year of [1899, 2201, 2024.5]) {
      const error = await scorecard(tiny.warehouse.db, year).catch((e: unknown) => e);
      expect(error, String(year)).toBeInstanceOf(GraphQLError);
      expect((error as GraphQLError).message).toBe(`year must be a year, got ${year}`);
      expect((error as GraphQLError).extensions).toEqual({ code: "BAD_USER_INPUT", argument: "year" });
    }
  });

  test("a LEVEL target in the first year the warehouse holds has no line to be on: 2022's coverage is BEHIND, with no baseline", async () => {
    const lines = await scorecard(tiny.warehouse.db, 2022);
    expect(line(lines, "coverage_20_2025")).toMatchObject({ status: "BEHIND", baselineYear: null, baseline: null, onTrackValue: null });
    expect(line(lines, "coverage_20_2025").actual).toBeCloseTo(12 / 23, 12);
  });

  test("a year past the data: every line's actual, gap and status are null", async () => {
    const lines = await scorecard(tiny.warehouse.db, 2025);
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect(l, l.target.target_id).toMatchObject({ actual: null, gap: null, status: null, onTrackValue: null, cumulativeActual: null });
  });

  test("a comparison the scorecard does not know gives the actual and no status", async () => {
    const lines = await withTargets(
      `('rule_cmp_level', 'coverage_rate_min_workers_20', 2023, 2026, '!=', 0.9, 'share', 'thử'),
       ('rule_cmp_flow', 'new_members', 2023, 2026, '!=', 70, 'members per year', 'thử')`,
      () => scorecard(tiny.warehouse.db, 2024),
    );
    expect(line(lines, "rule_cmp_level")).toMatchObject({ status: null, baselineYear: 2022 });
    expect(line(lines, "rule_cmp_flow")).toMatchObject({ actual: 77, gap: -7, status: null, cumulativeActual: 137 });
  });

  test("a scoped caller's scorecard counts only the scope: unit 23, unionised only in 2024 (5 new members, 60 of 180 workers members, no agreement)", async () => {
    const lines = await scorecard(tiny.warehouse.db, 2024, { taxCodeIn: [taxCodeOf(23)] });
    expect(line(lines, "new_members_2021_2025")).toMatchObject({ actual: 5, cumulativeActual: 5, status: "BEHIND" });
    expect(line(lines, "coverage_20_2025")).toMatchObject({ actual: 1, status: "MET", baselineYear: 2022, baseline: 0 });
    // 2022 and 2023 have no unionised unit in the scope: no agreement rate, so no year to draw the line from
    expect(line(lines, "agreement_rate_2025")).toMatchObject({ actual: 0, status: "BEHIND", baselineYear: null, baseline: null, onTrackValue: null });
  });

  test("the baseline is the LAST year before the period, not the first: with 2021 in the warehouse, a target from 2024 starts at 2023", async () => {
    await tiny.warehouse.connection.run("insert into mart_unit_year select * replace (2021 as year) from mart_unit_year where year = 2022");
    try {
      const lines = await withTargets(`('rule_density_2024', 'union_density', 2024, 2030, '>=', 0.8, 'share', 'thử')`, () =>
        scorecard(tiny.warehouse.db, 2024),
      );
      expect(line(lines, "rule_density_2024")).toMatchObject({ baselineYear: 2023, status: "MET" });
      expect(line(lines, "rule_density_2024").baseline).toBeCloseTo(1710 / 1960, 12);
    } finally {
      await tiny.warehouse.connection.run("delete from mart_unit_year where year = 2021");
    }
  });
});
