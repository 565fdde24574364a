/**
 * What a correct ETL computes per unit and year from the rows it loads (rejected rows
 * excluded), by the definitions of docs/DOMAIN.md § Measures, assuming every loaded row is linked to its true
 * unit, except `has_union_exact`, which links unions by an exact valid tax code only.
 * Dataset writers feed it the values of each row they write that must load.
 */
import { type Day, dayOf, endOfYear } from "../calendar.js";
import { monthlyUnionFeeDue } from "../payments.js";
import { type EmployerUnit, isActiveAtYearEnd } from "../population.js";
import type { RateTable } from "../reference-data.js";

export const UNIT_YEAR_HEADER = [
  "tax_code",
  "year",
  "active",
  "workers",
  "workers_source",
  "in_scope_20",
  "has_union",
  "has_union_exact",
  "union_code",
  "members",
  "new_members",
  "left",
  "agreement_in_force",
  "fee_due",
  "fee_paid",
  "arrears",
  "member_dues_paid",
  "si_salary_fund",
  "nonpayer",
] as const;

export const SCOPE_MIN_WORKERS = 20;

export type WorkersSource = "STATS" | "LABOUR_H2" | "LABOUR_H1" | "SI" | "none";

interface YearFacts {
  stats?: number;
  labourH1?: number;
  labourH2?: number;
  siLastMonth: number;
  siLastMonthWorkers?: number;
  feeDue: number;
  salaryFund: number;
  feePaid: number;
  duesPaid: number;
  membershipRows: number;
  members: number;
  admitted: number;
  left: number;
}

interface LoadedUnion {
  readonly code: string;
  readonly foundedOn: Day;
  readonly dissolvedOn: Day | null;
  readonly linkedExactly: boolean;
}

export class UnitYearTruth {
  private readonly years = new Map<number, YearFacts>();
  private readonly unions: LoadedUnion[] = [];
  private readonly agreements: { start: Day; end: Day }[] = [];

  constructor(
    private readonly unit: EmployerUnit,
    private readonly firstYear: number,
    private readonly lastYear: number,
    private readonly rates: RateTable,
  ) {
    for (let y = firstYear; y <= lastYear; y++) {
      this.years.set(y, {
        siLastMonth: 0,
        feeDue: 0,
        salaryFund: 0,
        feePaid: 0,
        duesPaid: 0,
        membershipRows: 0,
        members: 0,
        admitted: 0,
        left: 0,
      });
    }
  }

  private year(y: number): YearFacts {
    const facts = this.years.get(y);
    if (!facts) throw new Error(`year ${y} is outside the sample years`);
    return facts;
  }

  siMonth(year: number, month: number, insuredWorkers: number, salaryFund: number): void {
    const facts = this.year(year);
    facts.feeDue += monthlyUnionFeeDue(salaryFund, this.rates.valueOn("union_fee_rate", dayOf(year, month, 1)));
    facts.salaryFund += salaryFund;
    if (month >= facts.siLastMonth) {
      facts.siLastMonth = month;
      facts.siLastMonthWorkers = insuredWorkers;
    }
  }

  statsSurvey(year: number, employees: number): void {
    this.year(year).stats = employees;
  }

  labourReport(year: number, half: 1 | 2, totalWorkers: number): void {
    if (half === 1) this.year(year).labourH1 = totalWorkers;
    else this.year(year).labourH2 = totalWorkers;
  }

  union(code: string, foundedOn: Day, dissolvedOn: Day | null, linkedExactly: boolean): void {
    this.unions.push({ code, foundedOn, dissolvedOn, linkedExactly });
  }

  membershipReturn(year: number, members: number, admitted: number, left: number): void {
    const facts = this.year(year);
    facts.membershipRows++;
    facts.members += members;
    facts.admitted += admitted;
    facts.left += left;
  }

  agreement(start: Day, end: Day): void {
    this.agreements.push({ start, end });
  }

  payment(year: number, unionFee: number, memberDues: number): void {
    const facts = this.year(year);
    facts.feePaid += unionFee;
    facts.duesPaid += memberDues;
  }

  /** One CSV record (as values) per sample year. */
  *records(): Generator<string[]> {
    for (let y = this.firstYear; y <= this.lastYear; y++) {
      const facts = this.year(y);
      const referenceDay = endOfYear(y);
      const active = isActiveAtYearEnd(this.unit, y);
      const [workers, source] = workersOf(facts);
      const inForce = this.unions
        .filter((u) => u.foundedOn <= referenceDay && (u.dissolvedOn === null || u.dissolvedOn > referenceDay))
        .sort((a, b) => b.foundedOn - a.foundedOn);
      const agreementInForce = this.agreements.some((a) => a.start <= referenceDay && referenceDay <= a.end);
      const hasMembership = facts.membershipRows > 0;
      yield [
        this.unit.taxCode,
        String(y),
        String(active),
        workers === undefined ? "" : String(workers),
        source,
        String(active && workers !== undefined && workers >= SCOPE_MIN_WORKERS),
        String(inForce.length > 0),
        String(inForce.some((u) => u.linkedExactly)),
        inForce[0]?.code ?? "",
        hasMembership ? String(facts.members) : "",
        hasMembership ? String(facts.admitted) : "",
        hasMembership ? String(facts.left) : "",
        String(agreementInForce),
        String(facts.feeDue),
        String(facts.feePaid),
        String(Math.max(0, facts.feeDue - facts.feePaid)),
        String(facts.duesPaid),
        String(facts.salaryFund),
        String(facts.salaryFund > 0 && facts.feePaid === 0),
      ];
    }
  }
}

function workersOf(facts: YearFacts): [number | undefined, WorkersSource] {
  if (facts.stats !== undefined) return [facts.stats, "STATS"];
  if (facts.labourH2 !== undefined) return [facts.labourH2, "LABOUR_H2"];
  if (facts.labourH1 !== undefined) return [facts.labourH1, "LABOUR_H1"];
  if (facts.siLastMonthWorkers !== undefined) return [facts.siLastMonthWorkers, "SI"];
  return [undefined, "none"];
}
