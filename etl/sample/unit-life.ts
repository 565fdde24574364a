/**
 * Everything that happens at one employer unit over the sample years, simulated from the
 * unit's own random streams (so it depends only on the seed and the unit): workforce and
 * social insurance, agency reports, unions, agreements and union finance.
 */
import { type AgencyReports, simulateAgencyReports } from "./reporting.js";
import { type Payment, simulatePayments } from "./payments.js";
import type { EmployerUnit } from "./population.js";
import { Random } from "./prng.js";
import type { RateTable } from "./reference-data.js";
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
}

export interface LifeContext extends UnionContext {
  readonly seed: number;
  readonly rates: RateTable;
}

export function simulateUnitLife(unit: EmployerUnit, context: LifeContext): UnitLife {
  const stream = (name: string) => Random.stream(context.seed, name, unit.index);
  const address = context.province.address(stream("address"), unit.district, unit.commune, unit.zone);
  const workforce = simulateWorkforce(unit, stream("workforce"), context.firstYear, context.lastYear);
  const reports = simulateAgencyReports(unit, workforce, stream("reports"), context.firstYear, context.lastYear);
  const { unions, agreements } = simulateUnions(unit, workforce, stream("unions"), context);
  const payments = simulatePayments(unit, workforce, unions, context.rates, stream("payments"));
  return { unit, address, workforce, reports, unions, agreements, payments };
}
