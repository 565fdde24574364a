/**
 * Which agencies report a unit in which year: the statistics survey covers a subset of
 * units each year, labour reports come from some units for both halves or only the first,
 * social insurance from most units monthly (workforce.ts). The gaps make every step of
 * the workers precedence (docs/DOMAIN.md § Workers: stats → labour H2 → labour H1 → SI) needed somewhere.
 */
import { endOfYear } from "./calendar.js";
import type { EmployerUnit } from "./population.js";
import type { Random } from "./prng.js";
import { isOperating, type Workforce } from "./workforce.js";

export interface StatsReport {
  readonly year: number;
  readonly employees: number;
  readonly femaleEmployees: number;
  /** Revenue, million VND (one decimal). */
  readonly revenueMillion: number;
}

export interface LabourReport {
  readonly year: number;
  readonly half: 1 | 2;
  readonly totalWorkers: number;
  readonly femaleWorkers: number;
  readonly otherWorkerOrganisation: boolean;
}

export interface AgencyReports {
  readonly stats: readonly StatsReport[];
  readonly labour: readonly LabourReport[];
}

const REVENUE_PER_WORKER_MILLION: Readonly<Record<string, number>> = {
  A: 250,
  B: 900,
  C: 700,
  D: 3000,
  E: 600,
  F: 800,
  G: 1500,
  H: 900,
  I: 400,
  J: 900,
  K: 1500,
  L: 1200,
  M: 600,
};

export function simulateAgencyReports(unit: EmployerUnit, workforce: Workforce, random: Random, firstYear: number, lastYear: number): AgencyReports {
  const stats: StatsReport[] = [];
  const labour: LabourReport[] = [];
  const dependent = unit.parentTaxCode !== null;
  const female = (total: number) => Math.min(total, Math.round(total * workforce.femaleShare * (1 + 0.05 * random.normal())));
  const otherOrganisation = unit.ownership === "FDI" && random.chance(0.1);
  for (let y = firstYear; y <= lastYear; y++) {
    const end = workforce.yearEnd(y);
    if (end && isOperating(unit, endOfYear(y))) {
      const surveyed = dependent ? 0.12 : end >= 100 ? 0.85 : end >= 20 ? 0.6 : end >= 5 ? 0.42 : 0.3;
      if (random.chance(surveyed)) {
        const perWorker = REVENUE_PER_WORKER_MILLION[unit.activity.section] ?? 500;
        stats.push({
          year: y,
          employees: end,
          femaleEmployees: female(end),
          revenueMillion: Math.round(end * perWorker * Math.exp(0.3 * random.normal()) * 10) / 10,
        });
      }
    }
    const mid = workforce.midYear(y);
    const size = Math.max(end, mid);
    const reports = random.chance(size >= 50 ? 0.8 : size >= 10 ? 0.55 : 0.15);
    if (!reports) continue;
    if (mid) labour.push({ year: y, half: 1, totalWorkers: mid, femaleWorkers: female(mid), otherWorkerOrganisation: otherOrganisation });
    if (end && random.chance(0.8)) {
      const total = Math.max(1, Math.round(end * (1 + 0.02 * random.normal())));
      labour.push({ year: y, half: 2, totalWorkers: total, femaleWorkers: female(total), otherWorkerOrganisation: otherOrganisation });
    }
  }
  return { stats, labour };
}
