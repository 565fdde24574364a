import { Field, Float, Int, ObjectType } from "type-graphql";
import type { ReviewQueueRow } from "../../queries/linking.js";
import { formatTaxCode } from "../../queries/tax-code.js";

@ObjectType({ description: 'A unit the linker compared with a source record, with the evidence of each field (README "Linking").' })
export class LinkCandidate {
  @Field(() => String, { description: "The candidate unit's tax code (mã số thuế), a branch written `3200123456-001`." })
  taxCode!: string;

  @Field(() => Int, { description: "1 = the linker's best candidate for the record." })
  rank!: number;

  @Field(() => Float, {
    description: "The match probability, 0 to 1, from the match weight (Fellegi–Sunter, with the linker's m and u probabilities per comparison level).",
  })
  matchProbability!: number;

  @Field(() => Float, { description: "The match weight in bits: the prior plus each field's log2(m/u)." })
  matchWeight!: number;

  @Field(() => String, {
    nullable: true,
    description:
      "Why it was not linked: BELOW_THRESHOLD, NAME_DISAGREES, AMBIGUOUS (another candidate is as good), CONFLICT (the unit is already linked to another record of the source).",
  })
  reason!: string | null;

  @Field(() => String, { nullable: true, description: "For CONFLICT: the source key already linked to this unit." })
  conflictSourceKey!: string | null;

  @Field(() => [String], { description: "The blocking rules that produced the pair (TAX_ROOT, TAX_VARIANT, RARE_TOKEN, FOLDED_NAME…)." })
  blockingRules!: string[];

  @Field(() => String, { description: "Tax code comparison level (EXACT, SAME_ROOT, ONE_EDIT, DIFFERENT, MISSING)." })
  taxCodeLevel!: string;

  @Field(() => String, { description: "Name comparison level (from the name cores' Jaro–Winkler and rare-token overlap)." })
  nameLevel!: string;

  @Field(() => String, { description: "Legal form comparison level." })
  legalFormLevel!: string;

  @Field(() => String, { description: "Location comparison level (same commune, same district, elsewhere, unknown)." })
  locationLevel!: string;

  @Field(() => Float, { nullable: true, description: "Jaro–Winkler similarity of the name cores." })
  nameJaroWinkler!: number | null;

  @Field(() => Float, { description: "Overlap of the name tokens, weighted by their rarity." })
  nameTokenOverlap!: number;

  @Field(() => String, { nullable: true, description: "The unit's name in the tax registry." })
  unitName!: string | null;

  @Field(() => String, { nullable: true, description: "The unit's address." })
  unitAddress!: string | null;

  @Field(() => String, { nullable: true, description: "The unit's commune code." })
  unitCommuneCode!: string | null;

  @Field(() => String, { nullable: true, description: "The unit's legal form code." })
  unitLegalForm!: string | null;

  @Field(() => String, { nullable: true, description: "The unit's status in the tax registry." })
  unitStatus!: string | null;
}

@ObjectType({ description: "A source record the linker could not decide, with its candidates: an analyst accepts one (`decideLink`) or rejects them." })
export class LinkReviewRecord {
  @Field(() => String, { description: "Dataset id (docs/SOURCES.md): union_grassroots_unions, si_contributions…" })
  dataset!: string;

  @Field(() => String, { description: "What a decision names: the union code (mã CĐCS) for the union registry, the SI unit code for social insurance." })
  sourceKey!: string;

  @Field(() => String, { nullable: true, description: "The name as the source writes it." })
  sourceName!: string | null;

  @Field(() => String, { nullable: true, description: "The tax code as the source writes it (missing, or failing its check)." })
  sourceTaxCode!: string | null;

  @Field(() => String, { nullable: true, description: "The address as the source writes it." })
  sourceAddress!: string | null;

  @Field(() => String, { nullable: true, description: "The commune code the source gives." })
  sourceCommuneCode!: string | null;

  @Field(() => Int, { description: "Source rows that carry this key (they all follow the decision)." })
  sourceRows!: number;

  @Field(() => Int, { description: "The batch (ingested file) of the row shown, for its lineage." })
  batchId!: number;

  @Field(() => Int, { description: "Its line in that file." })
  lineNo!: number;

  @Field(() => [LinkCandidate], { description: "The candidates, best first." })
  candidates!: LinkCandidate[];
}

@ObjectType({ description: "A page of the review queue." })
export class LinkReviewQueue {
  @Field(() => Int, { description: "Records waiting for a decision (of the dataset asked, or all)." })
  totalCount!: number;

  @Field(() => [LinkReviewRecord], { description: "This page's records, the likeliest match first." })
  records!: LinkReviewRecord[];
}

const candidateOf = (r: ReviewQueueRow): LinkCandidate => ({
  taxCode: formatTaxCode(r.tax_code),
  rank: Number(r.candidate_rank),
  matchProbability: r.match_probability,
  matchWeight: r.match_weight,
  reason: r.reason,
  conflictSourceKey: r.conflict_source_key,
  blockingRules: [...r.blocking_rules],
  taxCodeLevel: r.tax_code_level,
  nameLevel: r.name_level,
  legalFormLevel: r.legal_form_level,
  locationLevel: r.location_level,
  nameJaroWinkler: r.name_jaro_winkler,
  nameTokenOverlap: r.name_token_overlap,
  unitName: r.unit_name,
  unitAddress: r.unit_address,
  unitCommuneCode: r.unit_commune_code,
  unitLegalForm: r.unit_legal_form,
  unitStatus: r.unit_status,
});

/** Candidate rows (ordered by record, then rank) grouped into records, in their order. */
export function reviewRowsToRecords(rows: readonly ReviewQueueRow[]): LinkReviewRecord[] {
  const records = new Map<string, LinkReviewRecord>();
  for (const r of rows) {
    const key = `${r.dataset}\u0000${r.source_key}`;
    let record = records.get(key);
    if (!record) {
      record = {
        dataset: r.dataset,
        sourceKey: r.source_key,
        sourceName: r.source_name,
        sourceTaxCode: r.source_tax_code_text,
        sourceAddress: r.source_address,
        sourceCommuneCode: r.source_commune_code,
        sourceRows: Number(r.source_rows),
        batchId: Number(r.source_batch_id),
        lineNo: Number(r.source_line_no),
        candidates: [],
      };
      records.set(key, record);
    }
    record.candidates.push(candidateOf(r));
  }
  return [...records.values()];
}
