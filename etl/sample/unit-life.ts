/**
 * Everything that happens at one employer unit over the sample years, simulated from the
 * unit's own random streams (so it depends only on the seed and the unit): workforce and
 * social insurance, agency reports, unions, agreements and union finance.
 */
import type { Day } from "./calendar.js";
import { datePayments } from "./payment-dates.js";
import type { DeadlineTable } from "./payment-deadlines.js";
import { type Payment, simulatePayments } from "./payments.js";
import type { EmployerUnit } from "./population.js";
import { Random } from "./prng.js";
import type { RateTable } from "./reference-data.js";
import { type AgencyReports, simulateAgencyReports } from "./reporting.js";
import { isStateBudgetFunded } from "./state-budget.js";
import { type CollectiveAgreement, type GrassrootsUnion, simulateUnions, type UnionContext } from "./union-life.js";
import { simulateWorkforce, type Workforce } from "./workforce.js";

export interface UnitLife {
  readonly unit: EmployerUnit;
  /** The unit's address as the agencies write it. */
  readonly address: string;
  readonly workforce: Workforce;
  readonly reports: AgencyReports;
  readonly unions: readonly GrassrootsUnion[];
  readonly agreements: readonly CollectiveAgreement[];
  readonly payments: readonly Payment[];
  /** Funded wholly by the state budget (state-budget.ts): no union fee from 1 July 2025. */
  readonly stateBudgetFunded: boolean;
}

export interface LifeContext extends UnionContext {
  readonly seed: number;
  readonly rates: RateTable;
  readonly deadlines: DeadlineTable;
  readonly snapshot: Day;
}

export function simulateUnitLife(unit: EmployerUnit, context: LifeContext): UnitLife {
  const stream = (name: string) => Random.stream(context.seed, name, unit.index);
  const address = context.province.address(stream("address"), unit.district, unit.commune, unit.zone);
  const workforce = simulateWorkforce(unit, stream("workforce"), context.firstYear, context.lastYear);
  const reports = simulateAgencyReports(unit, workforce, stream("reports"), context.firstYear, context.lastYear);
  const { unions, agreements } = simulateUnions(unit, workforce, stream("unions"), context);
  const stateBudgetFunded = isStateBudgetFunded(unit, context.seed);
  const amounts = simulatePayments(unit, workforce, unions, context.rates, stream("payments"), stateBudgetFunded);
  const payments = datePayments(unit, amounts, context.deadlines, stream("payment-dates"), context.snapshot);
  return { unit, address, workforce, reports, unions, agreements, payments, stateBudgetFunded };
}
