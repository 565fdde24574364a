import type {
  AggregateSpec,
  BaseMeasureSpec,
  ConditionName,
  Grain,
  MeasureKind,
  MeasureScalar,
  MeasureSpec,
  MeasureUnit,
  RatioMeasureSpec,
} from "./catalog.types.js";

/**
 * Every measure of docs/DOMAIN.md once: its grain, SQL (an aggregate under named
 * conditions, conditions.catalog.ts), kind, unit, description and names. A ratio names
 * its numerator and denominator, which the catalog also holds.
 *
 * Two numbers that today share a name get two entries: `coverage.agreementRate` (in-scope
 * units with a union) is `agreementRate`, the scorecard's (every active unit with a union)
 * is `programAgreementRate`; coverage's `members` (year-end members of the in-scope units)
 * is `inScopeMembers`, membershipGrowth's (Σ returns, linked or not) is `members`; the
 * scorecard's union density is `programUnionDensity`; financeCollection's `units` (units
 * with any month in the period) is `financeUnits`; its `due`/`paid` are `feeDue`/`feePaid`.
 */

const upperSnake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();

interface Common {
  readonly unit: MeasureUnit;
  readonly description: string;
  readonly domain: string;
  readonly today?: readonly string[];
  readonly unitYearColumn?: string;
}

function base(name: string, grain: Grain, kind: Exclude<MeasureKind, "RATIO">, aggregate: AggregateSpec, support: string, c: Common): BaseMeasureSpec {
  const scalar: MeasureScalar = c.unit === "VND" ? "BigInt" : "Int";
  return Object.freeze({ name, enumName: upperSnake(name), grain, kind, aggregate, support, scalar, today: [], ...c });
}

function ratio(name: string, grain: Grain, numerator: string, denominator: string, c: Omit<Common, "unit">): RatioMeasureSpec {
  return Object.freeze({ name, enumName: upperSnake(name), grain, kind: "RATIO", numerator, denominator, unit: "fraction", scalar: "Float", today: [], ...c });
}

const count = (...where: ConditionName[]): AggregateSpec => ({ fn: "count", where });
const sum = (column: string, ...where: ConditionName[]): AggregateSpec => ({ fn: "sum", column, where });

const IN_SCOPE = "IN_SCOPE" as const;
const UY = "UNIT_YEAR" as const;
const UM = "UNIT_MONTH" as const;
const NY = "UNION_YEAR" as const;

const LIST: readonly MeasureSpec[] = [
  // Coverage of the in-scope units (coverage root field; minWorkers applies)
  base("units", UY, "STOCK", count(IN_SCOPE), "units", {
    unit: "units",
    domain: "In scope",
    description: "In-scope units: active at 31 December with workers ≥ minWorkers.",
    today: ["coverage.units", "recruitmentPlan baseline.units"],
  }),
  base("unionisedUnits", UY, "STOCK", count(IN_SCOPE, "HAS_UNION"), "units", {
    unit: "units",
    domain: "Coverage rate",
    description: "In-scope units with a union in force at 31 December.",
    today: ["coverage.unionisedUnits", "recruitmentPlan baseline.unionisedUnits"],
  }),
  ratio("coverageRate", UY, "unionisedUnits", "units", {
    domain: "Coverage rate",
    description: "Coverage rate: unionisedUnits ÷ units (tỷ lệ doanh nghiệp có CĐCS).",
    today: ["coverage.coverageRate", "scorecard coverage_rate_min_workers_20", "forecast COVERAGE_RATE", "recruitmentPlan baseline.coverageRate"],
  }),
  base("uncoveredUnits", UY, "STOCK", count(IN_SCOPE, "NO_UNION"), "units", {
    unit: "units",
    domain: "Uncovered units",
    description: "In-scope units without a union at 31 December: the recruitment target list, counted.",
    today: ["uncoveredUnits.totalCount"],
  }),
  base("workers", UY, "STOCK", sum("u.workers", IN_SCOPE), "units", {
    unit: "workers",
    domain: "Workers",
    description: "Workers of the in-scope units (the precedence of sources, at 31 December).",
    today: ["coverage.workers", "recruitmentPlan baseline.workers"],
  }),
  base("unionisedWorkers", UY, "STOCK", sum("u.workers", IN_SCOPE, "HAS_UNION"), "units", {
    unit: "workers",
    domain: "Union density",
    description: "Workers of the in-scope units with a union.",
    today: ["coverage.unionisedWorkers"],
  }),
  base("uncoveredWorkers", UY, "STOCK", sum("u.workers", IN_SCOPE, "NO_UNION"), "units", {
    unit: "workers",
    domain: "Uncovered units",
    description: "Workers of the in-scope units without a union.",
  }),
  base("inScopeMembers", UY, "STOCK", sum("u.members", IN_SCOPE), "units", {
    unit: "members",
    domain: "Members",
    description: "Union members at year end of the in-scope units (their unions' returns).",
    today: ["coverage.members", "recruitmentPlan baseline.members"],
  }),
  base("unionisedMembers", UY, "STOCK", sum("u.members", IN_SCOPE, "HAS_UNION"), "units", {
    unit: "members",
    domain: "Union density",
    description: "Union members of the in-scope units with a union.",
  }),
  ratio("density", UY, "unionisedMembers", "unionisedWorkers", {
    domain: "Union density",
    description: "Union density over the in-scope units with a union: unionisedMembers ÷ unionisedWorkers.",
    today: ["coverage.density", "recruitmentPlan units.comparableDensity"],
  }),
  ratio("densityAllInScope", UY, "inScopeMembers", "workers", {
    domain: "Union density",
    description: "Union density over all in-scope units: inScopeMembers ÷ workers.",
    today: ["coverage.densityAllInScope", "recruitmentPlan baseline.densityAllInScope"],
  }),
  base("agreementUnits", UY, "STOCK", count(IN_SCOPE, "HAS_UNION", "AGREEMENT_IN_FORCE"), "units", {
    unit: "units",
    domain: "Agreement rate",
    description: "In-scope units with a union and a collective agreement in force at 31 December.",
    today: ["coverage.agreementUnits"],
  }),
  ratio("agreementRate", UY, "agreementUnits", "unionisedUnits", {
    domain: "Agreement rate",
    description: "Agreement rate within the in-scope units: agreementUnits ÷ unionisedUnits (minWorkers applies).",
    today: ["coverage.agreementRate"],
  }),
  // The action program's measures (scorecard, forecast): every active unit, minWorkers does not apply
  base("activeUnionisedUnits", UY, "STOCK", count("ACTIVE", "HAS_UNION"), "activeUnionisedUnits", {
    unit: "units",
    domain: "Agreement rate",
    description: "Active units with a union at 31 December, whatever their size.",
  }),
  base("activeAgreementUnits", UY, "STOCK", count("ACTIVE", "HAS_UNION", "AGREEMENT_IN_FORCE"), "activeUnionisedUnits", {
    unit: "units",
    domain: "Agreement rate",
    description: "Active units with a union and a collective agreement in force at 31 December.",
  }),
  ratio("programAgreementRate", UY, "activeAgreementUnits", "activeUnionisedUnits", {
    domain: "Agreement rate",
    description: "The program's agreement rate: activeAgreementUnits ÷ activeUnionisedUnits (every active unit with a union).",
    today: ["scorecard agreement_rate", "forecast AGREEMENT_RATE"],
  }),
  base("programDensityMembers", UY, "STOCK", sum("u.members", "ACTIVE", "HAS_UNION", "WORKERS_KNOWN"), "activeUnionisedUnits", {
    unit: "members",
    domain: "Union density",
    description: "Members of the active units with a union and a workers figure.",
  }),
  base("programDensityWorkers", UY, "STOCK", sum("u.workers", "ACTIVE", "HAS_UNION", "WORKERS_KNOWN"), "activeUnionisedUnits", {
    unit: "workers",
    domain: "Union density",
    description: "Workers of the active units with a union and a workers figure.",
  }),
  ratio("programUnionDensity", UY, "programDensityMembers", "programDensityWorkers", {
    domain: "Union density",
    description: "The program's union density: programDensityMembers ÷ programDensityWorkers.",
    today: ["scorecard union_density", "forecast UNION_DENSITY"],
  }),

  // Membership returns (membershipGrowth): every return, linked to a unit or not
  base("members", NY, "STOCK", sum("m.members"), "unionsReporting", {
    unit: "members",
    domain: "Members",
    description:
      "Σ so_doan_vien of the year's membership returns (members at year end); returns of unions linked to no unit count in totals and under null codes.",
    today: ["membershipGrowth.members", "forecast MEMBERS"],
    unitYearColumn: "members",
  }),
  base("newMembers", NY, "ADDITIVE", sum("m.new_members"), "unionsReporting", {
    unit: "members",
    domain: "New members",
    description: "Σ ket_nap_moi: members admitted during the year.",
    today: ["membershipGrowth.newMembers", "scorecard new_members", "forecast NEW_MEMBERS"],
    unitYearColumn: "new_members",
  }),
  base("leftMembers", NY, "ADDITIVE", sum("m.left_members"), "unionsReporting", {
    unit: "members",
    domain: "Left members",
    description: "Σ giam: members who left during the year.",
    today: ["membershipGrowth.left"],
    unitYearColumn: "left_members",
  }),
  base("netGrowth", NY, "ADDITIVE", sum("m.net_growth"), "unionsReporting", {
    unit: "members",
    domain: "Net growth",
    description: "newMembers − leftMembers; may be negative.",
    today: ["membershipGrowth.netGrowth"],
  }),
  base("unionsReporting", NY, "STOCK", count(), "unionsReporting", {
    unit: "unions",
    domain: "Members",
    description: "Membership returns of the year (grassroots unions reporting).",
    today: ["membershipGrowth.unionsReporting"],
  }),

  // Union-fee collection (financeCollection), per unit and period first
  base("feeDue", UM, "ADDITIVE", sum("due"), "financeUnits", {
    unit: "VND",
    domain: "Union fee due",
    description: "Union fee due (KPCĐ): 2 % of the social-insurance salary fund, union or not.",
    today: ["financeCollection.due", "financeGaps.due", "recruitmentPlan baseline.feeDue"],
    unitYearColumn: "fee_due",
  }),
  base("feePaid", UM, "ADDITIVE", sum("paid"), "financeUnits", {
    unit: "VND",
    domain: "Union fee paid",
    description: "Union fee paid, payments placed on the periods (QUARTER and YEAR payments spread over their months).",
    today: ["financeCollection.paid", "financeGaps.paid", "forecast UNION_FEE_PAID", "recruitmentPlan baseline.feePaid"],
    unitYearColumn: "fee_paid",
  }),
  ratio("collectionRate", UM, "feePaid", "feeDue", {
    domain: "Collection rate",
    description: "feePaid ÷ feeDue, not capped.",
    today: ["financeCollection.collectionRate", "financeGaps.collectionRate", "recruitmentPlan baseline.collectionRate"],
  }),
  base("arrears", UM, "PER_UNIT", { fn: "sum", value: (eb) => eb.fn("greatest", [eb.lit(0), eb("due", "-", eb.ref("paid"))]), where: [] }, "financeUnits", {
    unit: "VND",
    domain: "Arrears",
    description: "Σ over units of max(0, due − paid), each unit's due and paid taken over the period (over the whole range in the total).",
    today: ["financeCollection.arrears", "financeGaps.arrears"],
  }),
  base("nonPayers", UM, "PER_UNIT", count("OWES_FEE", "PAID_NOTHING"), "financeUnits", {
    unit: "units",
    domain: "Non-payers",
    description: "Units with a positive salary fund in the period and nothing paid.",
    today: ["financeCollection.nonPayers", "financeGaps.unionFinance.monthsUnpaid (a unit's months)"],
  }),
  base("unitsOwing", UM, "PER_UNIT", count("OWES_FEE"), "financeUnits", {
    unit: "units",
    domain: "Non-payers",
    description: "Units with a positive salary fund in the period (they owe the fee).",
    today: ["financeCollection.unitsOwing"],
  }),
  base("payingUnits", UM, "PER_UNIT", count("PAID_SOMETHING"), "financeUnits", {
    unit: "units",
    domain: "Non-payers",
    description: "Units that paid something placed on the period.",
    today: ["financeCollection.payingUnits", "financeGaps.unionFinance.monthsPaid (a unit's months)"],
  }),
  base("financeUnits", UM, "PER_UNIT", count(), "financeUnits", {
    unit: "units",
    domain: "Union fee due",
    description: "Units with any month (social insurance or a payment) in the period: the figures' base.",
    today: ["financeCollection.units"],
  }),
  base("memberDuesPaid", UM, "ADDITIVE", sum("member_dues_paid"), "financeUnits", {
    unit: "VND",
    domain: "Member dues paid",
    description: "Member dues received (đoàn phí), placed on periods like the fee.",
    today: ["financeCollection.memberDuesPaid"],
  }),
  base("expectedMemberDues", UM, "ADDITIVE", sum("expected_member_dues"), "financeUnits", {
    unit: "VND",
    domain: "Expected member dues",
    description: "Member dues expected (an estimate, see docs/DOMAIN.md § Expected member dues).",
    today: ["financeCollection.expectedMemberDues"],
  }),
  base("insuredWorkers", UM, "STOCK", sum("insured_workers"), "financeUnits", {
    unit: "workers",
    domain: "Insured workers",
    description: "Insured workers (social insurance) in the period's last month: a stock, a quarter's or year's value is its last month's.",
  }),
  // The action program's payment measures (tasks 3.2 and 7.1)
  base("siArrears", UM, "STOCK", sum("si_arrears"), "financeUnits", {
    unit: "VND",
    domain: "SI arrears",
    description:
      "Social-insurance arrears (nợ BHXH, so_no) at the end of the period's last month, from the delivery in effect: a stock, a quarter's or year's value is its last month's.",
    today: ["Enterprise.siArrears"],
  }),
  base("siArrearsUnits", UM, "STOCK", count("HAS_SI_ARREARS"), "financeUnits", {
    unit: "units",
    domain: "SI arrears",
    description: "Units with social-insurance arrears above 0 at the end of the period's last month.",
  }),
  base("feePaidOnTime", UM, "ADDITIVE", sum("paid_on_time"), "financeUnits", {
    unit: "VND",
    domain: "On-time payment",
    description:
      "Union fee received by its deadline (ref.payment_deadlines: a month by its last day, from July 2025 by the next month's; a quarter for agriculture), placed on the periods like feePaid.",
    today: ["Enterprise.feePaidOnTime"],
    unitYearColumn: "fee_paid_on_time",
  }),
  ratio("onTimeRate", UM, "feePaidOnTime", "feeDue", {
    domain: "On-time payment",
    description: "feePaidOnTime ÷ feeDue (tỷ lệ thu KPCĐ đúng hạn), not capped.",
    today: ["Enterprise.onTimeRate"],
  }),
  base("lateUnits", UM, "PER_UNIT", count("PAID_LATE"), "financeUnits", {
    unit: "units",
    domain: "On-time payment",
    description: "Units with some union fee placed on the period received after its deadline.",
    today: ["Enterprise.paidLate"],
  }),
];

export const MEASURES: readonly MeasureSpec[] = Object.freeze(LIST);

export const MEASURE_BY_NAME: ReadonlyMap<string, MeasureSpec> = new Map(MEASURES.map((m) => [m.name, m]));

export function measureSpec(name: string): MeasureSpec {
  const spec = MEASURE_BY_NAME.get(name);
  if (!spec) throw new Error(`no measure ${name} in the catalog`);
  return spec;
}

/**
 * A ratio measure's value from its numerator's and denominator's values, as the catalog
 * defines it (numerator ÷ denominator, null when the denominator is not above 0), for
 * figures the database does not hold: one unit's row, a projection, values already read.
 * The SQL form is analytics-sql.ts's measureRatio.
 */
export function ratioValue(name: string, value: (base: string) => number | bigint | null | undefined): number | null {
  const spec = measureSpec(name);
  if (spec.kind !== "RATIO") throw new Error(`${name} is not a ratio`);
  const denominator = Number(value(spec.denominator) ?? 0);
  return denominator > 0 ? Number(value(spec.numerator) ?? 0) / denominator : null;
}

/** The base measures a set of measures needs: itself, or a ratio's numerator and denominator. */
export function baseMeasuresOf(names: Iterable<string>): BaseMeasureSpec[] {
  const out = new Map<string, BaseMeasureSpec>();
  for (const name of names) {
    const spec = measureSpec(name);
    const bases = spec.kind === "RATIO" ? [spec.numerator, spec.denominator] : [spec.name];
    for (const b of bases) out.set(b, measureSpec(b) as BaseMeasureSpec);
  }
  return [...out.values()];
}

/**
 * The headings of docs/DOMAIN.md's "Measures" section that name no measure of the
 * catalog, and why (conditions and dimensions name their own headings).
 */
export const DOMAIN_HEADINGS_NOT_MEASURED: Readonly<Record<string, string>> = Object.freeze({
  "Fee exemption": "a rule of the union fee due (a dated row of rates.csv), not a measure: feeDue is 0 for an exempt unit-month",
  "Source conflicts": "a data-quality list of unit-years (dataQuality.sourceConflicts), not an aggregate",
});
