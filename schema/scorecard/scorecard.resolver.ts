import { Args, Ctx, Query, Resolver } from "type-graphql";
import { scorecard } from "../../queries/targets.js";
import { checkYearsInData } from "../common/warnings.js";
import type { ApiContext } from "../context.js";
import { ScorecardArgs } from "./scorecard.args.js";
import { Scorecard } from "./scorecard.type.js";

@Resolver()
export class ScorecardResolver {
  @Query(() => Scorecard, {
    description:
      "The action program's scorecard for a year: every target in force in the year (from ref.targets) with the actual figure, the target, the gap and MET / ON_TRACK / BEHIND, and the program line it comes from.",
  })
  async scorecard(@Args(() => ScorecardArgs) { year }: ScorecardArgs, @Ctx() context: ApiContext): Promise<Scorecard> {
    const { db, access } = context;
    // The actuals of the caller's scope (a district key sees its district's figures against the program's targets).
    const lines = await scorecard(db, year, access.scopedFilter(null));
    await checkYearsInData(context, "scorecard", year);
    return {
      year,
      targets: lines.map((l) => ({
        targetId: l.target.target_id,
        metric: l.target.metric,
        kind: l.kind,
        programLine: l.target.program_line ?? "",
        unit: l.target.unit,
        fromYear: l.target.from_year,
        toYear: l.target.to_year,
        comparison: l.target.comparison,
        target: l.target.value,
        actual: l.actual,
        gap: l.gap,
        status: l.status,
        baselineYear: l.baselineYear,
        baseline: l.baseline,
        onTrackValue: l.onTrackValue,
        cumulativeActual: l.cumulativeActual,
      })),
    };
  }
}
