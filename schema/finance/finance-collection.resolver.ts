import { Args, Ctx, Query, Resolver } from "type-graphql";
import { suppressSeries } from "../../queries/access/suppress-results.js";
import type { Suppressible } from "../../queries/access/suppression.js";
import { type FinanceMeasures, type FinancePeriod, financeCollection } from "../../queries/finance.js";
import { financePeriodsOf, gridComplexity } from "../common/complexity.js";
import { localDate } from "../common/scalars.js";
import { checkYearsInData } from "../common/warnings.js";
import type { ApiContext } from "../context.js";
import { FinanceCollectionArgs } from "./finance-collection.args.js";
import { FinanceCollection, type FinanceCollectionRow } from "./finance-collection.type.js";

@Resolver()
export class FinanceCollectionResolver {
  @Query(() => FinanceCollection, {
    complexity: gridComplexity(financePeriodsOf),
    description:
      "Union-fee (KPCĐ) collection per period (month, quarter or year) of a range and group: due, paid, collection rate, arrears, non-payers, member dues paid and expected; with each period's total and the range total, computed by the database. Every period of the range appears.",
  })
  async financeCollection(@Args(() => FinanceCollectionArgs) args: FinanceCollectionArgs, @Ctx() context: ApiContext): Promise<FinanceCollection> {
    const { db, access } = context;
    const found = await financeCollection(db, {
      from: new Date(`${args.from}T00:00:00Z`),
      to: new Date(`${args.to}T00:00:00Z`),
      granularity: args.granularity,
      groupBy: args.groupBy,
      filter: access.scopedFilter(args.filter),
    });
    await checkYearsInData(context, "financeCollection", found.periods[0].start.getUTCFullYear(), found.periods.at(-1)!.end.getUTCFullYear());
    // DASHBOARD keys: cells of fewer than k units withheld, with complements within each period and across periods (money adds up over periods).
    const start = (p: { period: FinancePeriod }) => p.period.start.getTime();
    const series = suppressSeries(access, found, { row: start, total: start }, (r) => r.units, FINANCE_MEASURES, true);
    const result = { ...found, ...series, total: access.suppressOne(found.total, found.total.units, FINANCE_MEASURES) };
    return {
      from: localDate(result.periods[0].start),
      to: localDate(result.periods.at(-1)!.end),
      granularity: args.granularity,
      groupBy: args.groupBy,
      rows: result.rows.map((r) => ({ ...row(r, r.period), isTotal: false, keys: [...r.keys] })),
      periodTotals: result.periodTotals.map((r) => row(r, r.period)),
      total: row(result.total, null),
    };
  }
}

/** Every measure of a row: null in a cell suppressed for a DASHBOARD key. */
const FINANCE_MEASURES = [
  "due",
  "paid",
  "collectionRate",
  "arrears",
  "nonPayers",
  "unitsOwing",
  "payingUnits",
  "memberDuesPaid",
  "expectedMemberDues",
  "units",
] as const satisfies readonly (keyof FinanceMeasures)[];

function row(m: Suppressible<FinanceMeasures, (typeof FINANCE_MEASURES)[number]>, period: FinancePeriod | null): FinanceCollectionRow {
  return { ...m, periodStart: period && localDate(period.start), periodEnd: period && localDate(period.end), isTotal: true, keys: [] };
}
