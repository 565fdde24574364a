import { Args, Ctx, Query, Resolver } from "type-graphql";
import { countUncoveredUnits, listUncoveredUnits } from "../../queries/uncovered-units.js";
import { pageComplexity } from "../common/complexity.js";
import { checkYearsInData } from "../common/warnings.js";
import type { ApiContext } from "../context.js";
import { EnterpriseConnection } from "./enterprise-connection.type.js";
import { UncoveredUnitsArgs } from "./enterprises.args.js";

@Resolver()
export class UncoveredUnitsResolver {
  @Query(() => EnterpriseConnection, {
    complexity: pageComplexity,
    description:
      "The recruitment target list: units in scope in the year (active, workers ≥ minWorkers) without a union at 31 December, largest first (then by tax code). Ask each unit for `sources` to see the evidence: which agencies report it and how many workers each says.",
  })
  async uncoveredUnits(@Args(() => UncoveredUnitsArgs) args: UncoveredUnitsArgs, @Ctx() context: ApiContext): Promise<EnterpriseConnection> {
    const { db, access } = context;
    access.requireUnitLevel("uncoveredUnits");
    if (args.year != null) await checkYearsInData(context, "uncoveredUnits", args.year);
    const query = { year: args.year, minWorkers: args.minWorkers, filter: access.scopedFilter(args.filter) };
    const page = await listUncoveredUnits(db, { ...query, first: args.first, after: args.after });
    return new EnterpriseConnection(page, () => countUncoveredUnits(db, query));
  }
}
