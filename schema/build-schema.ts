import "reflect-metadata";
import type { GraphQLSchema } from "graphql/index.js";
import { buildSchema } from "type-graphql";
import { AdminResolver } from "./admin/admin.resolver.js";
import { AnalyticsResolver } from "./analytics/analytics.resolver.js";
import { CoverageResolver } from "./coverage/coverage.resolver.js";
import { EnterpriseResolver } from "./enterprises/enterprise.resolver.js";
import { UncoveredUnitsResolver } from "./enterprises/uncovered-units.resolver.js";
import { FinanceCollectionResolver } from "./finance/finance-collection.resolver.js";
import { FinanceGapsResolver } from "./finance/finance-gaps.resolver.js";
import { ForecastResolver } from "./forecast/forecast.resolver.js";
import { LinkingResolver } from "./linking/linking.resolver.js";
import { MembershipGrowthResolver } from "./membership/membership-growth.resolver.js";
import { RecruitmentPlanResolver } from "./planning/recruitment-plan.resolver.js";
import { RequiredPaceResolver } from "./planning/required-pace.resolver.js";
import { DataQualityResolver } from "./quality/data-quality.resolver.js";
import { ScorecardResolver } from "./scorecard/scorecard.resolver.js";
import { WarehouseYearsResolver } from "./warehouse/warehouse-years.resolver.js";

/**
 * The API schema from the type-graphql classes.
 *
 * Note on imports: this project imports `graphql` as `graphql/index.js`. graphql 16
 * ships a CommonJS and an ES build without an `exports` map; Node (and so
 * type-graphql, Apollo, graphql-scalars) loads the CommonJS one, while Vite (vitest)
 * would resolve a bare `graphql` to the ES one, and two graphql instances break
 * `instanceof` checks (GraphQLError codes, schema types). The explicit path is the
 * same file for both.
 */
export function buildApiSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [
      EnterpriseResolver,
      UncoveredUnitsResolver,
      CoverageResolver,
      MembershipGrowthResolver,
      FinanceCollectionResolver,
      FinanceGapsResolver,
      ScorecardResolver,
      DataQualityResolver,
      ForecastResolver,
      RequiredPaceResolver,
      RecruitmentPlanResolver,
      AdminResolver,
      LinkingResolver,
      AnalyticsResolver,
      WarehouseYearsResolver,
    ],
    validate: false,
    emitSchemaFile: false,
  });
}
