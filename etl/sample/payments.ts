/**
 * Union finance at a unit: the fee (KPCĐ, 2 % of the social-insurance salary fund) due
 * each month whether or not it has a union, what it pays (monthly for most, quarterly
 * for some agriculture units, yearly for a few; in full, partly, late or not at all) and
 * the member dues (đoàn phí) its union collects.
 */
import { type Day, dayOf, endOfMonth } from "./calendar.js";
import type { EmployerUnit } from "./population.js";
import type { Random } from "./prng.js";
import type { RateTable } from "./reference-data.js";
import { type GrassrootsUnion, unionExistsOn } from "./union-life.js";
import type { SiMonth, Workforce } from "./workforce.js";

export type PeriodGrain = "MONTH" | "QUARTER" | "YEAR";

export interface FinancePeriod {
  readonly grain: PeriodGrain;
  readonly year: number;
  /** Month 1–12, quarter 1–4, or 0 for a year. */
  readonly index: number;
}

export interface Payment {
  readonly period: FinancePeriod;
  /** kpcd_da_nop, VND. */
  readonly unionFee: number;
  /** doan_phi_da_nop, VND (0 without a union). */
  readonly memberDues: number;
  readonly paidOn: Day;
  readonly unionCode: string | null;
}

/**
 * The union fee due on one month's salary fund: rate × fund rounded half up to a whole
 * dong, in integer arithmetic (the rate is taken in parts per million).
 */
export function monthlyUnionFeeDue(salaryFund: number, rate: number): number {
  const ppm = Math.round(rate * 1e6);
  return Math.floor((salaryFund * ppm + 500_000) / 1e6);
}

export function periodOfMonth(grain: PeriodGrain, year: number, month: number): FinancePeriod {
  return { grain, year, index: grain === "MONTH" ? month : grain === "QUARTER" ? Math.ceil(month / 3) : 0 };
}

function lastMonthOf(period: FinancePeriod): number {
  return period.grain === "MONTH" ? period.index : period.grain === "QUARTER" ? period.index * 3 : 12;
}

type Behaviour = "FULL" | "PARTIAL" | "LATE" | "NONE";

/**
 * The unit's payments. `stateBudgetFunded`: the unit owes no fee where rates.csv exempts it
 * (from 1 July 2025), and pays that share of what it would have paid: nothing for a
 * period wholly exempt, whose row stays in the file with a fee of 0 (so the rows, their
 * dirt and every draw are those of the province without the exemption). `paidOn` here is a
 * placeholder inside the period, which payment-dates.ts replaces by a day around the
 * deadline (the draw is kept so every later draw of the stream stays as it was).
 */
export function simulatePayments(
  unit: EmployerUnit,
  workforce: Workforce,
  unions: readonly GrassrootsUnion[],
  rates: RateTable,
  random: Random,
  stateBudgetFunded = false,
): Payment[] {
  if (!workforce.siMonths.length) return [];
  const unionised = unions.some((u) => u.returns.length > 0);
  const large = workforce.peak >= 200;
  const behaviour: Behaviour = random.weighted<Behaviour>(
    large
      ? [
          ["FULL", 0.9],
          ["PARTIAL", 0.05],
          ["LATE", 0.05],
          ["NONE", 0],
        ]
      : unionised
        ? [
            ["FULL", 0.8],
            ["PARTIAL", 0.1],
            ["LATE", 0.08],
            ["NONE", 0.02],
          ]
        : [
            ["FULL", 0.45],
            ["PARTIAL", 0.15],
            ["LATE", 0.1],
            ["NONE", 0.3],
          ],
  );
  const grain: PeriodGrain = unit.activity.section === "A" && random.chance(0.5) ? "QUARTER" : random.chance(0.02) ? "YEAR" : "MONTH";
  const nonState = unit.ownership !== "STATE";

  const groups = new Map<string, { period: FinancePeriod; months: SiMonth[] }>();
  for (const month of workforce.siMonths) {
    const period = periodOfMonth(grain, month.year, month.month);
    const key = `${period.year}-${period.index}`;
    const group = groups.get(key) ?? { period, months: [] };
    group.months.push(month);
    groups.set(key, group);
  }

  const payments: Payment[] = [];
  let carried = 0;
  for (const { period, months } of groups.values()) {
    const lastMonth = lastMonthOf(period);
    const periodEnd = endOfMonth(period.year, lastMonth);
    let due = 0;
    let dueOwed = 0;
    for (const m of months) {
      const firstDay = dayOf(m.year, m.month, 1);
      due += monthlyUnionFeeDue(m.salaryFund, rates.valueOn("union_fee_rate", firstDay));
      dueOwed += monthlyUnionFeeDue(m.salaryFund, rates.valueOn("union_fee_rate", firstDay, nonState, stateBudgetFunded));
    }
    let unionFee = 0;
    switch (behaviour) {
      case "FULL":
        unionFee = random.chance(0.92) ? due : Math.round(due * random.uniform(0.95, 1));
        break;
      case "PARTIAL":
        unionFee = Math.round(due * random.uniform(0.3, 0.9));
        break;
      case "LATE":
        if (random.chance(0.35)) carried += due;
        else {
          unionFee = due + carried;
          carried = 0;
        }
        break;
      case "NONE":
        break;
    }

    const union = unions.find((u) => unionExistsOn(u, periodEnd));
    const members = union?.returns.find((r) => r.year === period.year)?.members ?? 0;
    let memberDues = 0;
    if (members && (behaviour !== "NONE" || random.chance(0.5))) {
      const perMember = Math.min(
        rates.valueOn("member_dues_rate", periodEnd, nonState) * workforce.salary(period.year),
        rates.valueOn("member_dues_cap_share", periodEnd) * rates.valueOn("base_salary", periodEnd),
      );
      memberDues = Math.round(members * perMember * months.length);
    }
    if (unionFee <= 0 && memberDues <= 0) continue;
    payments.push({
      period,
      unionFee: dueOwed === due ? unionFee : due > 0 ? Math.round((unionFee * dueOwed) / due) : 0,
      memberDues,
      paidOn: Math.min(periodEnd, dayOf(period.year, lastMonth, random.int(5, 28))),
      unionCode: union?.code ?? null,
    });
  }
  return payments;
}
