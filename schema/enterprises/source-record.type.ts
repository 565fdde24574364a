import { Field, Float, Int, ObjectType } from "type-graphql";
import { DATASET_AGENCIES } from "../../core/code-lists.js";
import type { SourceRow } from "../../queries/unit-details.js";

@ObjectType({ description: "What one agency's row says about the unit, and how that row was linked to it." })
export class SourceRecord {
  @Field(() => String, { description: "Dataset id of docs/SOURCES.md (e.g. `stats_enterprise_survey`)." })
  dataset!: string;

  @Field(() => String, { nullable: true, description: "The agency that sends the dataset." })
  agency!: string | null;

  @Field(() => String, {
    description:
      "The period the row describes: `yyyy-mm-dd` for a tax-registry snapshot, `yyyy` for the statistics survey, `yyyy-H1`/`yyyy-H2` for labour reports, `yyyy-mm` for social insurance.",
  })
  period!: string;

  @Field(() => String, { nullable: true, description: "The unit's name as this agency wrote it." })
  reportedName!: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "Workers this agency reports for the period (survey employees, labour-report total, SI insured workers); null when the dataset has no workers figure.",
  })
  workers!: number | null;

  @Field(() => String, { description: "How the row was linked to the unit (e.g. `EXACT_TAX_CODE`, `NAME_ADDRESS`, an analyst's decision)." })
  linkMethod!: string;

  @Field(() => Float, { description: "Confidence of the link, a fraction in [0, 1]." })
  linkConfidence!: number;

  @Field(() => String, { nullable: true, description: "The file the row came from." })
  fileName!: string | null;

  @Field(() => Int, { description: "Ingest batch of the row (lineage)." })
  batchId!: number;

  @Field(() => Int, { description: "Line of the row in its file (lineage)." })
  lineNo!: number;
}

export function sourceRowToSourceRecord(row: SourceRow): SourceRecord {
  return {
    dataset: row.dataset,
    agency: DATASET_AGENCIES[row.dataset] ?? null,
    period: row.period,
    reportedName: row.reported_name,
    workers: row.workers,
    linkMethod: row.method,
    linkConfidence: row.confidence,
    fileName: row.file_name,
    batchId: Number(row.batch_id),
    lineNo: Number(row.line_no),
  };
}
