import { SIZE_BANDS } from "../../core/code-lists.js";
import { badUserInput } from "../user-errors.js";
import type { AnyEb, ConditionName, ConditionSpec, MeasureParams } from "./catalog.types.js";

/**
 * The size bands whose units all have at least `minWorkers` workers, when `minWorkers` is
 * a band's lower bound (then "workers ≥ minWorkers" is "size band is one of these"); null
 * otherwise (a rollup, which keeps bands and not workers, cannot answer).
 */
export function bandsFrom(minWorkers: number): string[] | null {
  if (!SIZE_BANDS.some((b) => b.minWorkers === minWorkers)) return null;
  return SIZE_BANDS.filter((b) => b.minWorkers >= minWorkers).map((b) => b.code);
}

export function checkMinWorkers(minWorkers: number): number {
  if (!Number.isInteger(minWorkers) || minWorkers < 0)
    throw badUserInput(`minWorkers must be a whole number ≥ 0, got ${minWorkers}`, { argument: "minWorkers" });
  return minWorkers;
}

const is = (eb: AnyEb, column: string, value: boolean) => eb(eb.ref(column), "=", value);

/** Every condition a measure of the catalog counts or sums under, once. */
export const CONDITIONS: Readonly<Record<ConditionName, ConditionSpec>> = Object.freeze({
  IN_SCOPE: {
    grain: "UNIT_YEAR",
    domain: "In scope",
    description: "Active in the year and workers ≥ minWorkers (a unit without a workers figure is never in scope).",
    sql: (eb: AnyEb, p: MeasureParams) => eb.and([is(eb, "u.active", true), eb("u.workers", ">=", checkMinWorkers(p.minWorkers))]),
    rollupSql: (eb: AnyEb, p: MeasureParams) => {
      const bands = bandsFrom(checkMinWorkers(p.minWorkers));
      return bands && eb.and([is(eb, "u.active", true), eb("u.size_band", "in", bands)]);
    },
  },
  ACTIVE: {
    grain: "UNIT_YEAR",
    domain: "Active unit",
    description: "Registered (else first seen) and not closed at 31 December.",
    sql: (eb) => is(eb, "u.active", true),
    rollupSql: (eb) => is(eb, "u.active", true),
  },
  HAS_UNION: {
    grain: "UNIT_YEAR",
    domain: "Has a union",
    description: "A grassroots union in force at 31 December.",
    sql: (eb) => is(eb, "u.has_union", true),
    rollupSql: (eb) => is(eb, "u.has_union", true),
  },
  NO_UNION: {
    grain: "UNIT_YEAR",
    domain: "Has a union",
    description: "No grassroots union in force at 31 December.",
    sql: (eb) => is(eb, "u.has_union", false),
    rollupSql: (eb) => is(eb, "u.has_union", false),
  },
  AGREEMENT_IN_FORCE: {
    grain: "UNIT_YEAR",
    domain: "Agreement in force",
    description: "A union and a collective agreement (TULĐTT) in force at 31 December.",
    sql: (eb) => is(eb, "u.agreement_in_force", true),
    rollupSql: (eb) => is(eb, "u.agreement_in_force", true),
  },
  WORKERS_KNOWN: {
    grain: "UNIT_YEAR",
    domain: "Workers",
    description: "Some source gives a workers figure (a size band exactly when it does).",
    sql: (eb) => eb("u.workers", "is not", null),
    rollupSql: (eb) => eb("u.size_band", "is not", null),
  },
  OWES_FEE: {
    grain: "UNIT_MONTH",
    domain: "Non-payers",
    description: "Union fee due in the period (a positive social-insurance salary fund, and not exempt): the unit owes the union fee, union or not.",
    sql: (eb) => eb("due", ">", 0),
  },
  PAID_NOTHING: {
    grain: "UNIT_MONTH",
    domain: "Non-payers",
    description: "No union fee paid placed on the period.",
    sql: (eb) => eb("paid", "=", 0),
  },
  PAID_SOMETHING: {
    grain: "UNIT_MONTH",
    domain: "Non-payers",
    description: "Some union fee paid placed on the period.",
    sql: (eb) => eb("paid", ">", 0),
  },
  HAS_SI_ARREARS: {
    grain: "UNIT_MONTH",
    domain: "SI arrears",
    description: "Social-insurance arrears (so_no) above 0 at the end of the period's last month.",
    sql: (eb) => eb("si_arrears", ">", 0),
  },
  PAID_LATE: {
    grain: "UNIT_MONTH",
    domain: "On-time payment",
    description: "Some union fee placed on the period was received after its deadline.",
    sql: (eb) => eb("paid_late", ">", 0),
  },
} satisfies Record<ConditionName, ConditionSpec>);
