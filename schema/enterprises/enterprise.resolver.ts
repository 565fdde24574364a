import { Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { countUnits, enterpriseConditions, enterpriseOrder, findEnterprise, listUnits, yearsOfUnit } from "../../queries/enterprises.js";
import { yearOfDate } from "../../queries/scope.js";
import { formatTaxCode, parseTaxCode } from "../../queries/tax-code.js";
import { notFound } from "../../queries/user-errors.js";
import { listComplexity, pageComplexity } from "../common/complexity.js";
import { checkYearsInData } from "../common/warnings.js";
import type { ApiContext } from "../context.js";
import { Agreement, agreementRowToAgreement } from "./agreement.type.js";
import { Enterprise, enterpriseRowToEnterprise } from "./enterprise.type.js";
import { EnterpriseConnection } from "./enterprise-connection.type.js";
import { EnterpriseArgs, EnterprisesArgs } from "./enterprises.args.js";
import { FinancePayment, financeRowToFinancePayment } from "./finance-payment.type.js";
import { GrassrootsUnion, unionRowToGrassrootsUnion } from "./grassroots-union.type.js";
import { SiMonth, siMonthRowToSiMonth } from "./si-month.type.js";
import { SourceRecord, sourceRowToSourceRecord } from "./source-record.type.js";
import { WorkersYear, workersYearRowToWorkersYear } from "./workers-year.type.js";

@Resolver(() => Enterprise)
export class EnterpriseResolver {
  @Query(() => EnterpriseConnection, {
    complexity: pageComplexity,
    description: "Employer units of one year, filtered and sorted, a page at a time (Relay connection with totalCount).",
  })
  async enterprises(@Args(() => EnterprisesArgs) args: EnterprisesArgs, @Ctx() context: ApiContext): Promise<EnterpriseConnection> {
    const { db, access } = context;
    access.requireUnitLevel("enterprises");
    if (args.asOf) await checkYearsInData(context, "enterprises", yearOfDate(args.asOf));
    const where = enterpriseConditions(args.asOf ? yearOfDate(args.asOf) : null, access.scopedFilter(args.filter));
    const order = enterpriseOrder(args.orderBy?.field ?? "TAX_CODE", args.orderBy?.direction === "DESC");
    const page = await listUnits(db, { where, order, first: args.first, after: args.after });
    return new EnterpriseConnection(page, () => countUnits(db, where));
  }

  @Query(() => Enterprise, {
    description:
      "One employer unit by tax code. NOT_FOUND when the warehouse has no such unit in the year; BAD_USER_INPUT when the code is not a valid tax code.",
  })
  async enterprise(@Args(() => EnterpriseArgs) { taxCode, asOf }: EnterpriseArgs, @Ctx() { db, access }: ApiContext): Promise<Enterprise> {
    access.requireUnitLevel("enterprise");
    const code = parseTaxCode(taxCode);
    const year = asOf ? yearOfDate(asOf) : null;
    // Outside the caller's scope a unit does not exist: the same NOT_FOUND as an unknown code.
    const scope = access.scopedFilter(null);
    const row = await findEnterprise(db, code, year, scope);
    if (row) return enterpriseRowToEnterprise(row);
    const years = await yearsOfUnit(db, code, scope);
    const held = years.length ? `; it has data for ${years.join(", ")}` : "";
    throw notFound(`no employer unit with tax code ${formatTaxCode(code)}${year ? ` in ${year}` : years.length ? " in the latest year" : ""}${held}`, {
      taxCode: formatTaxCode(code),
    });
  }

  @FieldResolver(() => [SourceRecord], {
    complexity: listComplexity(6),
    description:
      "What each agency says about the unit for the year, with the link method and confidence: the tax registry's latest snapshot, the statistics survey, both labour half-year reports, and the last social-insurance month of the year with a record.",
  })
  async sources(@Root() unit: Enterprise, @Ctx() { loaders }: ApiContext): Promise<SourceRecord[]> {
    return (await loaders.year(unit.year).sources.load(unit.taxCode)).map(sourceRowToSourceRecord);
  }

  @FieldResolver(() => [WorkersYear], { complexity: listComplexity(10), description: "Workers in every year the warehouse holds, oldest first." })
  async workersHistory(@Root() unit: Enterprise, @Ctx() { loaders }: ApiContext): Promise<WorkersYear[]> {
    return (await loaders.workersHistory.load(unit.taxCode)).map(workersYearRowToWorkersYear);
  }

  @FieldResolver(() => GrassrootsUnion, {
    nullable: true,
    description: "The grassroots union in force at 31 December of the year (the newest, if several); null when none.",
  })
  async union(@Root() unit: Enterprise, @Ctx() { loaders }: ApiContext): Promise<GrassrootsUnion | null> {
    const inForce = (await loaders.year(unit.year).unions.load(unit.taxCode)).find((u) => u.in_force);
    return inForce ? unionRowToGrassrootsUnion(inForce) : null;
  }

  @FieldResolver(() => [GrassrootsUnion], {
    complexity: listComplexity(3),
    description: "Every grassroots union ever linked to the unit, those in force first.",
  })
  async unions(@Root() unit: Enterprise, @Ctx() { loaders }: ApiContext): Promise<GrassrootsUnion[]> {
    return (await loaders.year(unit.year).unions.load(unit.taxCode)).map(unionRowToGrassrootsUnion);
  }

  @FieldResolver(() => [Agreement], {
    complexity: listComplexity(3),
    description: "The unit's collective agreements, newest first, each saying whether it is in force at 31 December of the year.",
  })
  async agreements(@Root() unit: Enterprise, @Ctx() { loaders }: ApiContext): Promise<Agreement[]> {
    return (await loaders.year(unit.year).agreements.load(unit.taxCode)).map(agreementRowToAgreement);
  }

  @FieldResolver(() => [SiMonth], { complexity: listComplexity(12), description: "Social-insurance months of the year, January first." })
  async siMonths(@Root() unit: Enterprise, @Ctx() { loaders }: ApiContext): Promise<SiMonth[]> {
    return (await loaders.year(unit.year).siMonths.load(unit.taxCode)).map(siMonthRowToSiMonth);
  }

  @FieldResolver(() => [FinancePayment], {
    complexity: listComplexity(12),
    description: "Union fee and dues payments for the periods inside the year, oldest first.",
  })
  async finance(@Root() unit: Enterprise, @Ctx() { loaders }: ApiContext): Promise<FinancePayment[]> {
    return (await loaders.year(unit.year).finance.load(unit.taxCode)).map(financeRowToFinancePayment);
  }
}
