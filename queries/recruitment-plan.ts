import { type Kysely, sql } from "kysely";
import { adminUnits } from "./admin-units.js";
import type { Db } from "./database.js";
import { compileEnterpriseFilter, type EnterpriseFilter } from "./filters.js";
import { inScope } from "./scope.js";
import { badUserInput } from "./user-errors.js";

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

interface CandidateRow {
  tax_code: string;
  name: string;
  sector_section: string | null;
  sector_name: string | null;
  size_band: string | null;
  district_code: string | null;
  district_name: string | null;
  commune_code: string | null;
  industrial_zone: string | null;
  workers: number;
  workers_source: string;
  fee_due: bigint;
  fee_paid: bigint;
  density: number;
  density_basis: DensityBasis;
  comparable_units: number;
  collection_rate: number | null;
  expected_members: number;
  expected_fee_paid: bigint;
  candidates: number;
}

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
  const scope = inScope(query.minWorkers);
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

  const comparable = (by: string[]) => {
    const unionised = db
      .selectFrom("mart_unit_year as u")
      .where("u.year", "=", year)
      .where(scope)
      .where("u.has_union", "=", true)
      .where(compileEnterpriseFilter(query.scope ?? null));
    return (by.length ? unionised.groupBy(by.map((c) => `u.${c}` as never)) : unionised).select((eb) => [
      ...by.map((c) => `u.${c}` as never),
      eb.cast<number>(eb.fn.countAll(), "integer").as("units"),
      eb.cast<number>(eb.fn.sum("u.members"), "double precision").as("members"),
      eb.cast<number>(eb.fn.sum("u.workers"), "double precision").as("workers"),
      eb.cast<number>(eb.fn.sum("u.fee_paid"), "double precision").as("fee_paid"),
      eb.cast<number>(eb.fn.sum("u.fee_due"), "double precision").as("fee_due"),
    ]);
  };

  const rows = (await anyDb
    .with("cells", () => comparable(["new_province_code", "sector_section", "size_band"]))
    .with("provinces", () => comparable(["new_province_code"]))
    .with("everywhere", () => comparable([]))
    .with("candidates", () =>
      db
        .selectFrom("mart_unit_year as u")
        .where("u.year", "=", year)
        .where(scope)
        .where("u.has_union", "=", false)
        .where(compileEnterpriseFilter(query.filter))
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
            sql<number>`coalesce(${pick("members")} / nullif(${pick("workers")}, 0), 0)`.as("density"),
            sql<number | null>`least(1.0, ${pick("fee_paid")} / nullif(${pick("fee_due")}, 0))`.as("collection_rate"),
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
    .where(scope)
    .where(compileEnterpriseFilter(query.filter))
    .select((eb) => [
      eb.cast<number>(eb.fn.countAll(), "integer").as("units"),
      eb.cast<number>(eb.fn.countAll().filterWhere("u.has_union", "=", true), "integer").as("unionised_units"),
      eb.cast<number>(eb.fn.coalesce(eb.fn.sum("u.workers"), eb.lit(0)), "bigint").as("workers"),
      eb.cast<number>(eb.fn.coalesce(eb.fn.sum("u.members"), eb.lit(0)), "bigint").as("members"),
      eb.cast<bigint>(eb.fn.coalesce(eb.fn.sum("u.fee_due"), eb.lit(0)), "bigint").as("fee_due"),
      eb.cast<bigint>(eb.fn.coalesce(eb.fn.sum("u.fee_paid"), eb.lit(0)), "bigint").as("fee_paid"),
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

function measures(m: Omit<PlanMeasures, "coverageRate" | "densityAllInScope" | "collectionRate">): PlanMeasures {
  return {
    ...m,
    coverageRate: m.units > 0 ? m.unionisedUnits / m.units : null,
    densityAllInScope: m.workers > 0 ? m.members / m.workers : null,
    collectionRate: m.feeDue > 0n ? Number(m.feePaid) / Number(m.feeDue) : null,
  };
}
