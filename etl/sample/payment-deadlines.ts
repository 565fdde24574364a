/**
 * The union fee's payment deadlines as the sample generator reads them from
 * `etl/reference/payment_deadlines.csv` (docs/DOMAIN.md § On-time payment), written here
 * on its own from the rule's text, not shared with the warehouse's SQL: the deadline of a
 * period is the last day of the month `months_after_period` months after the period's last
 * month, by the row of the payment's grain in force on the period's first day that applies
 * to the unit (ALL, or SECTION_A for VSIC section A). A grain with no such row (a year, a
 * quarter outside section A) is held month by month to the MONTH rule.
 */
import { type Day, dayOf, endOfMonth } from "./calendar.js";
import type { FinancePeriod, PeriodGrain } from "./payments.js";
import { readReferenceCsv } from "./reference-data.js";

interface DeadlineRow {
  readonly grain: string;
  readonly validFrom: Day;
  readonly validTo: Day;
  readonly monthsAfter: number;
  readonly appliesTo: string;
}

export function firstMonthOf(period: FinancePeriod): number {
  return period.grain === "MONTH" ? period.index : period.grain === "QUARTER" ? period.index * 3 - 2 : 1;
}

export function lastMonthOf(period: FinancePeriod): number {
  return period.grain === "MONTH" ? period.index : period.grain === "QUARTER" ? period.index * 3 : 12;
}

export class DeadlineTable {
  constructor(private readonly rows: readonly DeadlineRow[]) {}

  static load(): DeadlineTable {
    const isoDay = (text: string) => dayOf(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)));
    return new DeadlineTable(
      readReferenceCsv("payment_deadlines.csv").map((r) => ({
        grain: r.payment_grain,
        validFrom: isoDay(r.valid_from),
        validTo: r.valid_to ? isoDay(r.valid_to) : Number.POSITIVE_INFINITY,
        monthsAfter: Number(r.months_after_period),
        appliesTo: r.applies_to,
      })),
    );
  }

  /** Months after the period's last month, by the rule of `grain` on `firstDay` for a unit of VSIC `section`; null when none applies. */
  private monthsAfter(grain: PeriodGrain, firstDay: Day, section: string): number | null {
    let found: DeadlineRow | null = null;
    for (const row of this.rows) {
      if (row.grain !== grain || firstDay < row.validFrom || firstDay > row.validTo) continue;
      if (row.appliesTo !== "ALL" && !(row.appliesTo === "SECTION_A" && section === "A")) continue;
      if (!found || row.validFrom > found.validFrom) found = row;
    }
    return found ? found.monthsAfter : null;
  }

  /** The deadline of the whole period by its own grain's rule, or null when the unit may not pay at that grain. */
  periodDeadline(period: FinancePeriod, section: string): Day | null {
    const months = this.monthsAfter(period.grain, dayOf(period.year, firstMonthOf(period), 1), section);
    return months === null ? null : endOfMonth(period.year, lastMonthOf(period) + months);
  }

  /** The deadline of one month's fee by the MONTH rule. */
  monthDeadline(year: number, month: number): Day {
    const months = this.monthsAfter("MONTH", dayOf(year, month, 1), "");
    if (months === null) throw new Error(`payment_deadlines.csv has no MONTH rule for ${year}-${month}`);
    return endOfMonth(year, month + months);
  }

  /** The deadline of each month of the period (1–12 → day): the period's own, else month by month. */
  deadlinesByMonth(period: FinancePeriod, section: string): Map<number, Day> {
    const whole = this.periodDeadline(period, section);
    const out = new Map<number, Day>();
    for (let m = firstMonthOf(period); m <= lastMonthOf(period); m++) out.set(m, whole ?? this.monthDeadline(period.year, m));
    return out;
  }
}
