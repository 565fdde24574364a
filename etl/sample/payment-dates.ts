/**
 * When a unit's union-fee payments are received (`ngay_nop`), around their deadlines
 * (payment-deadlines.ts): each unit has a punctuality (most pay on time, some are often
 * late, a few mostly late); a payment on time is received between the 5th of its period's
 * last month and its deadline, some on the deadline itself; a late one 1 day (some) to
 * four months after it. Nothing is received after the snapshot date (a later date is
 * clamped to it). Drawn from the unit's own stream `payment-dates`, so the amounts and
 * everything else the generator draws are unchanged.
 *
 * A period the rules do not let the unit pay at once (a year) is dated around the MONTH
 * deadline of its last month: its earlier months' shares are then late.
 */
import { type Day, dayOf } from "./calendar.js";
import { type DeadlineTable, lastMonthOf } from "./payment-deadlines.js";
import type { Payment } from "./payments.js";
import type { EmployerUnit } from "./population.js";
import type { Random } from "./prng.js";

/** The chance a unit's payment is late: punctual (most), often late, mostly late. */
function lateShareOf(random: Random): number {
  return random.weighted<number>([
    [0.03, 0.65],
    [0.25, 0.25],
    [0.7, 0.1],
  ]);
}

export function datePayments(unit: EmployerUnit, payments: readonly Payment[], deadlines: DeadlineTable, random: Random, snapshot: Day): Payment[] {
  if (!payments.length) return [];
  const lateShare = lateShareOf(random);
  return payments.map((payment) => {
    const { period } = payment;
    const last = lastMonthOf(period);
    const deadline = deadlines.periodDeadline(period, unit.activity.section) ?? deadlines.monthDeadline(period.year, last);
    const earliest = dayOf(period.year, last, 5);
    let paidOn: Day;
    if (random.chance(lateShare)) paidOn = deadline + (random.chance(0.15) ? 1 : random.int(2, 120));
    else if (random.chance(0.1) || deadline - 1 < earliest) paidOn = deadline;
    else paidOn = random.int(earliest, deadline - 1);
    return { ...payment, paidOn: Math.min(paidOn, snapshot) };
  });
}
