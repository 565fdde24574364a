/**
 * Grassroots unions (CĐCS) at a unit: whether and when one is founded (likelier for
 * large, state and FDI employers), when it is dissolved, a union dissolved before the
 * sample years at some units, the yearly membership returns (members = last year's +
 * admitted − left, members ≤ workers) and the collective agreements it signs.
 */
import type { UnionSector as RegistrySector } from "../../core/code-lists.js";
import { addMonths, type Day, dayOf, endOfYear, yearOf } from "./calendar.js";
import { grassrootsUnionName } from "./names.js";
import type { EmployerUnit } from "./population.js";
import type { Random } from "./prng.js";
import { DISTRICT_LEVEL_ABOLISHED, PROVINCIAL_FEDERATION, type SampleProvince, ZONE_UNION } from "./province.js";
import type { Workforce } from "./workforce.js";

/** The sectors the sample's union registry writes (core/code-lists.ts UNION_SECTORS). */
export type UnionSector = Extract<RegistrySector, "DNNN" | "NGOAI_NHA_NUOC" | "FDI" | "KHAC">;

export interface MembershipReturn {
  readonly year: number;
  readonly workers: number;
  readonly members: number;
  readonly admitted: number;
  readonly left: number;
  readonly femaleMembers: number;
}

export interface GrassrootsUnion {
  readonly code: string;
  readonly name: string;
  readonly foundedOn: Day;
  readonly dissolvedOn: Day | null;
  readonly upperUnion: string;
  readonly sector: UnionSector;
  /** Returns for the sample years in which the union exists at year end. */
  readonly returns: readonly MembershipReturn[];
}

export interface CollectiveAgreement {
  readonly signedOn: Day;
  /** Written only when it differs from the signing day. */
  readonly effectiveOn: Day | null;
  readonly expiresOn: Day;
  readonly termMonths: number;
  /** The agreement names its end by date (else by its term in months). */
  readonly writtenWithExpiry: boolean;
  readonly workersCovered: number;
}

/** Union codes `CD<district>-<5-digit sequence>`, numbered per district in generation order. */
export class UnionCodeAllocator {
  private readonly next = new Map<string, number>();

  allocate(districtCode: string): string {
    const n = (this.next.get(districtCode) ?? 0) + 1;
    this.next.set(districtCode, n);
    return `CD${districtCode}-${String(n).padStart(5, "0")}`;
  }
}

export interface UnionContext {
  readonly province: SampleProvince;
  readonly codes: UnionCodeAllocator;
  readonly firstYear: number;
  readonly lastYear: number;
  readonly snapshot: Day;
}

export function unionExistsOn(union: Pick<GrassrootsUnion, "foundedOn" | "dissolvedOn">, day: Day): boolean {
  return union.foundedOn <= day && (union.dissolvedOn === null || union.dissolvedOn > day);
}

function sectorOf(unit: EmployerUnit): UnionSector {
  if (unit.ownership === "STATE") return "DNNN";
  if (unit.ownership === "FDI") return "FDI";
  return unit.legalForm === "HTX" || unit.legalForm === "KHAC" ? "KHAC" : "NGOAI_NHA_NUOC";
}

function upperUnionOf(unit: EmployerUnit, foundedOn: Day, context: UnionContext): string {
  if (foundedOn >= DISTRICT_LEVEL_ABOLISHED) return PROVINCIAL_FEDERATION;
  if (unit.zone) return ZONE_UNION;
  return context.province.districtFederation(unit.district);
}

/** The first day the unit reaches 10 workers at a year end (or mid-year). */
function eligibleFrom(unit: EmployerUnit, workforce: Workforce, lastYear: number): Day | null {
  for (let y = yearOf(unit.registeredOn); y <= lastYear; y++) {
    if (workforce.midYear(y) >= 10) return Math.max(unit.registeredOn, dayOf(y, 6, 30));
    if (workforce.yearEnd(y) >= 10) return endOfYear(y);
  }
  return null;
}

function membershipReturns(union: Omit<GrassrootsUnion, "returns">, workforce: Workforce, random: Random, context: UnionContext): MembershipReturn[] {
  const returns: MembershipReturn[] = [];
  const target = random.uniform(0.65, 0.95);
  const initial = target * random.uniform(0.75, 1);
  const turnover = random.uniform(0.025, 0.06);
  const foundedYear = yearOf(union.foundedOn);
  let previous = 0;
  let lastWorkers = 0;
  for (let y = foundedYear; y <= context.lastYear; y++) {
    if (!unionExistsOn(union, endOfYear(y))) break;
    const workers = workforce.yearEnd(y) || workforce.midYear(y) || lastWorkers;
    if (!workers) continue;
    lastWorkers = workers;
    const density = target - (target - initial) * Math.exp(-(y - foundedYear));
    const members = Math.min(workers, Math.max(1, Math.round(workers * density)));
    let left = y === foundedYear ? 0 : Math.round(previous * turnover * random.uniform(0.7, 1.3));
    let admitted = members - previous + left;
    if (admitted < 0) {
      left -= admitted;
      admitted = 0;
    }
    if (y >= context.firstYear) {
      const femaleMembers = Math.min(members, Math.round(members * random.uniform(0.25, 0.9)));
      returns.push({ year: y, workers, members, admitted, left, femaleMembers });
    }
    previous = members;
  }
  return returns;
}

function agreements(union: GrassrootsUnion, workforce: Workforce, random: Random, context: UnionContext): CollectiveAgreement[] {
  const result: CollectiveAgreement[] = [];
  let signedOn = union.foundedOn + random.int(30, 365);
  let effectiveOn: Day | null = null;
  while (signedOn <= context.snapshot && (union.dissolvedOn === null || signedOn < union.dissolvedOn)) {
    const start: Day = effectiveOn ?? (random.chance(0.35) ? signedOn : signedOn + random.int(1, 15));
    const termMonths = random.weighted([
      [12, 0.3],
      [24, 0.3],
      [36, 0.4],
    ] as const);
    const expiresOn: Day = addMonths(start, termMonths) - 1;
    const year = yearOf(signedOn);
    result.push({
      signedOn,
      effectiveOn: start === signedOn ? null : start,
      expiresOn,
      termMonths,
      writtenWithExpiry: random.chance(0.6),
      workersCovered: workforce.yearEnd(year) || workforce.midYear(year) || workforce.yearEnd(year - 1) || 1,
    });
    if (random.chance(0.9)) {
      effectiveOn = expiresOn + 1;
      signedOn = expiresOn - random.int(0, 30);
    } else {
      effectiveOn = null;
      signedOn = expiresOn + random.int(60, 400);
    }
  }
  return result;
}

export interface UnitUnions {
  readonly unions: readonly GrassrootsUnion[];
  readonly agreements: readonly CollectiveAgreement[];
}

export function simulateUnions(unit: EmployerUnit, workforce: Workforce, random: Random, context: UnionContext): UnitUnions {
  const unions: GrassrootsUnion[] = [];
  const allAgreements: CollectiveAgreement[] = [];
  const rangeStart = dayOf(context.firstYear, 1, 1);
  const closingDay = (foundedOn: Day): Day | null => {
    if (unit.closedOn !== null) {
      const day = unit.closedOn + random.int(0, 90);
      return day <= context.snapshot ? day : null;
    }
    if (unit.suspendedOn !== null && random.chance(0.3)) {
      const day = unit.suspendedOn + random.int(30, 300);
      return day <= context.snapshot ? day : null;
    }
    const years = (context.snapshot - foundedOn) / 365.25;
    return random.chance(1 - 0.992 ** years) ? foundedOn + random.int(365, Math.max(366, context.snapshot - foundedOn)) : null;
  };
  const found = (foundedOn: Day, dissolvedOn: Day | null) => {
    const base = {
      code: context.codes.allocate(unit.district.code),
      name: grassrootsUnionName(random, unit.name),
      foundedOn,
      dissolvedOn: dissolvedOn !== null && dissolvedOn <= foundedOn ? foundedOn + 30 : dissolvedOn,
      upperUnion: upperUnionOf(unit, foundedOn, context),
      sector: sectorOf(unit),
    };
    const union = { ...base, returns: membershipReturns(base, workforce, random, context) };
    unions.push(union);
    return union;
  };

  const eligible = eligibleFrom(unit, workforce, context.lastYear);
  if (eligible === null) return { unions, agreements: allAgreements };

  // A union dissolved before the sample years (workforce shrank, reorganisation, ...).
  let earliest = eligible;
  const historyEnd = dayOf(context.firstYear - 1, 12, 31);
  if (eligible < dayOf(context.firstYear - 4, 1, 1) && random.chance(0.2)) {
    const foundedOn = eligible + random.int(0, 700);
    const dissolvedOn = Math.min(historyEnd, foundedOn + random.int(365, 2500), unit.closedOn ?? Number.POSITIVE_INFINITY);
    if (foundedOn < dissolvedOn && dissolvedOn < rangeStart) {
      found(foundedOn, dissolvedOn);
      earliest = dissolvedOn + random.int(30, 400);
    }
  }

  const peak = workforce.peak;
  const stateOrFdi = unit.ownership !== "NON_STATE";
  const chance = peak >= 20 ? Math.min(0.95, 0.52 + (peak >= 100 ? 0.25 : 0) + (peak >= 500 ? 0.15 : 0) + (stateOrFdi ? 0.2 : 0)) : peak >= 10 ? 0.06 : 0;
  if (!random.chance(chance)) return { unions, agreements: allAgreements };
  const meanDelayDays = (peak >= 100 || stateOrFdi ? 1.5 : 4.5) * 365;
  const foundedOn = earliest + Math.round(-Math.log(1 - random.next()) * meanDelayDays);
  const stopsOn = Math.min(context.snapshot + 1, unit.closedOn ?? Number.POSITIVE_INFINITY, unit.suspendedOn ?? Number.POSITIVE_INFINITY);
  if (foundedOn >= stopsOn) return { unions, agreements: allAgreements };
  const union = found(foundedOn, closingDay(foundedOn));
  const agreementChance = unit.ownership === "STATE" ? 0.95 : unit.ownership === "FDI" ? 0.92 : peak >= 50 ? 0.85 : 0.75;
  if (random.chance(agreementChance)) allAgreements.push(...agreements(union, workforce, random, context));
  return { unions, agreements: allAgreements };
}
