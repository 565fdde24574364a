import { type ExpressionBuilder, expressionBuilder } from "kysely";
import { Args, Ctx, Query, Resolver } from "type-graphql";
import { enterpriseOrder, listUnits } from "../../queries/enterprises.js";
import type { UnitScope } from "../../queries/filters.js";
import { countFinanceGaps, type FinanceGapRow, listFinanceGaps } from "../../queries/finance.js";
import { pageComplexity } from "../common/complexity.js";
import { checkYearsInData } from "../common/warnings.js";
import type { ApiContext } from "../context.js";
import { enterpriseRowToEnterprise } from "../enterprises/enterprise.type.js";
import { FinanceGapConnection } from "./finance-gap.type.js";
import { FinanceGapsArgs } from "./finance-gaps.args.js";

@Resolver()
export class FinanceGapsResolver {
  @Query(() => FinanceGapConnection, {
    complexity: pageComplexity,
    description:
      "Units paying social insurance but not, or not fully, the union fee over the months of [from, to]: a positive salary fund and union fee paid below the fee due (union or not: every unit owes the fee), largest arrears first (then by tax code), with the months covered and what social insurance and the union's finance records each show.",
  })
  async financeGaps(@Args(() => FinanceGapsArgs) args: FinanceGapsArgs, @Ctx() context: ApiContext): Promise<FinanceGapConnection> {
    const { db, access } = context;
    access.requireUnitLevel("financeGaps");
    const query = { from: new Date(`${args.from}T00:00:00Z`), to: new Date(`${args.to}T00:00:00Z`), filter: access.scopedFilter(args.filter) };
    const page = await listFinanceGaps(db, { ...query, first: args.first, after: args.after });
    await checkYearsInData(context, "financeGaps", query.from.getUTCFullYear(), query.to.getUTCFullYear());
    const units = async (rows: readonly FinanceGapRow[]) => {
      const eb: ExpressionBuilder<UnitScope, "u"> = expressionBuilder<UnitScope, "u">();
      const which = eb.or(rows.map((r) => eb.and([eb("u.tax_code", "=", r.tax_code), eb("u.year", "=", r.year)])));
      const found = await listUnits(db, { where: [which], order: enterpriseOrder("TAX_CODE", false), first: rows.length });
      const byCode = new Map(found.rows.map((r) => [r.tax_code, enterpriseRowToEnterprise(r)]));
      return rows.map((r) => byCode.get(r.tax_code) ?? null);
    };
    return new FinanceGapConnection(page, () => countFinanceGaps(db, query), units);
  }
}
