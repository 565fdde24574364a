import { type Kysely, sql } from "kysely";
import type { Db, RowOf } from "./database.js";
import { compileEnterpriseFilter, type EnterpriseFilter } from "./filters.js";
import { reviewQueueSize as reviewQueueSizeByDataset } from "./linking.js";
import { MAX_PAGE_SIZE, type Page, pageSize, SortOrder, toPage } from "./pagination.js";
import { badUserInput } from "./user-errors.js";

/** Validates the `limit` of a list: 0 ≤ limit ≤ MAX_PAGE_SIZE. */
export function listLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) {
    throw badUserInput(`limit must be a whole number from 0 to ${MAX_PAGE_SIZE}, got ${limit}`, { argument: "limit", limit: MAX_PAGE_SIZE });
  }
  return limit;
}

function batchesQuery(db: Db) {
  return db
    .selectFrom("lineage.batches as b")
    .select([
      "b.batch_id",
      "b.dataset",
      "b.file_name",
      "b.file_format",
      "b.encoding",
      "b.period",
      "b.rows_read",
      "b.rows_loaded",
      "b.rows_rejected",
      "b.rows_replaced",
      "b.status",
      "b.message",
      "b.started_at",
      "b.finished_at",
      "b.duration_ms",
    ]);
}

export type BatchRow = RowOf<typeof batchesQuery>;

/** The ingest batches (one per file), newest first, of one dataset or all. */
export function listBatches(db: Db, query: { dataset?: string | null; limit: number }): Promise<BatchRow[]> {
  let q = batchesQuery(db);
  if (query.dataset != null) q = q.where("b.dataset", "=", query.dataset);
  return q.orderBy("b.batch_id", "desc").limit(listLimit(query.limit)).execute();
}

export async function countBatches(db: Db, dataset?: string | null): Promise<number> {
  let q = db.selectFrom("lineage.batches as b").select((eb) => eb.cast<number>(eb.fn.countAll(), "integer").as("n"));
  if (dataset != null) q = q.where("b.dataset", "=", dataset);
  return (await q.executeTakeFirstOrThrow()).n;
}

function rejectionCountsQuery(db: Db) {
  return db
    .selectFrom("quarantine.rejected_rows as r")
    .groupBy(["r.dataset", "r.reason_code"])
    .select((eb) => [
      "r.dataset",
      "r.reason_code",
      // rows still in quarantine, and rows a later build loaded (UNKNOWN_UNION returns whose union arrived)
      eb.cast<number>(eb.fn.countAll().filterWhere("r.released_at", "is", null), "integer").as("rows"),
      eb.cast<number>(eb.fn.countAll().filterWhere("r.released_at", "is not", null), "integer").as("released"),
    ])
    .orderBy("rows", "desc")
    .orderBy("r.dataset")
    .orderBy("r.reason_code");
}

export type RejectionCountRow = RowOf<typeof rejectionCountsQuery>;

/** Quarantined rows per dataset and reason, most first. */
export function rejectionCounts(db: Db): Promise<RejectionCountRow[]> {
  return rejectionCountsQuery(db).execute();
}

function rejectedRowsQuery(db: Db) {
  return db
    .selectFrom("quarantine.rejected_rows as r")
    .where("r.released_at", "is", null)
    .select((eb) => [
      "r.batch_id",
      "r.dataset",
      "r.file_name",
      "r.line_no",
      "r.reason_code",
      "r.message",
      eb.cast<string | null>("r.original", "varchar").as("original"),
    ]);
}

export type RejectedRow = RowOf<typeof rejectedRowsQuery>;

/** Rows still in quarantine, of one dataset and/or reason, in file order. */
export function listRejectedRows(db: Db, query: { dataset?: string | null; reasonCode?: string | null; limit: number }): Promise<RejectedRow[]> {
  let q = rejectedRowsQuery(db);
  if (query.dataset != null) q = q.where("r.dataset", "=", query.dataset);
  if (query.reasonCode != null) q = q.where("r.reason_code", "=", query.reasonCode);
  return q.orderBy("r.batch_id").orderBy("r.line_no").limit(listLimit(query.limit)).execute();
}

function linkRatesQuery(db: Db) {
  return db
    .selectFrom("mart_link_rates as l")
    .select((eb) => [
      "l.dataset",
      "l.method",
      eb.cast<number>("l.source_rows", "integer").as("rows"),
      sql<number>`${eb.ref("l.source_rows")}::double / sum(${eb.ref("l.source_rows")}) over (partition by ${eb.ref("l.dataset")})`.as("share"),
      "l.mean_confidence",
    ])
    .orderBy("l.dataset")
    .orderBy("rows", "desc")
    .orderBy("l.method");
}

/** A dataset's rows of one link method, with their `share` of the dataset's rows. */
export type LinkRateRow = RowOf<typeof linkRatesQuery>;

/** Source rows per dataset and link method (UNLINKED included), with each method's share of the dataset. */
export function linkRates(db: Db): Promise<LinkRateRow[]> {
  return linkRatesQuery(db).execute();
}

function unlinkedCountsQuery(db: Db) {
  return db
    .selectFrom("mart_link_rates as l")
    .groupBy("l.dataset")
    .select((eb) => [
      "l.dataset",
      sql<number>`sum(${eb.ref("l.source_rows")})::integer`.as("rows"),
      sql<number>`sum(${eb.ref("l.unlinked_rows")})::integer`.as("unlinked"),
      sql<number>`(sum(${eb.ref("l.source_rows")}) - sum(${eb.ref("l.unlinked_rows")}))::double / sum(${eb.ref("l.source_rows")})`.as("link_rate"),
    ])
    .orderBy("l.dataset");
}

/** A dataset's source rows, those linked to no unit, and the share linked (`link_rate`). */
export type UnlinkedCountRow = RowOf<typeof unlinkedCountsQuery>;

/** Per dataset: source rows, rows linked to no unit, and the share linked. */
export function unlinkedCounts(db: Db): Promise<UnlinkedCountRow[]> {
  return unlinkedCountsQuery(db).execute();
}

function unlinkedRowsQuery(db: Db) {
  return db
    .selectFrom("mart_unlinked_source_rows as l")
    .leftJoin("lineage.batches as b", "b.batch_id", "l.batch_id")
    .select(["l.dataset", "l.batch_id", "l.line_no", "b.file_name", "l.source_key", "l.source_tax_code", "l.source_name", "l.period_start"]);
}

export type UnlinkedRow = RowOf<typeof unlinkedRowsQuery>;

/** Source rows linked to no unit, of one dataset or all, in file order. */
export function listUnlinkedRows(db: Db, query: { dataset?: string | null; limit: number }): Promise<UnlinkedRow[]> {
  let q = unlinkedRowsQuery(db);
  if (query.dataset != null) q = q.where("l.dataset", "=", query.dataset);
  return q.orderBy("l.dataset").orderBy("l.batch_id").orderBy("l.line_no").limit(listLimit(query.limit)).execute();
}

/** The fuzzy linker's review queue (docs/DOMAIN.md § Linking, step 3), when the warehouse has one. */
export const REVIEW_QUEUE_TABLE = "mart_link_review_queue";

/** Rows of the review queue (links below the auto-accept threshold awaiting an analyst); null when the warehouse has no such table. */
export async function reviewQueueSize(db: Db): Promise<number | null> {
  const anyDb = db as unknown as Kysely<any>;
  const exists = await anyDb
    .selectFrom("information_schema.tables")
    .where("table_schema", "=", "main")
    .where("table_name", "=", REVIEW_QUEUE_TABLE)
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirstOrThrow();
  if (Number(exists.n) === 0) return null;
  return (await reviewQueueSizeByDataset(db)).reduce((n, d) => n + d.records, 0);
}

export interface SourceConflictsQuery {
  /** The year; every year when not given. */
  readonly year?: number | null;
  /** Relative difference above which two agencies conflict: highest > lowest × (1 + threshold). DOMAIN's is 0.5. */
  readonly threshold: number;
  readonly filter?: EnterpriseFilter | null;
}

/** Largest spread first, then the latest year, then by tax code. The columns are the conflict list's own (`spread` is not a mart column). */
export const CONFLICTS_ORDER = new SortOrder([
  { column: "spread" as never, descending: true },
  { column: "year", descending: true },
]);

/**
 * Conflicts between sources: unit-years where the workers figures of two agencies
 * (statistics survey; labour report, H2 else H1; social insurance, last month with a
 * record) differ by more than `threshold` of the smaller: highest > lowest × (1 + threshold).
 * Read from mart_unit_year_workers_by_source, which keeps every source's value beside the one used
 * (for the unit-years two or more agencies report: a conflict needs two).
 */
function conflicts(db: Db, query: SourceConflictsQuery) {
  if (!(query.threshold >= 0) || !Number.isFinite(query.threshold))
    throw badUserInput(`threshold must be a fraction ≥ 0, got ${query.threshold}`, { argument: "threshold" });
  const anyDb = db as unknown as Kysely<any>;
  return anyDb.with("conflicts", () => agencyFigures(db, query));
}

/** Each unit-year of the filter with every agency's workers figure, the lowest, the highest and how many agencies give one. */
function agencyFigures(db: Db, query: SourceConflictsQuery) {
  let q = db
    .selectFrom("mart_unit_year_workers_by_source as w")
    .innerJoin("mart_unit_year as u", (join) => join.onRef("u.tax_code", "=", "w.tax_code").onRef("u.year", "=", "w.year"))
    .where(compileEnterpriseFilter(query.filter))
    .select((eb) => {
      // the labour report the workers rule reads: the second half, else the first
      const labour = eb.fn.coalesce("w.labour_h2_workers", "w.labour_h1_workers");
      const values = [eb.ref("w.stats_workers"), labour, eb.ref("w.si_workers")];
      const present = sql<number>`(${sql.join(
        values.map((v) => sql`(${v} is not null)::integer`),
        sql` + `,
      )})`;
      return [
        "w.tax_code",
        "w.year",
        "u.name",
        "w.workers",
        "w.workers_source",
        "w.stats_workers",
        labour.as("labour_workers"),
        sql<number | null>`case when ${eb.ref("w.labour_h2_workers")} is not null then 2 when ${eb.ref("w.labour_h1_workers")} is not null then 1 end`.as(
          "labour_half",
        ),
        "w.si_workers",
        sql<number>`least(${sql.join(values)})`.as("lowest"),
        sql<number>`greatest(${sql.join(values)})`.as("highest"),
        sql<number>`greatest(${sql.join(values)}) - least(${sql.join(values)})`.as("spread"),
        present.as("agencies"),
      ];
    });
  if (query.year != null) q = q.where("w.year", "=", query.year);
  return q;
}

/** A unit-year whose agencies' workers figures conflict: each agency's, the lowest, the highest and their `spread`. */
export type SourceConflictRow = RowOf<typeof agencyFigures>;

function conflicting(threshold: number) {
  return sql<boolean>`agencies >= 2 and highest > lowest * ${1 + threshold}::double`;
}

/** One page of source conflicts, largest spread first. */
export async function listSourceConflicts(
  db: Db,
  query: SourceConflictsQuery & { first?: number | null; after?: string | null },
): Promise<Page<SourceConflictRow>> {
  const size = pageSize(query.first);
  let q = conflicts(db, query).selectFrom("conflicts as u").where(conflicting(query.threshold)).selectAll("u");
  if (query.after != null) q = q.where(CONFLICTS_ORDER.after(query.after) as never);
  for (const key of CONFLICTS_ORDER.keys) q = q.orderBy(`u.${key.column}`, (ob) => (key.descending ? ob.desc() : ob.asc()).nullsLast());
  const rows = (await q.limit(size + 1).execute()) as SourceConflictRow[];
  return toPage(CONFLICTS_ORDER, rows, size, query.after);
}

export async function countSourceConflicts(db: Db, query: SourceConflictsQuery): Promise<number> {
  const row = await conflicts(db, query)
    .selectFrom("conflicts")
    .where(conflicting(query.threshold))
    .select(sql<number>`count(*)::integer`.as("n"))
    .executeTakeFirstOrThrow();
  return row.n as number;
}
