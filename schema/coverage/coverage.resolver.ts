import { Args, Ctx, Query, Resolver } from "type-graphql";
import { suppressTable } from "../../queries/access/suppress-results.js";
import type { Suppressible } from "../../queries/access/suppression.js";
import { type CoverageMeasures, coverage } from "../../queries/coverage.js";
import { yearOfDate } from "../../queries/scope.js";
import { badUserInput } from "../../queries/user-errors.js";
import { gridComplexity, ONE_PERIOD } from "../common/complexity.js";
import { checkYearsInData, latestYear } from "../common/warnings.js";
import type { ApiContext } from "../context.js";
import { CoverageArgs } from "./coverage.args.js";
import { Coverage, type CoverageRow } from "./coverage.type.js";

@Resolver()
export class CoverageResolver {
  @Query(() => Coverage, {
    complexity: gridComplexity(ONE_PERIOD),
    description:
      "Union coverage of the in-scope units (active, workers ≥ minWorkers) of one year (the latest the warehouse holds when neither `year` nor `asOf` is given), grouped by the given dimensions, with the database's total.",
  })
  async coverage(@Args(() => CoverageArgs) args: CoverageArgs, @Ctx() context: ApiContext): Promise<Coverage> {
    const { db, access } = context;
    if (args.year != null && args.asOf != null)
      throw badUserInput("give `year` or `asOf`, not both (neither: the latest year the warehouse holds)", { argument: "year" });
    const asked = args.year ?? (args.asOf != null ? yearOfDate(args.asOf) : null);
    const year = asked ?? (await latestYear(context, "coverage"));
    if (asked != null) await checkYearsInData(context, "coverage", asked);
    const found = await coverage(db, { year, groupBy: args.groupBy, filter: access.scopedFilter(args.filter), minWorkers: args.minWorkers });
    if (!access.suppresses) {
      // Nothing withheld: each row becomes its answer object in one step (a commune × sector grid has thousands).
      return {
        year,
        minWorkers: args.minWorkers,
        groupBy: args.groupBy,
        rows: found.rows.map((r) => shown(r, false, [...r.keys])),
        total: shown(found.total, true, []),
      };
    }
    const result = suppressTable(access, found, (r) => r.units, COVERAGE_MEASURES);
    return {
      year,
      minWorkers: args.minWorkers,
      groupBy: args.groupBy,
      rows: result.rows.map((r) => ({ ...measures(r), isTotal: false, keys: [...r.keys] })),
      total: { ...measures(result.total), isTotal: true, keys: [] },
    };
  }
}

/** Every measure of a row: null in a cell suppressed for a DASHBOARD key. */
const COVERAGE_MEASURES = [
  "units",
  "unionisedUnits",
  "coverageRate",
  "workers",
  "unionisedWorkers",
  "members",
  "unionisedMembers",
  "density",
  "densityAllInScope",
  "agreementUnits",
  "agreementRate",
] as const satisfies readonly (keyof CoverageMeasures)[];

function measures(m: Suppressible<CoverageMeasures, (typeof COVERAGE_MEASURES)[number]>): Omit<CoverageRow, "isTotal" | "keys"> {
  const { unionisedMembers: _, ...exposed } = m;
  return exposed;
}

/** A row nothing withheld: its exposed measures, `suppressed: false`. */
function shown(m: CoverageMeasures, isTotal: boolean, keys: CoverageRow["keys"]): CoverageRow {
  return {
    isTotal,
    keys,
    suppressed: false,
    units: m.units,
    unionisedUnits: m.unionisedUnits,
    coverageRate: m.coverageRate,
    workers: m.workers,
    unionisedWorkers: m.unionisedWorkers,
    members: m.members,
    density: m.density,
    densityAllInScope: m.densityAllInScope,
    agreementUnits: m.agreementUnits,
    agreementRate: m.agreementRate,
  };
}
