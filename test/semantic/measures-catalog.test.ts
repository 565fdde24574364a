import { sql } from "kysely";
import { describe, expect, test } from "vitest";
import type { ConditionName, Grain, MeasureUnit } from "../../queries/semantic/catalog.types.js";
import { baseMeasuresOf, DOMAIN_HEADINGS_NOT_MEASURED, MEASURE_BY_NAME, MEASURES, measureSpec, ratioValue } from "../../queries/semantic/measures.catalog.js";
import { sqlCompiler } from "../helpers/sql-compiler.js";

/**
 * The measure catalog as docs/DOMAIN.md defines each measure, written out by hand: its
 * grain, kind, unit, aggregate (count or sum of which column, under which conditions) and
 * the count of units it is built from (support); a ratio's numerator and denominator.
 * The catalog-docs test checks that the catalog and docs/DOMAIN.md name the same measures;
 * this one checks what each measure is.
 */
type Kind = "ADDITIVE" | "STOCK" | "PER_UNIT";
type Agg = { fn: "count" | "sum"; column?: string; where: ConditionName[] };
const count = (...where: ConditionName[]): Agg => ({ fn: "count", where });
const sum = (column: string, ...where: ConditionName[]): Agg => ({ fn: "sum", column, where });
type Base = [Grain, Kind, MeasureUnit, Agg | "arrears", string, string?];
type Ratio = { grain: Grain; numerator: string; denominator: string };
const ratio = (grain: Grain, numerator: string, denominator: string): Ratio => ({ grain, numerator, denominator });

const UY = "UNIT_YEAR";
const NY = "UNION_YEAR";
const UM = "UNIT_MONTH";

const DEFINITIONS: Record<string, Base | Ratio> = {
  units: [UY, "STOCK", "units", count("IN_SCOPE"), "units"],
  unionisedUnits: [UY, "STOCK", "units", count("IN_SCOPE", "HAS_UNION"), "units"],
  coverageRate: ratio(UY, "unionisedUnits", "units"),
  uncoveredUnits: [UY, "STOCK", "units", count("IN_SCOPE", "NO_UNION"), "units"],
  workers: [UY, "STOCK", "workers", sum("u.workers", "IN_SCOPE"), "units"],
  unionisedWorkers: [UY, "STOCK", "workers", sum("u.workers", "IN_SCOPE", "HAS_UNION"), "units"],
  uncoveredWorkers: [UY, "STOCK", "workers", sum("u.workers", "IN_SCOPE", "NO_UNION"), "units"],
  inScopeMembers: [UY, "STOCK", "members", sum("u.members", "IN_SCOPE"), "units"],
  unionisedMembers: [UY, "STOCK", "members", sum("u.members", "IN_SCOPE", "HAS_UNION"), "units"],
  density: ratio(UY, "unionisedMembers", "unionisedWorkers"),
  densityAllInScope: ratio(UY, "inScopeMembers", "workers"),
  agreementUnits: [UY, "STOCK", "units", count("IN_SCOPE", "HAS_UNION", "AGREEMENT_IN_FORCE"), "units"],
  agreementRate: ratio(UY, "agreementUnits", "unionisedUnits"),
  activeUnionisedUnits: [UY, "STOCK", "units", count("ACTIVE", "HAS_UNION"), "activeUnionisedUnits"],
  activeAgreementUnits: [UY, "STOCK", "units", count("ACTIVE", "HAS_UNION", "AGREEMENT_IN_FORCE"), "activeUnionisedUnits"],
  programAgreementRate: ratio(UY, "activeAgreementUnits", "activeUnionisedUnits"),
  programDensityMembers: [UY, "STOCK", "members", sum("u.members", "ACTIVE", "HAS_UNION", "WORKERS_KNOWN"), "activeUnionisedUnits"],
  programDensityWorkers: [UY, "STOCK", "workers", sum("u.workers", "ACTIVE", "HAS_UNION", "WORKERS_KNOWN"), "activeUnionisedUnits"],
  programUnionDensity: ratio(UY, "programDensityMembers", "programDensityWorkers"),
  members: [NY, "STOCK", "members", sum("m.members"), "unionsReporting", "members"],
  newMembers: [NY, "ADDITIVE", "members", sum("m.new_members"), "unionsReporting", "new_members"],
  leftMembers: [NY, "ADDITIVE", "members", sum("m.left_members"), "unionsReporting", "left_members"],
  netGrowth: [NY, "ADDITIVE", "members", sum("m.net_growth"), "unionsReporting"],
  unionsReporting: [NY, "STOCK", "unions", count(), "unionsReporting"],
  feeDue: [UM, "ADDITIVE", "VND", sum("due"), "financeUnits", "fee_due"],
  feePaid: [UM, "ADDITIVE", "VND", sum("paid"), "financeUnits", "fee_paid"],
  collectionRate: ratio(UM, "feePaid", "feeDue"),
  arrears: [UM, "PER_UNIT", "VND", "arrears", "financeUnits"],
  nonPayers: [UM, "PER_UNIT", "units", count("OWES_FEE", "PAID_NOTHING"), "financeUnits"],
  unitsOwing: [UM, "PER_UNIT", "units", count("OWES_FEE"), "financeUnits"],
  payingUnits: [UM, "PER_UNIT", "units", count("PAID_SOMETHING"), "financeUnits"],
  financeUnits: [UM, "PER_UNIT", "units", count(), "financeUnits"],
  memberDuesPaid: [UM, "ADDITIVE", "VND", sum("member_dues_paid"), "financeUnits"],
  expectedMemberDues: [UM, "ADDITIVE", "VND", sum("expected_member_dues"), "financeUnits"],
  insuredWorkers: [UM, "STOCK", "workers", sum("insured_workers"), "financeUnits"],
  siArrears: [UM, "STOCK", "VND", sum("si_arrears"), "financeUnits"],
  siArrearsUnits: [UM, "STOCK", "units", count("HAS_SI_ARREARS"), "financeUnits"],
  feePaidOnTime: [UM, "ADDITIVE", "VND", sum("paid_on_time"), "financeUnits", "fee_paid_on_time"],
  onTimeRate: ratio(UM, "feePaidOnTime", "feeDue"),
  lateUnits: [UM, "PER_UNIT", "units", count("PAID_LATE"), "financeUnits"],
};

describe("each measure is what docs/DOMAIN.md defines", () => {
  test("the catalog holds the measures above, in that order, each once", () => {
    expect(MEASURES.map((m) => m.name)).toEqual(Object.keys(DEFINITIONS));
    expect([...MEASURE_BY_NAME.keys()]).toEqual(Object.keys(DEFINITIONS));
  });

  for (const [name, definition] of Object.entries(DEFINITIONS)) {
    test(name, () => {
      const m = measureSpec(name);
      expect(MEASURE_BY_NAME.get(name)).toBe(m);
      if (!Array.isArray(definition)) {
        expect(m).toMatchObject({ kind: "RATIO", unit: "fraction", scalar: "Float", ...definition });
        return;
      }
      const [grain, kind, unit, aggregate, support, unitYearColumn] = definition;
      expect(m).toMatchObject({ grain, kind, unit, support, scalar: unit === "VND" ? "BigInt" : "Int" });
      if (m.kind === "RATIO") throw new Error(`${name} is a ratio`);
      expect(m.unitYearColumn).toBe(unitYearColumn);
      if (aggregate !== "arrears") {
        expect(m.aggregate).toEqual(aggregate);
        return;
      }
      // Σ over units of max(0, due − paid).
      const value = m.aggregate.value;
      expect({ fn: m.aggregate.fn, where: m.aggregate.where, column: m.aggregate.column }).toEqual({ fn: "sum", where: [], column: undefined });
      const compiled = sqlCompiler.selectNoFrom((eb) => [sql`${value?.(eb)}`.as("x")]).compile().sql;
      expect(compiled).toBe('select greatest(0, "due" - "paid") as "x"');
    });
  }

  test("enum names are the names in upper snake case", () => {
    expect(measureSpec("programAgreementRate").enumName).toBe("PROGRAM_AGREEMENT_RATE");
    expect(measureSpec("siArrearsUnits").enumName).toBe("SI_ARREARS_UNITS");
    expect(measureSpec("densityAllInScope").enumName).toBe("DENSITY_ALL_IN_SCOPE");
    expect(measureSpec("units").enumName).toBe("UNITS");
  });

  test("every description is a sentence; every place a figure is shown today is named", () => {
    for (const m of MEASURES) {
      expect(m.description, m.name).toMatch(/^\S.{15,}\.$/s);
      for (const place of m.today) expect(place, m.name).toMatch(/^[A-Za-z]+[. ][A-Za-z_]/);
    }
    // A measure no root field shows yet lists none.
    const shownNowhere = MEASURES.filter((m) => m.today.length === 0).map((m) => m.name);
    expect(shownNowhere).toEqual([
      "uncoveredWorkers",
      "unionisedMembers",
      "activeUnionisedUnits",
      "activeAgreementUnits",
      "programDensityMembers",
      "programDensityWorkers",
      "insuredWorkers",
      "siArrearsUnits",
    ]);
  });

  test("every heading not measured says why", () => {
    expect(Object.keys(DOMAIN_HEADINGS_NOT_MEASURED)).toEqual(["Fee exemption", "Source conflicts"]);
    for (const why of Object.values(DOMAIN_HEADINGS_NOT_MEASURED)) expect(why).toMatch(/^a .{20,}/);
  });
});

describe("the catalog's functions", () => {
  test("measureSpec refuses a name it does not hold", () => {
    expect(() => measureSpec("coverage")).toThrow("no measure coverage in the catalog");
  });

  test("ratioValue: numerator ÷ denominator; null when the denominator is 0, negative or missing; a missing numerator is 0", () => {
    const values: Record<string, number | bigint | null | undefined> = { unionisedUnits: 3, units: 4, feePaid: 50n, feeDue: 200n };
    expect(ratioValue("coverageRate", (b) => values[b])).toBe(0.75);
    expect(ratioValue("collectionRate", (b) => values[b])).toBe(0.25);
    expect(ratioValue("coverageRate", (b) => (b === "units" ? 0 : 3))).toBeNull();
    expect(ratioValue("coverageRate", (b) => (b === "units" ? -2 : 3))).toBeNull();
    expect(ratioValue("coverageRate", (b) => (b === "units" ? undefined : 3))).toBeNull();
    expect(ratioValue("coverageRate", (b) => (b === "units" ? 0.5 : 1))).toBe(2);
    expect(ratioValue("coverageRate", (b) => (b === "units" ? 5 : null))).toBe(0);
    expect(() => ratioValue("units", () => 1)).toThrow("units is not a ratio");
    expect(() => ratioValue("nothing", () => 1)).toThrow("no measure nothing in the catalog");
  });

  test("baseMeasuresOf: a base measure itself, a ratio its numerator and denominator, each once, in order of first need", () => {
    const names = (list: string[]) => baseMeasuresOf(list).map((m) => m.name);
    expect(names(["coverageRate", "units", "density"])).toEqual(["unionisedUnits", "units", "unionisedMembers", "unionisedWorkers"]);
    expect(names(["feeDue"])).toEqual(["feeDue"]);
    expect(names([])).toEqual([]);
    expect(() => names(["nothing"])).toThrow("no measure nothing in the catalog");
  });
});
