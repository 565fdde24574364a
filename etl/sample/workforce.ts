/**
 * A unit's workforce over time: workers at each year end and mid-year (smooth growth
 * towards its size with persistent noise and a 2020–2021 dip), and the months it pays
 * social insurance with its insured workers and salary fund.
 */
import { type Day, dayOf, endOfYear, yearOf } from "./calendar.js";
import type { EmployerUnit } from "./population.js";
import type { Random } from "./prng.js";

export interface SiMonth {
  readonly year: number;
  readonly month: number;
  readonly insuredWorkers: number;
  /** Monthly salary fund on which social insurance is paid, VND. */
  readonly salaryFund: number;
  /** Social-insurance arrears at month end, VND. */
  readonly arrears: number;
}

export interface Workforce {
  /** Workers at 31 December of `year` (0 when not operating then). */
  yearEnd(year: number): number;
  /** Workers at 30 June of `year` (0 when not operating then). */
  midYear(year: number): number;
  /** Largest year-end workforce over the unit's life. */
  readonly peak: number;
  readonly femaleShare: number;
  /** Mean monthly salary per worker in `year`, VND. */
  salary(year: number): number;
  /** Months paid to social insurance within the sample years (empty when the unit is not insured). */
  readonly siMonths: readonly SiMonth[];
}

/** Operating on a day: registered, not closed and not suspended. */
export function isOperating(unit: EmployerUnit, day: Day): boolean {
  return unit.registeredOn <= day && (unit.closedOn === null || unit.closedOn > day) && (unit.suspendedOn === null || unit.suspendedOn > day);
}

const DIP: Readonly<Record<number, number>> = { 2020: 0.96, 2021: 0.93, 2022: 0.97 };

export function simulateWorkforce(unit: EmployerUnit, random: Random, firstYear: number, lastYear: number): Workforce {
  const registeredYear = yearOf(unit.registeredOn);
  const tau = unit.matureWorkers >= 200 ? random.uniform(1.5, 4) : random.uniform(0.4, 2.5);
  const yearEnd = new Map<number, number>();
  const midYear = new Map<number, number>();
  const volatility = unit.matureWorkers >= 50 ? 0.05 : unit.matureWorkers >= 20 ? 0.08 : 0.11;
  let noise = random.normal() * volatility;
  let peak = 0;
  let previous = 0;
  for (let y = registeredYear; y <= lastYear; y++) {
    noise = 0.7 * noise + volatility * random.normal();
    const age = (endOfYear(y) - unit.registeredOn) / 365.25;
    const level = unit.matureWorkers * (1 - Math.exp(-(age + 0.3) / tau)) * (DIP[y] ?? 1) * Math.exp(noise);
    const atEnd = isOperating(unit, endOfYear(y)) ? Math.max(1, Math.round(level)) : 0;
    const atMid = isOperating(unit, dayOf(y, 6, 30))
      ? Math.max(1, Math.round((previous && atEnd ? Math.sqrt(previous * atEnd) : Math.max(previous, atEnd, level * 0.8)) * (1 + 0.03 * random.normal())))
      : 0;
    yearEnd.set(y, atEnd);
    midYear.set(y, atMid);
    peak = Math.max(peak, atEnd, atMid);
    if (atEnd) previous = atEnd;
  }

  const femaleShare = Math.min(0.95, Math.max(0.02, unit.activity.femaleShare + 0.08 * random.normal()));
  const ownershipPay = unit.ownership === "FDI" ? 1.1 : unit.ownership === "STATE" ? 1.15 : 1;
  const payLevel = unit.activity.salary2019 * 1e6 * ownershipPay * Math.exp(0.15 * random.normal());
  const salary = (year: number) => Math.round(Math.min(15e6, Math.max(4e6, payLevel * 1.055 ** (year - 2019))));

  const insuredChance = peak >= 20 ? 0.97 : peak >= 5 ? 0.85 : 0.55;
  const siMonths: SiMonth[] = [];
  if (random.chance(insuredChance)) {
    const insuredShare = unit.ownership === "NON_STATE" ? random.uniform(0.6, 1) : random.uniform(0.93, 1);
    const siFrom = unit.registeredOn + random.int(15, 200);
    const debtor = random.chance(0.08);
    for (let y = firstYear; y <= lastYear; y++) {
      const from = yearEnd.get(y - 1) || midYear.get(y) || yearEnd.get(y) || 0;
      const to = yearEnd.get(y) || midYear.get(y) || from;
      for (let m = 1; m <= 12; m++) {
        const mid = dayOf(y, m, 15);
        if (mid < siFrom || !isOperating(unit, mid) || !to) continue;
        const workers = m === 12 ? to : (from || to) ** (1 - m / 12) * to ** (m / 12) * (1 + 0.015 * random.normal());
        const insuredWorkers = Math.max(1, Math.round(insuredShare * workers));
        const salaryFund = Math.round(insuredWorkers * salary(y) * (1 + 0.02 * random.normal()));
        const arrears = debtor && random.chance(0.3) ? Math.round(salaryFund * 0.32 * random.int(1, 4)) : 0;
        siMonths.push({ year: y, month: m, insuredWorkers, salaryFund, arrears });
      }
    }
  }

  return {
    yearEnd: (year) => yearEnd.get(year) ?? 0,
    midYear: (year) => midYear.get(year) ?? 0,
    peak,
    femaleShare,
    salary,
    siMonths,
  };
}
