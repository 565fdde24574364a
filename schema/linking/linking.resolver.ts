import type { ComplexityEstimator } from "graphql-query-complexity";
import { Arg, Args, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { AuditLog } from "../../core/records/audit-log.js";
import type { LinkDecisionEntry, LinkDecisionLog } from "../../core/records/link-decision-log.js";
import { checkDecision, reviewQueue, reviewQueueSize } from "../../queries/linking.js";
import { formatTaxCode } from "../../queries/tax-code.js";
import { badUserInput } from "../../queries/user-errors.js";
import type { ApiContext } from "../context.js";
import { LinkDecision, LinkDecisionInput, linkDecisionOf } from "./link-decision.type.js";
import { LinkReviewQueue, reviewRowsToRecords } from "./link-review.type.js";
import { LinkDecisionsArgs, LinkReviewQueueArgs } from "./linking.args.js";

/** What the linking fields need beyond the API context: where decisions and admin actions are written. */
export interface LinkingContext extends ApiContext {
  readonly linkDecisions: LinkDecisionLog;
  readonly auditLog: Pick<AuditLog, "append">;
}

const MAX_REVIEW_PAGE = 100;
const MAX_DECISIONS = 500;
/** A record of the queue costs about five candidates. */
const reviewComplexity: ComplexityEstimator = ({ args, childComplexity }) => 1 + Math.min(Number(args.first ?? 20), MAX_REVIEW_PAGE) * 5 * childComplexity;
const decisionsComplexity: ComplexityEstimator = ({ args, childComplexity }) => 1 + Math.min(Number(args.first ?? 50), MAX_DECISIONS) * childComplexity;

function within(value: number, max: number, argument: string): number {
  if (!Number.isInteger(value) || value < 0 || value > max)
    throw badUserInput(`${argument} must be a whole number from 0 to ${max}, got ${value}`, { argument });
  return value;
}

/**
 * Entity resolution for analysts (README "Linking"): the review queue, the decisions
 * recorded, and the mutation that records one. Source records are not yet placed in an
 * admin unit, so these fields need a province-scoped key; deciding needs an ADMIN key.
 */
@Resolver()
export class LinkingResolver {
  @Query(() => LinkReviewQueue, {
    complexity: reviewComplexity,
    description:
      "The linker's review queue: source records (a union without a usable tax code, an SI unit code…) whose best candidate unit scored between the review and the auto-link thresholds, likeliest first, each with its candidates and their evidence. ADMIN or ANALYST keys with the province scope.",
  })
  async linkReviewQueue(@Args(() => LinkReviewQueueArgs) args: LinkReviewQueueArgs, @Ctx() { db, access }: ApiContext): Promise<LinkReviewQueue> {
    access.requireUnitLevel("linkReviewQueue");
    access.requireProvinceScope("linkReviewQueue");
    const first = within(args.first, MAX_REVIEW_PAGE, "first");
    const offset = within(args.offset, Number.MAX_SAFE_INTEGER, "offset");
    const [rows, sizes] = await Promise.all([
      reviewQueue(db, { dataset: args.dataset, sourceKey: args.sourceKey, limit: first, offset }),
      reviewQueueSize(db, { sourceKey: args.sourceKey }),
    ]);
    const totalCount = sizes.filter((s) => args.dataset == null || s.dataset === args.dataset).reduce((n, s) => n + s.records, 0);
    return { totalCount, records: reviewRowsToRecords(rows) };
  }

  @Query(() => [LinkDecision], {
    complexity: decisionsComplexity,
    description:
      "Link decisions recorded by analysts, newest first, whether or not a build has applied them yet. ADMIN or ANALYST keys with the province scope.",
  })
  linkDecisions(@Args(() => LinkDecisionsArgs) args: LinkDecisionsArgs, @Ctx() { access, linkDecisions }: LinkingContext): LinkDecision[] {
    access.requireUnitLevel("linkDecisions");
    access.requireProvinceScope("linkDecisions");
    const first = within(args.first, MAX_DECISIONS, "first");
    return linkDecisions
      .entries()
      .filter((e) => (args.dataset == null || e.dataset === args.dataset) && (args.sourceKey == null || e.source_key === args.sourceKey.trim()))
      .reverse()
      .slice(0, first)
      .map(linkDecisionOf);
  }

  @Mutation(() => LinkDecision, {
    description:
      "Accepts or rejects a link between a source record and a unit. Recorded with who and when, and in the audit log; it takes effect on the next build and wins over the linker on every build after it (a later decision on the same pair replaces it). ADMIN keys only.",
  })
  async decideLink(
    @Arg("input", () => LinkDecisionInput, { description: "The record, the unit and the decision." }) input: LinkDecisionInput,
    @Ctx() { db, access, linkDecisions, auditLog }: LinkingContext,
  ): Promise<LinkDecision> {
    access.requireRole("decideLink", "ADMIN");
    const { keyId, name } = access.principal;
    const row = await checkDecision(db, { ...input, decidedBy: name ?? keyId ?? "unknown" });
    const entry: LinkDecisionEntry = { ...row, decision: input.decision, decided_at: row.decided_at.toISOString() };
    linkDecisions.append(entry);
    auditLog.append({
      action: "LINK_DECISION",
      actor: keyId ?? entry.decided_by,
      target: `${entry.dataset}/${entry.source_key} → ${formatTaxCode(entry.tax_code)}`,
      details: { decision: entry.decision, note: entry.note, decidedBy: entry.decided_by },
    });
    return linkDecisionOf(entry);
  }
}
