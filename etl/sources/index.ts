import type { DatasetContract, DatasetId } from "./dataset-contract.js";
import { labourCollectiveAgreements } from "./labour-collective-agreements.js";
import { labourWorkforceReports } from "./labour-workforce-reports.js";
import { siContributions } from "./si-contributions.js";
import { statsEnterpriseSurvey } from "./stats-enterprise-survey.js";
import { taxEnterprises } from "./tax-enterprises.js";
import { unionFinance } from "./union-finance.js";
import { unionGrassrootsUnions } from "./union-grassroots-unions.js";
import { unionMembership } from "./union-membership.js";

export * from "./dataset-contract.js";

export const DATASETS: Readonly<Record<DatasetId, DatasetContract>> = Object.freeze({
  tax_enterprises: taxEnterprises,
  si_contributions: siContributions,
  stats_enterprise_survey: statsEnterpriseSurvey,
  labour_workforce_reports: labourWorkforceReports,
  labour_collective_agreements: labourCollectiveAgreements,
  union_grassroots_unions: unionGrassrootsUnions,
  union_membership: unionMembership,
  union_finance: unionFinance,
});

export function datasetsInLoadOrder(): DatasetContract[] {
  return Object.values(DATASETS).sort((a, b) => a.order - b.order);
}
