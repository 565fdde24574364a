import DataLoader from "dataloader";
import { Field, Float, Int, ObjectType } from "type-graphql";
import { DATASET_AGENCIES } from "../../core/code-lists.js";
import type { FinanceGapRow } from "../../queries/finance.js";
import type { Page } from "../../queries/pagination.js";
import { ratioValue } from "../../queries/semantic/measures.catalog.js";
import { formatTaxCode } from "../../queries/tax-code.js";
import { PageInfo, pageInfoOf } from "../common/page-info.type.js";
import { BigIntScalar, LocalDate, localDate } from "../common/scalars.js";
import { Enterprise } from "../enterprises/enterprise.type.js";

const month = (d: Date | null) => (d === null ? null : localDate(d).slice(0, 7));

@ObjectType({ description: "What social insurance (Bảo hiểm xã hội) reports for the unit over the range." })
export class SocialInsuranceEvidence {
  @Field(() => String, { description: "Dataset id of docs/SOURCES.md." })
  dataset!: string;

  @Field(() => String, { description: "The agency that sends the dataset." })
  agency!: string;

  @Field(() => Int, { description: "Months of the range with a social-insurance record (the months covered)." })
  months!: number;

  @Field(() => String, { nullable: true, description: "First month with a record, `yyyy-mm`." })
  firstMonth!: string | null;

  @Field(() => String, { nullable: true, description: "Last month with a record, `yyyy-mm`." })
  lastMonth!: string | null;

  @Field(() => Int, { nullable: true, description: "Insured workers in the last month with a record." })
  insuredWorkersLastMonth!: number | null;

  @Field(() => BigIntScalar, { description: "Salary fund on which social insurance was paid over the range, VND." })
  salaryFund!: bigint;

  @Field(() => BigIntScalar, { description: "Union fee due on it (2 %, ref.rates), VND." })
  feeDue!: bigint;
}

@ObjectType({ description: "What the union's own finance records (LĐLĐ tỉnh) show for the unit over the range." })
export class UnionFinanceEvidence {
  @Field(() => String, { description: "Dataset id of docs/SOURCES.md." })
  dataset!: string;

  @Field(() => String, { description: "The agency that sends the dataset." })
  agency!: string;

  @Field(() => Int, { description: "Months of the range with union fee paid (quarterly and yearly payments spread over their months)." })
  monthsPaid!: number;

  @Field(() => Int, { description: "Months with a positive salary fund and no union fee paid." })
  monthsUnpaid!: number;

  @Field(() => String, { nullable: true, description: "First month with fee paid, `yyyy-mm`." })
  firstMonthPaid!: string | null;

  @Field(() => String, { nullable: true, description: "Last month with fee paid, `yyyy-mm`." })
  lastMonthPaid!: string | null;

  @Field(() => BigIntScalar, { description: "Union fee paid (`kpcd_da_nop`) for the months of the range, VND." })
  feePaid!: bigint;

  @Field(() => BigIntScalar, { description: "Member dues paid (`doan_phi_da_nop`) for the months of the range, VND." })
  memberDuesPaid!: bigint;

  @Field(() => LocalDate, { nullable: true, description: "Latest payment date (fee or dues) of the payments for the range." })
  lastPaidOn!: string | null;

  @Field(() => [String], { description: "How the unit's payments for the range are made: MONTH, QUARTER and/or YEAR periods." })
  paymentGrains!: string[];
}

@ObjectType({ description: "An employer unit paying social insurance but not, or not fully, the union fee over the range (docs/DOMAIN.md § Arrears)." })
export class FinanceGap {
  readonly #unit: () => Promise<Enterprise | null>;

  constructor(row: FinanceGapRow, unit: () => Promise<Enterprise | null>) {
    this.#unit = unit;
    this.taxCode = formatTaxCode(row.tax_code);
    this.name = row.name;
    this.year = row.year;
    this.due = row.due;
    this.paid = row.paid;
    this.arrears = row.arrears;
    // The catalog's collectionRate (feePaid ÷ feeDue) of the unit over the range.
    this.collectionRate = ratioValue("collectionRate", (base) => (base === "feeDue" ? row.due : row.paid));
    this.monthsCovered = row.si_months;
    this.socialInsurance = {
      dataset: "si_contributions",
      agency: DATASET_AGENCIES.si_contributions,
      months: row.si_months,
      firstMonth: month(row.first_si_month),
      lastMonth: month(row.last_si_month),
      insuredWorkersLastMonth: row.last_insured_workers,
      salaryFund: row.salary_fund,
      feeDue: row.due,
    };
    this.unionFinance = {
      dataset: "union_finance",
      agency: DATASET_AGENCIES.union_finance,
      monthsPaid: row.paid_months,
      monthsUnpaid: row.unpaid_months,
      firstMonthPaid: month(row.first_paid_month),
      lastMonthPaid: month(row.last_paid_month),
      feePaid: row.paid,
      memberDuesPaid: row.member_dues_paid,
      lastPaidOn: localDate(row.last_paid_on),
      paymentGrains: row.payment_grains,
    };
  }

  @Field(() => String, { description: "Tax code (mã số thuế): 10 digits, or a branch written `3200123456-001`." })
  taxCode: string;

  @Field(() => String, { nullable: true, description: "Registered name." })
  name: string | null;

  @Field(() => Int, { description: "The latest year of the range with data for the unit: `unit` shows its values of that year." })
  year: number;

  @Field(() => BigIntScalar, { description: "Union fee due over the range, VND." })
  due: bigint;

  @Field(() => BigIntScalar, { description: "Union fee paid for the range's months, VND." })
  paid: bigint;

  @Field(() => BigIntScalar, { description: "Arrears: max(0, due − paid) over the range, VND." })
  arrears: bigint;

  @Field(() => Float, { nullable: true, description: "paid ÷ due, a fraction; null when nothing is due." })
  collectionRate: number | null;

  @Field(() => Int, { description: "Months of the range social insurance covers (with a record)." })
  monthsCovered: number;

  @Field(() => SocialInsuranceEvidence, { description: "The social-insurance evidence: months, salary fund, fee due." })
  socialInsurance: SocialInsuranceEvidence;

  @Field(() => UnionFinanceEvidence, { description: "The union-finance evidence: what was paid, for which months, how." })
  unionFinance: UnionFinanceEvidence;

  @Field(() => Enterprise, {
    nullable: true,
    description:
      "The unit with its values in `year`; ask it for `sources` to see what every agency (tax, statistics, labour, social insurance) reports. Fetched for the whole page at once.",
  })
  unit(): Promise<Enterprise | null> {
    return this.#unit();
  }
}

@ObjectType({ description: "A unit in the finance gaps list, with its cursor." })
export class FinanceGapEdge {
  @Field(() => String, { description: "Opaque cursor of this unit in this list; pass it as `after` to get the units that follow." })
  cursor!: string;

  @Field(() => FinanceGap, { description: "The unit and its gap." })
  node!: FinanceGap;
}

@ObjectType({ description: "A page of finance gaps, largest arrears first (Relay connection)." })
export class FinanceGapConnection {
  readonly #totals: () => Promise<{ units: number; arrears: bigint }>;

  constructor(
    page: Page<FinanceGapRow>,
    totals: () => Promise<{ units: number; arrears: bigint }>,
    units: (rows: readonly FinanceGapRow[]) => Promise<(Enterprise | null)[]>,
  ) {
    let totalsPromise: Promise<{ units: number; arrears: bigint }> | undefined;
    this.#totals = () => (totalsPromise ??= totals());
    const loader = new DataLoader<number, Enterprise | null>((indexes) => units(indexes.map((i) => page.rows[i])));
    this.nodes = page.rows.map((row, i) => new FinanceGap(row, () => loader.load(i)));
    this.edges = this.nodes.map((node, i) => ({ node, cursor: page.cursors[i] }));
    this.pageInfo = pageInfoOf(page);
  }

  @Field(() => [FinanceGapEdge], { description: "The units of this page with their cursors." })
  edges: FinanceGapEdge[];

  @Field(() => [FinanceGap], { description: "The units of this page (the edges' nodes)." })
  nodes: FinanceGap[];

  @Field(() => PageInfo, { description: "Where this page is in the list." })
  pageInfo: PageInfo;

  @Field(() => Int, { description: "How many units the whole list has (all pages); counted only when asked for." })
  async totalCount(): Promise<number> {
    return (await this.#totals()).units;
  }

  @Field(() => BigIntScalar, { description: "Arrears of the whole list together (all pages), VND; computed only when asked for." })
  async totalArrears(): Promise<bigint> {
    return (await this.#totals()).arrears;
  }
}
