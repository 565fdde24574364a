import { Args, Ctx, Query, Resolver } from "type-graphql";
import { scopeFilter } from "../../queries/access/scope-filter.js";
import { resultCacheFor } from "../../queries/forecast-cache.js";
import { MIN_COMPARABLE_UNITS, recruitmentPlan } from "../../queries/recruitment-plan.js";
import { formatTaxCode } from "../../queries/tax-code.js";
import { codeName } from "../common/code-name.type.js";
import { listComplexity } from "../common/complexity.js";
import { codeOf, SizeBand, WorkersSource } from "../common/enums.js";
import { checkYearsInData } from "../common/warnings.js";
import type { ApiContext } from "../context.js";
import { RecruitmentPlanArgs } from "./recruitment-plan.args.js";
import { RecruitmentPlan } from "./recruitment-plan.type.js";

/** The scenario's assumptions, as the answer states them. */
export const PLAN_DESCRIPTION =
  "Scenario, not a forecast. The units listed are the uncovered in-scope units (active, workers ≥ minWorkers, no union at 31 December) matching the filter, " +
  "ranked by expected members: workers × the union density (members ÷ workers) of the unionised in-scope units of the same province, VSIC section and size band, within the API key's scope " +
  `(the province's when that cell has fewer than ${MIN_COMPARABLE_UNITS}). Each organised unit adds one unionised unit, so coverage rises equally for any; members decide the order. ` +
  "The projection assumes exactly these units form a union in the year and at once reach the comparable units' density and fee collection rate (capped at 100 %, never below what they pay now); " +
  "workers, fee due and every other unit stay as they are.";

@Resolver()
export class RecruitmentPlanResolver {
  @Query(() => RecruitmentPlan, {
    complexity: listComplexity(20),
    description:
      "A recruitment scenario: the N uncovered in-scope units whose organisation would raise members most (workers × the observed density of comparable unionised units), with the coverage, members and fee collection projected if they were organised. Marked isScenario. Cached per warehouse version.",
  })
  async recruitmentPlan(@Args(() => RecruitmentPlanArgs) args: RecruitmentPlanArgs, @Ctx() context: ApiContext): Promise<RecruitmentPlan> {
    const { db, access } = context;
    access.requireUnitLevel("recruitmentPlan");
    const query = {
      year: args.year ?? null,
      units: args.units,
      minWorkers: args.minWorkers,
      filter: access.scopedFilter(args.filter),
      scope: scopeFilter(access.scope),
    };
    const plan = await resultCacheFor(db).get("recruitmentPlan", { ...query, scope: access.scopeKey }, () => recruitmentPlan(db, query));
    if (args.year != null) await checkYearsInData(context, "recruitmentPlan", args.year);
    return {
      isScenario: true,
      description: PLAN_DESCRIPTION,
      year: plan.year,
      minWorkers: plan.minWorkers,
      unitsAsked: plan.unitsAsked,
      candidates: plan.candidates,
      units: plan.units.map((u) => ({
        rank: u.rank,
        taxCode: formatTaxCode(u.taxCode),
        name: u.name,
        sector: codeName(u.sectorCode, u.sectorName),
        sizeBand: codeOf(SizeBand, u.sizeBand),
        district: codeName(u.districtCode, u.districtName),
        communeCode: u.communeCode,
        industrialZone: u.industrialZone,
        workers: u.workers,
        workersSource: codeOf(WorkersSource, u.workersSource),
        comparableDensity: u.comparableDensity,
        densityBasis: u.densityBasis,
        comparableUnits: u.comparableUnits,
        expectedMembers: u.expectedMembers,
        feeDue: u.feeDue,
        feePaid: u.feePaid,
        comparableCollectionRate: u.comparableCollectionRate,
        expectedFeePaid: u.expectedFeePaid,
      })),
      baseline: { ...plan.baseline },
      projected: { ...plan.projected },
    };
  }
}
