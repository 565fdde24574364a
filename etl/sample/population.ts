/**
 * The employer units of the sample province: enterprises (~92 %) and their branches and
 * representative offices (~8 %), with registration, closing, size, ownership, activity,
 * place and name. Calibrated on the Quảng Trị Statistical Yearbook (reference/README.md):
 * most units tiny, a fatter-than-real tail so that ~12–18 % have 20 workers or more,
 * a few FDI employers of 1,000–5,000 workers in the industrial and economic zones.
 */
import type { UnitStatus } from "../../core/code-lists.js";
import { type Day, dayOf, endOfYear, yearOf } from "./calendar.js";
import { ACTIVITIES, type Activity, LARGE_EMPLOYER_ACTIVITIES, type LegalForm, type Ownership } from "./economy.js";
import { dependentUnitName, headOfficeName } from "./names.js";
import { Random } from "./prng.js";
import { INDUSTRIAL_ZONES, type IndustrialZone, SAMPLE_TAX_PREFIX, type SampleProvince } from "./province.js";
import type { Commune, District } from "./reference-data.js";
import { randomTaxCode } from "./tax-code.js";

export type { UnitStatus } from "../../core/code-lists.js";

export interface EmployerUnit {
  /** Position in the population (registration order); seeds the unit's own random streams. */
  readonly index: number;
  /** 10 digits, or 13 for a branch or representative office. */
  readonly taxCode: string;
  readonly parentTaxCode: string | null;
  readonly name: string;
  readonly legalForm: LegalForm;
  readonly ownership: Ownership;
  readonly activity: Activity;
  readonly district: District;
  readonly commune: Commune | null;
  readonly zone: IndustrialZone | null;
  readonly registeredOn: Day;
  readonly closedOn: Day | null;
  /** Start of a suspension still running at the snapshot (status SUSPENDED). */
  readonly suspendedOn: Day | null;
  readonly status: UnitStatus;
  /** Workers once the unit has grown to its size. */
  readonly matureWorkers: number;
  /** Social-insurance unit code (mã đơn vị BHXH). */
  readonly siUnitCode: string;
}

export interface PopulationOptions {
  readonly units: number;
  readonly seed: number;
  readonly firstRegistrationYear: number;
  readonly snapshot: Day;
  readonly dependentShare: number;
}

const SIZE_CLASSES: readonly (readonly [readonly [number, number], number])[] = [
  [[1, 4], 0.56],
  [[5, 9], 0.16],
  [[10, 19], 0.13],
  [[20, 49], 0.1],
  [[50, 199], 0.035],
  [[200, 999], 0.007],
  [[1000, 5000], 0.0009],
];
const DEPENDENT_SIZE_CLASSES: readonly (readonly [readonly [number, number], number])[] = [
  [[1, 4], 0.35],
  [[5, 19], 0.4],
  [[20, 99], 0.2],
  [[100, 300], 0.05],
];

function logUniformInt(random: Random, [min, max]: readonly [number, number]): number {
  return Math.round(Math.exp(random.uniform(Math.log(min), Math.log(max + 0.999))) - 0.499);
}

function ownershipFor(random: Random, workers: number, year: number): Ownership {
  const [fdi, state] = workers >= 200 ? [0.4, 0.15] : workers >= 50 ? [0.1, 0.1] : workers >= 20 ? [0.03, 0.05] : [0.003, 0.005];
  const r = random.next();
  if (r < fdi && year >= 2003) return "FDI";
  if (r < fdi + state && year <= 2012) return "STATE";
  return "NON_STATE";
}

function legalFormFor(random: Random, ownership: Ownership, activity: Activity, workers: number): LegalForm {
  if (ownership === "STATE")
    return random.weighted([
      ["DNNN", 0.5],
      ["TNHH_1TV", 0.3],
      ["CO_PHAN", 0.2],
    ]);
  if (ownership === "FDI")
    return random.weighted([
      ["TNHH_1TV", 0.6],
      ["TNHH_2TV", 0.3],
      ["CO_PHAN", 0.1],
    ]);
  if (activity.section === "A" && random.chance(0.4)) return "HTX";
  if (workers >= 50)
    return random.weighted([
      ["CO_PHAN", 0.45],
      ["TNHH_2TV", 0.3],
      ["TNHH_1TV", 0.2],
      ["HTX", 0.05],
    ]);
  return random.weighted([
    ["TNHH_1TV", 0.33],
    ["TNHH_2TV", 0.22],
    ["CO_PHAN", 0.17],
    ["DNTN", 0.13],
    ["HTX", 0.06],
    ["HOP_DANH", 0.01],
    ["KHAC", 0.08],
  ]);
}

/** Registration years weighted so that yearly registrations grow ~7 % a year. */
function registrationYears(firstYear: number, snapshot: Day): [number, number][] {
  const years: [number, number][] = [];
  for (let y = firstYear; y <= yearOf(snapshot); y++) years.push([y, 1.07 ** (y - firstYear)]);
  return years;
}

function registrationDay(random: Random, years: readonly (readonly [number, number])[], snapshot: Day): Day {
  return Math.min(dayOf(random.weighted(years), 1, 1) + random.int(0, 364), snapshot);
}

/** Closing (or a suspension still running) drawn year by year after registration. */
function endOfLife(random: Random, registeredOn: Day, workers: number, snapshot: Day) {
  const hazard = workers < 5 ? 0.05 : workers < 20 ? 0.035 : workers < 200 ? 0.02 : 0.01;
  for (let y = yearOf(registeredOn) + 1; y <= yearOf(snapshot); y++) {
    if (random.chance(hazard)) {
      const closedOn = Math.min(dayOf(y, 1, 1) + random.int(0, 364), snapshot);
      return { status: "CLOSED" as const, closedOn, suspendedOn: null };
    }
  }
  if (random.chance(0.035)) {
    const suspendedOn = Math.max(registeredOn + 180, snapshot - random.int(30, 700));
    if (suspendedOn < snapshot) return { status: "SUSPENDED" as const, closedOn: null, suspendedOn };
  }
  return { status: "ACTIVE" as const, closedOn: null, suspendedOn: null };
}

class UniqueNames {
  private readonly taken = new Map<string, Set<string>>();

  /** A name not yet used in the district (names may repeat across districts). */
  claim(district: District, make: () => string, disambiguate: (name: string, attempt: number) => string): string {
    let names = this.taken.get(district.code);
    if (!names) {
      names = new Set();
      this.taken.set(district.code, names);
    }
    let name = make();
    for (let attempt = 1; names.has(name); attempt++) name = attempt < 8 ? make() : disambiguate(name, attempt);
    names.add(name);
    return name;
  }
}

type Draft = Omit<EmployerUnit, "index" | "siUnitCode">;

/** A unit with one fixed object shape, so a million of them stay compact; numbered once sorted. */
class UnitRecord implements EmployerUnit {
  index = -1;
  siUnitCode = "";
  readonly taxCode: string;
  readonly parentTaxCode: string | null;
  readonly name: string;
  readonly legalForm: LegalForm;
  readonly ownership: Ownership;
  readonly activity: Activity;
  readonly district: District;
  readonly commune: Commune | null;
  readonly zone: IndustrialZone | null;
  readonly registeredOn: Day;
  readonly closedOn: Day | null;
  readonly suspendedOn: Day | null;
  readonly status: UnitStatus;
  readonly matureWorkers: number;

  constructor(draft: Draft) {
    this.taxCode = draft.taxCode;
    this.parentTaxCode = draft.parentTaxCode;
    this.name = draft.name;
    this.legalForm = draft.legalForm;
    this.ownership = draft.ownership;
    this.activity = draft.activity;
    this.district = draft.district;
    this.commune = draft.commune;
    this.zone = draft.zone;
    this.registeredOn = draft.registeredOn;
    this.closedOn = draft.closedOn;
    this.suspendedOn = draft.suspendedOn;
    this.status = draft.status;
    this.matureWorkers = draft.matureWorkers;
  }

  /** Numbers the unit once the population is in registration order. */
  number(index: number): void {
    this.index = index;
    const letter = (n: number) => String.fromCharCode(65 + (n % 26));
    this.siUnitCode = `T${letter(index)}${String(index + 1).padStart(6, "0")}${letter(index * 7)}`;
  }
}

export function buildPopulation(province: SampleProvince, options: PopulationOptions): EmployerUnit[] {
  const random = Random.stream(options.seed, "population");
  const names = new UniqueNames();
  const taxCodes = new Set<string>();
  const newTaxCode = () => {
    for (;;) {
      const code = randomTaxCode(random, SAMPLE_TAX_PREFIX);
      if (!taxCodes.has(code)) {
        taxCodes.add(code);
        return code;
      }
    }
  };
  const zoneWeights = INDUSTRIAL_ZONES.map((z) => [z, z.weight] as const);
  const largeActivities = LARGE_EMPLOYER_ACTIVITIES.map((x) => [x, x.largeWeight] as const);
  const activities = ACTIVITIES.map((x) => [x, x.weight] as const);

  const years = registrationYears(options.firstRegistrationYear, options.snapshot);
  const dependents = Math.round(options.units * options.dependentShare);
  const heads: UnitRecord[] = [];
  for (let i = 0; i < options.units - dependents; i++) {
    const matureWorkers = logUniformInt(random, random.weighted(SIZE_CLASSES));
    const registeredOn = registrationDay(random, years, options.snapshot);
    const ownership = ownershipFor(random, matureWorkers, yearOf(registeredOn));
    const inZone = random.chance(ownership === "FDI" ? 0.8 : matureWorkers >= 100 ? 0.3 : 0.02);
    const zone = inZone ? random.weighted(zoneWeights) : null;
    const large = ownership === "FDI" || matureWorkers >= 200;
    const activity = random.weighted(large ? largeActivities : activities);
    const legalForm = legalFormFor(random, ownership, activity, matureWorkers);
    const place = zone ? province.zoneLocation(zone, random) : province.randomLocation(random);
    const name = names.claim(
      place.district,
      () => headOfficeName(random, legalForm, activity, ownership, place),
      (taken, attempt) => `${taken} ${attempt - 6}`,
    );
    heads.push(
      new UnitRecord({
        taxCode: newTaxCode(),
        parentTaxCode: null,
        name,
        legalForm,
        ownership,
        activity,
        district: place.district,
        commune: place.commune,
        zone,
        registeredOn,
        ...endOfLife(random, registeredOn, matureWorkers, options.snapshot),
        matureWorkers,
      }),
    );
  }

  const parents = heads.filter((h) => h.registeredOn < options.snapshot - 365);
  const bigParents = parents.filter((h) => h.matureWorkers >= 10);
  const branchCount = new Map<string, number>();
  const units: UnitRecord[] = [...heads];
  for (let i = 0; i < dependents && parents.length; i++) {
    const parent = random.pick(bigParents.length && random.chance(0.6) ? bigParents : parents);
    const ordinal = (branchCount.get(parent.taxCode) ?? 0) + 1;
    branchCount.set(parent.taxCode, ordinal);
    const legalForm = random.chance(0.85) ? "CHI_NHANH" : "VP_DAI_DIEN";
    const matureWorkers = legalForm === "VP_DAI_DIEN" ? random.int(1, 6) : logUniformInt(random, random.weighted(DEPENDENT_SIZE_CLASSES));
    const place = province.randomLocation(random);
    const latest = Math.min(parent.closedOn ?? options.snapshot, options.snapshot, parent.registeredOn + 3650);
    const registeredOn = parent.registeredOn + random.int(0, Math.max(0, latest - parent.registeredOn));
    const life = endOfLife(random, registeredOn, matureWorkers, options.snapshot);
    const closedOn = parent.closedOn !== null && (life.closedOn === null || life.closedOn > parent.closedOn) ? parent.closedOn : life.closedOn;
    units.push(
      new UnitRecord({
        taxCode: parent.taxCode + String(ordinal).padStart(3, "0"),
        parentTaxCode: parent.taxCode,
        name: names.claim(
          place.district,
          () => dependentUnitName(legalForm, parent.name, place.district, ordinal),
          (n, k) => `${n} ${k}`,
        ),
        legalForm,
        ownership: parent.ownership,
        activity: parent.activity,
        district: place.district,
        commune: place.commune,
        zone: null,
        registeredOn,
        closedOn,
        suspendedOn: closedOn === null ? life.suspendedOn : null,
        status: closedOn === null ? life.status : "CLOSED",
        matureWorkers,
      }),
    );
  }

  units.sort((x, y) => x.registeredOn - y.registeredOn || (x.taxCode < y.taxCode ? -1 : 1));
  for (const [index, unit] of units.entries()) unit.number(index);
  return units;
}

/** Whether a unit is registered and not closed at the end of `year` (docs/DOMAIN.md § Active unit). */
export function isActiveAtYearEnd(unit: EmployerUnit, year: number): boolean {
  const end = endOfYear(year);
  return unit.registeredOn <= end && (unit.closedOn === null || unit.closedOn > end);
}
