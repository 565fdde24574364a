import { Field, InputType, ObjectType, registerEnumType } from "type-graphql";
import type { LinkDecisionEntry } from "../../core/records/link-decision-log.js";
import { formatTaxCode } from "../../queries/tax-code.js";

export enum LinkDecisionKind {
  ACCEPT = "ACCEPT",
  REJECT = "REJECT",
}

registerEnumType(LinkDecisionKind, {
  name: "LinkDecisionKind",
  description: "An analyst's decision on a (source record, unit) pair.",
  valuesConfig: {
    ACCEPT: { description: "The record belongs to the unit: linked (ANALYST_ACCEPTED, confidence 1), whatever the linker says." },
    REJECT: { description: "The record does not belong to the unit: never linked to it, by the linker or its tax code." },
  },
});

@InputType({ description: "A decision on a candidate link." })
export class LinkDecisionInput {
  @Field(() => String, { description: "Dataset id (docs/SOURCES.md), e.g. union_grassroots_unions." })
  dataset!: string;

  @Field(() => String, { description: "The record's source key, as `linkReviewQueue` gives it (the union code for the union registry)." })
  sourceKey!: string;

  @Field(() => String, { description: "The unit's tax code in any written form: `3200123456-001`, `3200123456001`, spaces and dots are ignored." })
  taxCode!: string;

  @Field(() => LinkDecisionKind, { description: "ACCEPT or REJECT." })
  decision!: LinkDecisionKind;

  @Field(() => String, { nullable: true, description: "Why (what was checked): kept with the decision." })
  note?: string | null;
}

@ObjectType({
  description:
    "A recorded decision. It takes effect on the next build and wins over the linker on every build after it, until a later decision on the same pair.",
})
export class LinkDecision {
  @Field(() => String, { description: "Dataset id." })
  dataset!: string;

  @Field(() => String, { description: "The record's source key." })
  sourceKey!: string;

  @Field(() => String, { description: "The unit's tax code, a branch written `3200123456-001`." })
  taxCode!: string;

  @Field(() => LinkDecisionKind, { description: "ACCEPT or REJECT." })
  decision!: LinkDecisionKind;

  @Field(() => String, { description: "Who decided: the API key's name (or id)." })
  decidedBy!: string;

  @Field(() => String, { description: "When (ISO 8601, UTC)." })
  decidedAt!: string;

  @Field(() => String, { nullable: true, description: "The analyst's note." })
  note!: string | null;
}

export const linkDecisionOf = (e: LinkDecisionEntry): LinkDecision => ({
  dataset: e.dataset,
  sourceKey: e.source_key,
  taxCode: formatTaxCode(e.tax_code),
  decision: e.decision as LinkDecisionKind,
  decidedBy: e.decided_by,
  decidedAt: e.decided_at,
  note: e.note,
});
