/**
 * What a correct ETL computes per unit and year from the rows it loads (rejected rows
 * excluded), by the definitions of docs/DOMAIN.md § Measures, assuming every loaded row is linked to its true
 * unit, except `has_union_exact`, which links unions by an exact valid tax code only.
 * Dataset writers feed it the values of each row they write that must load.
 */
import type { WorkersSource as WorkersSourceCode } from "../../../core/code-lists.js";
import { type Day, dayOf, endOfYear } from "../calendar.js";
import type { DeadlineTable } from "../payment-deadlines.js";
import { monthlyUnionFeeDue, type Payment } from "../payments.js";
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

/** `unit_year_fees.csv`: SI arrears, the exemption and payment timing per unit and year (docs/DOMAIN.md § SI arrears, § On-time payment, § Fee exemption). */
export const UNIT_YEAR_FEES_HEADER = [
  "tax_code",
  "year",
  "state_budget_funded",
  "fee_due",
  "si_arrears",
  "fee_paid_on_time",
  "fee_paid_late",
  "paid_late",
] as const;

export const SCOPE_MIN_WORKERS = 20;

/** The source of workers (core/code-lists.ts WORKERS_SOURCES); the truth files write NONE as `none`. */
export type WorkersSource = Exclude<WorkersSourceCode, "NONE"> | "none";

interface YearFacts {
  stats?: number;
  labourH1?: number;
  labourH2?: number;
  siLastMonth: number;
  siLastMonthWorkers?: number;
  feeDue: number;
  salaryFund: number;
  /** Fee due of each loaded SI month (1–12), the weights a quarterly or yearly payment is spread by. */
  monthDue: Map<number, number>;
  /** SI arrears (`so_no`) of December's loaded row, the year-end stock. */
  decemberArrears: number;
  feePaidOnTime: number;
  feePaidLate: number;
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
  private readonly payments: Payment[] = [];

  constructor(
    private readonly unit: EmployerUnit,
    private readonly firstYear: number,
    private readonly lastYear: number,
    private readonly rates: RateTable,
    private readonly fees: { readonly deadlines: DeadlineTable; readonly stateBudgetFunded: boolean },
  ) {
    for (let y = firstYear; y <= lastYear; y++) {
      this.years.set(y, {
        siLastMonth: 0,
        feeDue: 0,
        salaryFund: 0,
        monthDue: new Map(),
        decemberArrears: 0,
        feePaidOnTime: 0,
        feePaidLate: 0,
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

  siMonth(year: number, month: number, insuredWorkers: number, salaryFund: number, arrears = 0): void {
    const facts = this.year(year);
    const due = monthlyUnionFeeDue(salaryFund, this.rates.valueOn("union_fee_rate", dayOf(year, month, 1), false, this.fees.stateBudgetFunded));
    facts.feeDue += due;
    facts.monthDue.set(month, due);
    if (month === 12) facts.decemberArrears = arrears;
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

  /** A loaded payment's date, judged against its deadlines when the records are written (the SI months must all be known). */
  paymentTiming(payment: Payment): void {
    this.payments.push(payment);
  }

  /**
   * On time and late, per year: each payment's fee spread over its months as the
   * definition says (in proportion to the months' fee due, evenly when none has any, whole
   * dong adding up to the payment), each month's share on time when the payment was
   * received by that month's deadline.
   */
  private judgePayments(): void {
    for (const payment of this.payments) {
      const facts = this.year(payment.period.year);
      const deadlines = this.fees.deadlines.deadlinesByMonth(payment.period, this.unit.activity.section);
      const months = [...deadlines.keys()];
      const dues = months.map((m) => BigInt(facts.monthDue.get(m) ?? 0));
      const totalDue = dues.reduce((a, b) => a + b, 0n);
      const weights = totalDue > 0n ? dues : months.map(() => 1n);
      const total = weights.reduce((a, b) => a + b, 0n);
      const fee = BigInt(payment.unionFee);
      const roundedShareThrough = (through: bigint) => (2n * fee * through + total) / (2n * total);
      let before = 0n;
      months.forEach((m, i) => {
        const through = before + weights[i];
        const share = Number(roundedShareThrough(through) - roundedShareThrough(before));
        before = through;
        if (payment.paidOn <= deadlines.get(m)!) facts.feePaidOnTime += share;
        else facts.feePaidLate += share;
      });
    }
    this.payments.length = 0;
  }

  /** One `unit_year_fees.csv` record (as values) per sample year. */
  *feeRecords(): Generator<string[]> {
    this.judgePayments();
    for (let y = this.firstYear; y <= this.lastYear; y++) {
      const facts = this.year(y);
      yield [
        this.unit.taxCode,
        String(y),
        facts.monthDue.size ? String(this.fees.stateBudgetFunded) : "",
        String(facts.feeDue),
        String(facts.decemberArrears),
        String(facts.feePaidOnTime),
        String(facts.feePaidLate),
        String(facts.feePaidLate > 0),
      ];
    }
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
        String(facts.feeDue > 0 && facts.feePaid === 0),
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
