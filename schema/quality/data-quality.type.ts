import { Field, Float, Int, ObjectType } from "type-graphql";
import { DATASET_AGENCIES } from "../../core/code-lists.js";
import type { Page } from "../../queries/pagination.js";
import type { BatchRow, LinkRateRow, RejectedRow, RejectionCountRow, SourceConflictRow, UnlinkedCountRow, UnlinkedRow } from "../../queries/quality.js";
import { formatTaxCode } from "../../queries/tax-code.js";
import { WorkersSource } from "../common/enums.js";
import { PageInfo, pageInfoOf } from "../common/page-info.type.js";
import { LocalDate, localDate } from "../common/scalars.js";

@ObjectType({
  description: "The quality of the warehouse's data: what was loaded, rejected, linked, and where sources disagree. Each list is fetched only when asked for.",
})
export class DataQuality {}

@ObjectType({ description: "One ingested file (lineage.batches): rows read = loaded + rejected." })
export class Batch {
  @Field(() => Int, { description: "Batch id (lineage)." })
  batchId!: number;

  @Field(() => String, { description: "Dataset id of docs/SOURCES.md." })
  dataset!: string;

  @Field(() => String, { description: "The file's name." })
  fileName!: string;

  @Field(() => String, { description: "Format read: csv, xlsx, json, ndjson, parquet." })
  format!: string;

  @Field(() => String, { nullable: true, description: "Encoding detected (utf-8, windows-1258, tcvn3, vni, ...)." })
  encoding!: string | null;

  @Field(() => String, { nullable: true, description: "The periods the file's rows describe (e.g. `2024-01-01..2024-12-01`)." })
  period!: string | null;

  @Field(() => Int, { description: "Data rows read." })
  rowsRead!: number;

  @Field(() => Int, { description: "Rows loaded." })
  rowsLoaded!: number;

  @Field(() => Int, { description: "Rows quarantined." })
  rowsRejected!: number;

  @Field(() => Int, { description: "Earlier rows this file replaced (a re-delivery of the same periods)." })
  rowsReplaced!: number;

  @Field(() => String, { description: "LOADED, or REJECTED (the whole file; see `message`)." })
  status!: string;

  @Field(() => String, { nullable: true, description: "Why the file was rejected whole." })
  message!: string | null;

  @Field(() => String, { description: "When loading started (ISO 8601, UTC)." })
  startedAt!: string;

  @Field(() => Int, { nullable: true, description: "How long loading took, in milliseconds." })
  durationMs!: number | null;
}

@ObjectType({ description: "Rows of one dataset quarantined for one reason." })
export class RejectionCount {
  @Field(() => String, { description: "Dataset id of docs/SOURCES.md." })
  dataset!: string;

  @Field(() => String, { description: "Reason code (INVALID_TAX_CODE, MISSING_REQUIRED, BAD_DATE, ...: see the README)." })
  reasonCode!: string;

  @Field(() => Int, { description: "Rows still in quarantine." })
  rows!: number;

  @Field(() => Int, { description: "Rows a later build loaded after all (UNKNOWN_UNION returns whose union arrived)." })
  released!: number;
}

@ObjectType({ description: "One quarantined row, with the original as the file had it." })
export class RejectedRowRecord {
  @Field(() => String, { description: "Dataset id of docs/SOURCES.md." })
  dataset!: string;

  @Field(() => String, { description: "The file." })
  fileName!: string;

  @Field(() => Int, { description: "Ingest batch (lineage)." })
  batchId!: number;

  @Field(() => Int, { description: "Record number in the file (the header is 1)." })
  lineNo!: number;

  @Field(() => String, { description: "Reason code." })
  reasonCode!: string;

  @Field(() => String, { description: "What is wrong, in words." })
  message!: string;

  @Field(() => String, { nullable: true, description: "The original row as JSON text, under the file's own headers." })
  original!: string | null;
}

@ObjectType({ description: "Source rows of one dataset linked by one method." })
export class LinkRate {
  @Field(() => String, { description: "Dataset id of docs/SOURCES.md." })
  dataset!: string;

  @Field(() => String, { nullable: true, description: "The agency that sends the dataset." })
  agency!: string | null;

  @Field(() => String, { description: "Link method (EXACT_TAX_CODE, TAX_ROOT, SI_UNIT_CODE, ANALYST_ACCEPTED, the fuzzy linker's methods, UNLINKED)." })
  method!: string;

  @Field(() => Int, { description: "Rows linked by this method." })
  rows!: number;

  @Field(() => Float, { description: "Their share of the dataset's rows, a fraction." })
  share!: number;

  @Field(() => Float, {
    description:
      "Mean confidence of these links, 0 to 1 (1 for exact tax codes and analysts' decisions, the match probability for fuzzy links, 0 for UNLINKED).",
  })
  meanConfidence!: number;
}

@ObjectType({ description: "Rows of one dataset linked to no employer unit." })
export class UnlinkedCount {
  @Field(() => String, { description: "Dataset id of docs/SOURCES.md." })
  dataset!: string;

  @Field(() => String, { nullable: true, description: "The agency that sends the dataset." })
  agency!: string | null;

  @Field(() => Int, { description: "Source rows of the dataset (loaded rows)." })
  rows!: number;

  @Field(() => Int, { description: "Rows linked to no unit (kept, never dropped)." })
  unlinkedRows!: number;

  @Field(() => Float, { description: "Share of the rows linked to a unit, a fraction." })
  linkRate!: number;
}

@ObjectType({ description: "One source row linked to no employer unit." })
export class UnlinkedRowRecord {
  @Field(() => String, { description: "Dataset id of docs/SOURCES.md." })
  dataset!: string;

  @Field(() => String, { nullable: true, description: "The file." })
  fileName!: string | null;

  @Field(() => Int, { description: "Ingest batch (lineage)." })
  batchId!: number;

  @Field(() => Int, { description: "Record number in the file." })
  lineNo!: number;

  @Field(() => String, {
    nullable: true,
    description: "The row's key in its source (union code for union rows, SI unit code for social insurance, else the tax code).",
  })
  sourceKey!: string | null;

  @Field(() => String, { nullable: true, description: "The tax code the row gives, when valid (a branch written `3200123456-001`)." })
  sourceTaxCode!: string | null;

  @Field(() => String, { nullable: true, description: "The name the row gives." })
  sourceName!: string | null;

  @Field(() => LocalDate, { nullable: true, description: "First day of the period the row describes." })
  periodStart!: string | null;
}

@ObjectType({ description: "What one agency says a unit's workers were in the year." })
export class AgencyWorkers {
  @Field(() => String, { description: "Dataset id of docs/SOURCES.md." })
  dataset!: string;

  @Field(() => String, { description: "The agency." })
  agency!: string;

  @Field(() => String, { description: "The figure read: `lao_dong` (survey), `tong_lao_dong` of H2 or H1 (labour), `so_lao_dong` of the last month (SI)." })
  figure!: string;

  @Field(() => Int, { description: "Workers." })
  workers!: number;
}

@ObjectType({ description: "A unit-year whose workers figures differ between agencies by more than the threshold (docs/DOMAIN.md § Source conflicts: 50 %)." })
export class SourceConflict {
  @Field(() => String, { description: "Tax code (mã số thuế): 10 digits, or a branch written `3200123456-001`." })
  taxCode!: string;

  @Field(() => String, { nullable: true, description: "Registered name." })
  name!: string | null;

  @Field(() => Int, { description: "The year." })
  year!: number;

  @Field(() => Int, { nullable: true, description: "Workers the warehouse uses (docs/DOMAIN.md § Workers, the precedence)." })
  workers!: number | null;

  @Field(() => WorkersSource, { nullable: true, description: "The source of `workers`." })
  workersSource!: string | null;

  @Field(() => [AgencyWorkers], { description: "Each agency's figure for the year (those that report one)." })
  values!: AgencyWorkers[];

  @Field(() => Int, { description: "The smallest figure." })
  lowest!: number;

  @Field(() => Int, { description: "The largest figure." })
  highest!: number;

  @Field(() => Float, { nullable: true, description: "highest ÷ lowest; null when the lowest is 0." })
  ratio!: number | null;
}

@ObjectType({ description: "A source conflict in a list, with its cursor." })
export class SourceConflictEdge {
  @Field(() => String, { description: "Opaque cursor; pass it as `after` to get the conflicts that follow." })
  cursor!: string;

  @Field(() => SourceConflict, { description: "The conflict." })
  node!: SourceConflict;
}

@ObjectType({ description: "A page of source conflicts, largest difference first (Relay connection)." })
export class SourceConflictConnection {
  readonly #count: () => Promise<number>;

  constructor(page: Page<SourceConflictRow>, count: () => Promise<number>) {
    this.#count = count;
    this.nodes = page.rows.map(sourceConflictOf);
    this.edges = this.nodes.map((node, i) => ({ node, cursor: page.cursors[i] }));
    this.pageInfo = pageInfoOf(page);
  }

  @Field(() => [SourceConflictEdge], { description: "The conflicts of this page with their cursors." })
  edges: SourceConflictEdge[];

  @Field(() => [SourceConflict], { description: "The conflicts of this page." })
  nodes: SourceConflict[];

  @Field(() => PageInfo, { description: "Where this page is in the list." })
  pageInfo: PageInfo;

  @Field(() => Int, { description: "How many conflicts the whole list has; counted only when asked for." })
  totalCount(): Promise<number> {
    return this.#count();
  }
}

const agency = (dataset: string) => DATASET_AGENCIES[dataset] ?? null;

function sourceConflictOf(row: SourceConflictRow): SourceConflict {
  const values: AgencyWorkers[] = [];
  const add = (dataset: string, figure: string, workers: number | null) => {
    if (workers !== null) values.push({ dataset, agency: agency(dataset) ?? dataset, figure, workers });
  };
  add("stats_enterprise_survey", "lao_dong", row.stats_workers);
  add("labour_workforce_reports", `tong_lao_dong H${row.labour_half ?? ""}`, row.labour_workers);
  add("si_contributions", "so_lao_dong, last month", row.si_workers);
  return {
    taxCode: formatTaxCode(row.tax_code),
    name: row.name,
    year: row.year,
    workers: row.workers,
    workersSource: row.workers_source,
    values,
    lowest: row.lowest,
    highest: row.highest,
    ratio: row.lowest > 0 ? row.highest / row.lowest : null,
  };
}

export const batchOf = (r: BatchRow): Batch => ({
  batchId: Number(r.batch_id),
  dataset: r.dataset,
  fileName: r.file_name,
  format: r.file_format,
  encoding: r.encoding,
  period: r.period,
  rowsRead: Number(r.rows_read),
  rowsLoaded: Number(r.rows_loaded),
  rowsRejected: Number(r.rows_rejected),
  rowsReplaced: Number(r.rows_replaced),
  status: r.status,
  message: r.message,
  startedAt: r.started_at.toISOString(),
  durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
});

export const rejectionCountOf = (r: RejectionCountRow): RejectionCount => ({
  dataset: r.dataset,
  reasonCode: r.reason_code,
  rows: r.rows,
  released: r.released,
});

export const rejectedRowOf = (r: RejectedRow): RejectedRowRecord => ({
  dataset: r.dataset,
  fileName: r.file_name,
  batchId: Number(r.batch_id),
  lineNo: Number(r.line_no),
  reasonCode: r.reason_code,
  message: r.message,
  original: r.original,
});

export const linkRateOf = (r: LinkRateRow): LinkRate => ({
  dataset: r.dataset,
  agency: agency(r.dataset),
  method: r.method,
  rows: r.rows,
  share: r.share,
  meanConfidence: r.mean_confidence,
});

export const unlinkedCountOf = (r: UnlinkedCountRow): UnlinkedCount => ({
  dataset: r.dataset,
  agency: agency(r.dataset),
  rows: r.rows,
  unlinkedRows: r.unlinked,
  linkRate: r.link_rate,
});

export const unlinkedRowOf = (r: UnlinkedRow): UnlinkedRowRecord => ({
  dataset: r.dataset,
  fileName: r.file_name,
  batchId: Number(r.batch_id),
  lineNo: Number(r.line_no),
  sourceKey: r.source_key,
  sourceTaxCode: formatTaxCode(r.source_tax_code),
  sourceName: r.source_name,
  periodStart: localDate(r.period_start),
});
