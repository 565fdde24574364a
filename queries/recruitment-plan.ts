import { type Kysely, type Selectable, sql } from "kysely";
import { adminUnits } from "./admin-units.js";
import type { Db, MartUnitYearTable } from "./database.js";
import { compileEnterpriseFilter, type EnterpriseFilter } from "./filters.js";
import { measureAggregate, measureRatio } from "./semantic/analytics-sql.js";
import type { AnyEb, ConditionName } from "./semantic/catalog.types.js";
import { CONDITIONS, checkMinWorkers } from "./semantic/conditions.catalog.js";
import { ratioValue } from "./semantic/measures.catalog.js";
import { uncoveredConditions } from "./uncovered-units.js";
import { badUserInput } from "./user-errors.js";

/** The in-scope units (docs/DOMAIN.md § In scope), and those of them with a union: the conditions of the catalog's `units` and `unionisedUnits`. */
const IN_SCOPE: ConditionName[] = ["IN_SCOPE"];
const UNIONISED: ConditionName[] = ["IN_SCOPE", "HAS_UNION"];

/** The comparables' column of each base measure of the ratios read from them (`comparable` below). */
const COMPARABLE_COLUMNS: Readonly<Record<string, string>> = Object.freeze({
  unionisedMembers: "members",
  unionisedWorkers: "workers",
  feePaid: "fee_paid",
  feeDue: "fee_due",
});

/** A sector × size-band cell needs this many unionised units before its density is trusted; else the province's is used. */
export const MIN_COMPARABLE_UNITS = 3;
/** Most units one plan lists. */
export const MAX_PLAN_UNITS = 500;

export type DensityBasis = "SECTOR_SIZE_BAND" | "PROVINCE" | "ALL";

export interface RecruitmentPlanQuery {
  /** The year whose uncovered units are planned (the latest the warehouse holds when not given). */
  readonly year?: number | null;
  readonly units: number;
  readonly minWorkers: number;
  /** Which units the plan is about: the candidates and the baseline it projects from. */
  readonly filter?: EnterpriseFilter | null;
  /** The caller's scope (queries/access/scope-filter.ts): the comparable units come from it only, so a district key never sees a density of units outside its districts. */
  readonly scope?: EnterpriseFilter | null;
}

export interface PlanUnit {
  readonly rank: number;
  readonly taxCode: string;
  readonly name: string;
  readonly sectorCode: string | null;
  readonly sectorName: string | null;
  readonly sizeBand: string | null;
  readonly districtCode: string | null;
  readonly districtName: string | null;
  readonly communeCode: string | null;
  readonly industrialZone: string | null;
  readonly workers: number;
  readonly workersSource: string;
  /** Members ÷ workers of the comparable unionised units. */
  readonly comparableDensity: number;
  readonly densityBasis: DensityBasis;
  /** Unionised in-scope units the density was observed on. */
  readonly comparableUnits: number;
  /** round(workers × comparableDensity). */
  readonly expectedMembers: number;
  readonly feeDue: bigint;
  readonly feePaid: bigint;
  /** Fee paid ÷ fee due of the same comparable units, capped at 1; null when they owed nothing. */
  readonly comparableCollectionRate: number | null;
  /** max(fee paid, round(fee due × comparableCollectionRate)). */
  readonly expectedFeePaid: bigint;
}

export interface PlanMeasures {
  readonly units: number;
  readonly unionisedUnits: number;
  readonly coverageRate: number | null;
  readonly workers: number;
  readonly members: number;
  readonly densityAllInScope: number | null;
  readonly feeDue: bigint;
  readonly feePaid: bigint;
  readonly collectionRate: number | null;
}

export interface RecruitmentPlanResult {
  readonly year: number;
  readonly minWorkers: number;
  readonly unitsAsked: number;
  /** Uncovered in-scope units matching the filter: what the plan chose from. */
  readonly candidates: number;
  readonly units: readonly PlanUnit[];
  readonly baseline: PlanMeasures;
  readonly projected: PlanMeasures;
}

/** A candidate: its mart columns as they are, with what the query works out beside them. */
type CandidateRow = Pick<
  Selectable<MartUnitYearTable>,
  "tax_code" | "name" | "sector_section" | "size_band" | "district_code" | "commune_code" | "industrial_zone" | "workers_source"
> & {
  sector_name: string | null;
  district_name: string | null;
  /** Known: candidates are in scope. */
  workers: number;
  fee_due: bigint;
  fee_paid: bigint;
  density: number;
  density_basis: DensityBasis;
  comparable_units: number;
  collection_rate: number | null;
  expected_members: number;
  expected_fee_paid: bigint;
  candidates: number;
};

interface BaselineRow {
  units: number;
  unionised_units: number;
  workers: number;
  members: number;
  fee_due: bigint;
  fee_paid: bigint;
}

/**
 * The recruitment scenario: the `units` uncovered in-scope units whose organisation
 * would add the most members, and the coverage, members and fee collection projected
 * if they were organised. Not a forecast: every figure assumes the named units form a
 * union this year and then look like the unionised units already comparable to them.
 *
 * - Candidates: in-scope units (active, workers ≥ minWorkers) of the year, with no union,
 *   matching the filter (docs/DOMAIN.md § Uncovered units).
 * - Comparable density: members ÷ workers over the unionised in-scope units of the year in
 *   the same province, VSIC section and size band, when that cell has at least
 *   MIN_COMPARABLE_UNITS of them; else over the province's unionised in-scope units; else
 *   over all of them. Comparables are taken from the caller's whole scope (the province
 *   for a province key), not only the filter.
 * - Rank: expected members = round(workers × comparable density), largest first (each
 *   unit adds one unionised unit, so coverage rises the same for any; members decide),
 *   then more workers, then tax code.
 * - Fee: the comparables' collection rate (fee paid ÷ fee due, capped at 1) applied to the
 *   unit's fee due, never below what the unit already pays.
 * - Baseline and projection: the in-scope units matching the filter (coverage's measures).
 */
export async function recruitmentPlan(db: Db, query: RecruitmentPlanQuery): Promise<RecruitmentPlanResult> {
  if (!Number.isInteger(query.units) || query.units < 1 || query.units > MAX_PLAN_UNITS) {
    throw badUserInput(`units must be a whole number from 1 to ${MAX_PLAN_UNITS}, got ${query.units}`, { argument: "units", limit: MAX_PLAN_UNITS });
  }
  if (query.year != null && (!Number.isInteger(query.year) || query.year < 1900 || query.year > 2200))
    throw badUserInput(`year must be a year, got ${query.year}`, { argument: "year" });
  checkMinWorkers(query.minWorkers);
  const params = { minWorkers: query.minWorkers };
  const year =
    query.year ??
    (
      await db
        .selectFrom("mart_unit_year as u")
        .select((eb) => eb.fn.max("u.year").as("year"))
        .executeTakeFirst()
    )?.year;
  if (year == null) throw badUserInput("the warehouse holds no year", { argument: "year" });
  const anyDb = db as unknown as Kysely<any>;

  // Each figure is a measure of the semantic catalog (queries/semantic/measures.catalog.ts), from its one definition.
  const conditions = (eb: AnyEb, names: readonly ConditionName[]) => eb.and(names.map((c) => CONDITIONS[c].sql(eb, params)));
  const measure = (eb: AnyEb, name: string, options: { unitYear?: boolean; where?: ConditionName[] } = {}) => measureAggregate(eb, name, params, options);

  // The unionised in-scope units of the caller's scope, by cell: their units, members, workers, fee paid and fee due.
  const comparable = (by: string[]) => {
    // Only the unionised in-scope units are read (the measures' own conditions, so each cell is one of theirs).
    const units = db
      .selectFrom("mart_unit_year as u")
      .where("u.year", "=", year)
      .where((eb) => conditions(eb, UNIONISED))
      .where(compileEnterpriseFilter(query.scope ?? null));
    return (by.length ? units.groupBy(by.map((c) => `u.${c}` as never)) : units).select((eb) => [
      ...by.map((c) => `u.${c}` as never),
      eb.cast<number>(measure(eb, "unionisedUnits") as never, "integer").as("units"),
      eb.cast<number>(measure(eb, "unionisedMembers") as never, "double precision").as("members"),
      eb.cast<number>(measure(eb, "unionisedWorkers") as never, "double precision").as("workers"),
      eb.cast<number>(measure(eb, "feePaid", { unitYear: true, where: UNIONISED }) as never, "double precision").as("fee_paid"),
      eb.cast<number>(measure(eb, "feeDue", { unitYear: true, where: UNIONISED }) as never, "double precision").as("fee_due"),
    ]);
  };

  const rows = (await anyDb
    .with("cells", () => comparable(["new_province_code", "sector_section", "size_band"]))
    .with("provinces", () => comparable(["new_province_code"]))
    .with("everywhere", () => comparable([]))
    .with("candidates", () =>
      db
        .selectFrom("mart_unit_year as u")
        // The uncovered units (docs/DOMAIN.md § Uncovered units): the catalog's uncoveredUnits counts them.
        .where((eb) => eb.and(uncoveredConditions({ year, minWorkers: query.minWorkers, filter: query.filter })))
        .selectAll("u"),
    )
    .with("basis", (qc) =>
      qc
        .selectFrom("candidates as c")
        .leftJoin("cells as cell", (j) =>
          j
            .onRef("cell.new_province_code", "is not distinct from", "c.new_province_code")
            .onRef("cell.sector_section", "is not distinct from", "c.sector_section")
            .onRef("cell.size_band", "is not distinct from", "c.size_band"),
        )
        .leftJoin("provinces as p", "p.new_province_code", "c.new_province_code")
        .crossJoin("everywhere as e")
        .select((eb) => {
          const useCell = sql<boolean>`coalesce(${sql.ref("cell.units")}, 0) >= ${MIN_COMPARABLE_UNITS} and ${sql.ref("cell.workers")} > 0`;
          const useProvince = sql<boolean>`coalesce(${sql.ref("p.units")}, 0) > 0 and ${sql.ref("p.workers")} > 0`;
          const pick = (column: string) =>
            sql`case when ${useCell} then ${sql.ref(`cell.${column}`)} when ${useProvince} then ${sql.ref(`p.${column}`)} else ${sql.ref(`e.${column}`)} end`;
          return [
            "c.tax_code",
            "c.name",
            "c.sector_section",
            "c.size_band",
            "c.district_code",
            "c.commune_code",
            "c.industrial_zone",
            "c.workers",
            "c.workers_source",
            eb.cast(eb.fn.coalesce("c.fee_due", eb.lit(0)), "bigint").as("fee_due"),
            eb.cast(eb.fn.coalesce("c.fee_paid", eb.lit(0)), "bigint").as("fee_paid"),
            sql<string>`case when ${useCell} then 'SECTOR_SIZE_BAND' when ${useProvince} then 'PROVINCE' else 'ALL' end`.as("density_basis"),
            sql<number>`coalesce(${pick("units")}, 0)`.as("comparable_units"),
            // The comparables' union density (the catalog's `density`: their members ÷ workers), 0 without any; their collection rate capped at 1.
            sql<number>`coalesce(${measureRatio(eb, "density", (base) => pick(COMPARABLE_COLUMNS[base]))}, 0)`.as("density"),
            sql<number | null>`least(1.0, ${measureRatio(eb, "collectionRate", (base) => pick(COMPARABLE_COLUMNS[base]))})`.as("collection_rate"),
          ];
        }),
    )
    .selectFrom("basis as b")
    .leftJoin("dim_sector as s", "s.section", "b.sector_section")
    .leftJoin(adminUnits(db, "DISTRICT").as("d"), "d.code", "b.district_code")
    .select((eb) => [
      "b.tax_code",
      "b.name",
      "b.sector_section",
      "s.name_vi as sector_name",
      "b.size_band",
      "b.district_code",
      "d.name as district_name",
      "b.commune_code",
      "b.industrial_zone",
      "b.workers",
      "b.workers_source",
      "b.fee_due",
      "b.fee_paid",
      "b.density",
      "b.density_basis",
      eb.cast("b.comparable_units", "integer").as("comparable_units"),
      "b.collection_rate",
      eb.cast(sql`round(${sql.ref("b.workers")} * ${sql.ref("b.density")})`, "integer").as("expected_members"),
      eb
        .cast(sql`greatest(${sql.ref("b.fee_paid")}, coalesce(round(${sql.ref("b.fee_due")} * ${sql.ref("b.collection_rate")}), 0))`, "bigint")
        .as("expected_fee_paid"),
      eb.cast(sql`count(*) over ()`, "integer").as("candidates"),
    ])
    .orderBy("expected_members", "desc")
    .orderBy("b.workers", "desc")
    .orderBy("b.tax_code")
    .limit(query.units)
    .execute()) as unknown as CandidateRow[];

  const baselineRow = (await db
    .selectFrom("mart_unit_year as u")
    .where("u.year", "=", year)
    .where((eb) => conditions(eb, IN_SCOPE))
    .where(compileEnterpriseFilter(query.filter))
    .select((eb) => [
      eb.cast<number>(measure(eb, "units") as never, "integer").as("units"),
      eb.cast<number>(measure(eb, "unionisedUnits") as never, "integer").as("unionised_units"),
      eb.cast<number>(eb.fn.coalesce(measure(eb, "workers") as never, eb.lit(0)), "bigint").as("workers"),
      eb.cast<number>(eb.fn.coalesce(measure(eb, "inScopeMembers") as never, eb.lit(0)), "bigint").as("members"),
      eb.cast<bigint>(eb.fn.coalesce(measure(eb, "feeDue", { unitYear: true, where: IN_SCOPE }) as never, eb.lit(0)), "bigint").as("fee_due"),
      eb.cast<bigint>(eb.fn.coalesce(measure(eb, "feePaid", { unitYear: true, where: IN_SCOPE }) as never, eb.lit(0)), "bigint").as("fee_paid"),
    ])
    .executeTakeFirstOrThrow()) as unknown as BaselineRow;

  const units: PlanUnit[] = rows.map((r, i) => ({
    rank: i + 1,
    taxCode: r.tax_code,
    name: r.name,
    sectorCode: r.sector_section,
    sectorName: r.sector_name,
    sizeBand: r.size_band,
    districtCode: r.district_code,
    districtName: r.district_name,
    communeCode: r.commune_code,
    industrialZone: r.industrial_zone,
    workers: r.workers,
    workersSource: r.workers_source,
    comparableDensity: r.density,
    densityBasis: r.density_basis,
    comparableUnits: r.comparable_units,
    expectedMembers: r.expected_members,
    feeDue: BigInt(r.fee_due),
    feePaid: BigInt(r.fee_paid),
    comparableCollectionRate: r.collection_rate,
    expectedFeePaid: BigInt(r.expected_fee_paid),
  }));
  const baseline = measures({
    units: Number(baselineRow.units),
    unionisedUnits: Number(baselineRow.unionised_units),
    workers: Number(baselineRow.workers),
    members: Number(baselineRow.members),
    feeDue: BigInt(baselineRow.fee_due),
    feePaid: BigInt(baselineRow.fee_paid),
  });
  const projected = measures({
    units: baseline.units,
    unionisedUnits: baseline.unionisedUnits + units.length,
    workers: baseline.workers,
    members: baseline.members + units.reduce((s, u) => s + u.expectedMembers, 0),
    feeDue: baseline.feeDue,
    feePaid: baseline.feePaid + units.reduce((s, u) => s + (u.expectedFeePaid - u.feePaid), 0n),
  });
  return { year, minWorkers: query.minWorkers, unitsAsked: query.units, candidates: rows[0]?.candidates ?? 0, units, baseline, projected };
}

/** The plan's figures under their catalog names (members: the in-scope units', inScopeMembers). */
const CATALOG_NAMES: Readonly<Record<string, keyof PlanMeasures>> = Object.freeze({
  units: "units",
  unionisedUnits: "unionisedUnits",
  workers: "workers",
  inScopeMembers: "members",
  feeDue: "feeDue",
  feePaid: "feePaid",
});

/** The rates of a baseline or projection, each the catalog's ratio of the figures (projected ones are not in the warehouse, so computed here). */
function measures(m: Omit<PlanMeasures, "coverageRate" | "densityAllInScope" | "collectionRate">): PlanMeasures {
  const value = (base: string) => m[CATALOG_NAMES[base] as keyof typeof m];
  return {
    ...m,
    coverageRate: ratioValue("coverageRate", value),
    densityAllInScope: ratioValue("densityAllInScope", value),
    collectionRate: ratioValue("collectionRate", value),
  };
}
