import { Args, Ctx, Query, Resolver } from "type-graphql";
import { suppressSeries } from "../../queries/access/suppress-results.js";
import { membershipGrowth } from "../../queries/membership.js";
import { gridComplexity, yearsOf } from "../common/complexity.js";
import { checkYearsInData } from "../common/warnings.js";
import type { ApiContext } from "../context.js";
import { MembershipGrowthArgs } from "./membership-growth.args.js";
import { MembershipGrowth } from "./membership-growth.type.js";

@Resolver()
export class MembershipGrowthResolver {
  @Query(() => MembershipGrowth, {
    complexity: gridComplexity(yearsOf),
    description:
      "Members, new members, left and net growth per year of [fromYear, toYear] and group, with each year's total and the provincial new-members target. Every year of the range appears (zeros, not gaps).",
  })
  async membershipGrowth(@Args(() => MembershipGrowthArgs) args: MembershipGrowthArgs, @Ctx() context: ApiContext): Promise<MembershipGrowth> {
    const { db, access } = context;
    const found = await membershipGrowth(db, { fromYear: args.fromYear, toYear: args.toYear, groupBy: args.groupBy, filter: access.scopedFilter(args.filter) });
    await checkYearsInData(context, "membershipGrowth", args.fromYear, args.toYear);
    // DASHBOARD keys: cells of fewer than k reporting unions withheld, with their complements (members are a stock: no line across years).
    const series = suppressSeries(
      access,
      { rows: found.rows, periodTotals: found.totals },
      { row: (r) => r.year, total: (t) => t.year },
      (r) => r.unionsReporting,
      MEMBERSHIP_MEASURES,
      false,
    );
    const result = { rows: series.rows, totals: series.periodTotals.map((t) => (t.suppressed ? { ...t, targetMet: null } : t)) };
    const noTarget = { target: null, targetId: null, targetMet: null };
    return {
      fromYear: args.fromYear,
      toYear: args.toYear,
      groupBy: args.groupBy,
      rows: result.rows.map((r) => ({ ...r, ...noTarget, isTotal: false, keys: [...r.keys] })),
      totals: result.totals.map((t) => ({ ...t, isTotal: true, keys: [] })),
    };
  }
}

const MEMBERSHIP_MEASURES = ["members", "newMembers", "left", "netGrowth", "unionsReporting"] as const;
