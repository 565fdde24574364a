import type { ComplexityEstimator } from "graphql-query-complexity";
import { Args, Ctx, FieldResolver, Int, Query, Resolver } from "type-graphql";
import {
  countBatches,
  countSourceConflicts,
  linkRates,
  listBatches,
  listRejectedRows,
  listSourceConflicts,
  listUnlinkedRows,
  rejectionCounts,
  reviewQueueSize,
  unlinkedCounts,
} from "../../queries/quality.js";
import { listComplexity, pageComplexity } from "../common/complexity.js";
import type { ApiContext } from "../context.js";
import { BatchesArgs, RejectedRowsArgs, SourceConflictsArgs, UnlinkedRowsArgs } from "./data-quality.args.js";
import {
  Batch,
  batchOf,
  DataQuality,
  LinkRate,
  linkRateOf,
  RejectedRowRecord,
  RejectionCount,
  rejectedRowOf,
  rejectionCountOf,
  SourceConflictConnection,
  UnlinkedCount,
  UnlinkedRowRecord,
  unlinkedCountOf,
  unlinkedRowOf,
} from "./data-quality.type.js";

/** A list with a `limit` argument costs `limit` items. */
const limitComplexity: ComplexityEstimator = ({ args, childComplexity }) => 1 + Math.max(0, Number(args.limit ?? 0)) * childComplexity;

@Resolver(() => DataQuality)
export class DataQualityResolver {
  @Query(() => DataQuality, {
    description:
      "The quality of the warehouse's data: batches (lineage), rejected rows by reason and dataset, link rates and unlinked rows per source, the review queue, and conflicts between sources.",
  })
  dataQuality(): DataQuality {
    return new DataQuality();
  }

  @FieldResolver(() => [Batch], { complexity: limitComplexity, description: "Ingested files, newest first." })
  batches(@Args(() => BatchesArgs) args: BatchesArgs, @Ctx() { db }: ApiContext): Promise<Batch[]> {
    return listBatches(db, args).then((rows) => rows.map(batchOf));
  }

  @FieldResolver(() => Int, { description: "How many files were ingested (all datasets)." })
  batchCount(@Ctx() { db }: ApiContext): Promise<number> {
    return countBatches(db);
  }

  @FieldResolver(() => [RejectionCount], { complexity: listComplexity(40), description: "Quarantined rows per dataset and reason code, most first." })
  rejectionsByReason(@Ctx() { db, access }: ApiContext): Promise<RejectionCount[]> {
    access.requireProvinceScope("dataQuality.rejectionsByReason");
    return rejectionCounts(db).then((rows) => rows.map(rejectionCountOf));
  }

  @FieldResolver(() => [RejectedRowRecord], {
    complexity: limitComplexity,
    description: "Rows still in quarantine, in file order, with their original values.",
  })
  rejectedRows(@Args(() => RejectedRowsArgs) args: RejectedRowsArgs, @Ctx() { db, access }: ApiContext): Promise<RejectedRowRecord[]> {
    access.requireUnitLevel("dataQuality.rejectedRows");
    access.requireProvinceScope("dataQuality.rejectedRows");
    return listRejectedRows(db, args).then((rows) => rows.map(rejectedRowOf));
  }

  @FieldResolver(() => [LinkRate], {
    complexity: listComplexity(40),
    description: "Source rows per dataset and link method (UNLINKED included), with each method's share of the dataset.",
  })
  linkRates(@Ctx() { db, access }: ApiContext): Promise<LinkRate[]> {
    access.requireProvinceScope("dataQuality.linkRates");
    return linkRates(db).then((rows) => rows.map(linkRateOf));
  }

  @FieldResolver(() => [UnlinkedCount], { complexity: listComplexity(10), description: "Per dataset: source rows, rows linked to no unit, and the link rate." })
  unlinkedByDataset(@Ctx() { db, access }: ApiContext): Promise<UnlinkedCount[]> {
    access.requireProvinceScope("dataQuality.unlinkedByDataset");
    return unlinkedCounts(db).then((rows) => rows.map(unlinkedCountOf));
  }

  @FieldResolver(() => [UnlinkedRowRecord], {
    complexity: limitComplexity,
    description: "Source rows linked to no unit, by dataset, in file order: the fuzzy linker's and the analysts' work list.",
  })
  unlinkedRows(@Args(() => UnlinkedRowsArgs) args: UnlinkedRowsArgs, @Ctx() { db, access }: ApiContext): Promise<UnlinkedRowRecord[]> {
    access.requireUnitLevel("dataQuality.unlinkedRows");
    access.requireProvinceScope("dataQuality.unlinkedRows");
    return listUnlinkedRows(db, args).then((rows) => rows.map(unlinkedRowOf));
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      "Size of the fuzzy linker's review queue: source records (a union, an SI unit code…) whose best candidate unit is between the review and the auto-link thresholds, awaiting an analyst's decision (`linkReviewQueue` lists them); null when the warehouse has no review queue.",
  })
  reviewQueueSize(@Ctx() { db, access }: ApiContext): Promise<number | null> {
    access.requireProvinceScope("dataQuality.reviewQueueSize");
    return reviewQueueSize(db);
  }

  @FieldResolver(() => SourceConflictConnection, {
    complexity: pageComplexity,
    description:
      "Unit-years whose workers figures differ between agencies (statistics survey; labour report, H2 else H1; social insurance, last month of the year) by more than the threshold, largest difference first (then the latest year, then tax code).",
  })
  async sourceConflicts(@Args(() => SourceConflictsArgs) args: SourceConflictsArgs, @Ctx() { db, access }: ApiContext): Promise<SourceConflictConnection> {
    access.requireUnitLevel("dataQuality.sourceConflicts");
    const query = { year: args.year, threshold: args.threshold, filter: access.scopedFilter(args.filter) };
    const page = await listSourceConflicts(db, { ...query, first: args.first, after: args.after });
    return new SourceConflictConnection(page, () => countSourceConflicts(db, query));
  }
}
