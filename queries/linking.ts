/**
 * Entity resolution for the API (README "Linking"): the analysts' review queue and its
 * size, and checking and recording an analyst's decision (link rates are in quality.ts).
 * Plain Kysely functions taking `db` first.
 */
import { type Selectable, sql } from "kysely";
import type { Database, Db, RowOf } from "./database.js";
import { parseTaxCode } from "./tax-code.js";
import { badUserInput, notFound } from "./user-errors.js";

/** A candidate of the review queue, with both sides' evidence. */
export type ReviewQueueRow = Selectable<Database["mart_link_review_queue"]>;

/** An analyst's decision, as link.decisions stores it. */
export type LinkDecisionRow = Selectable<Database["link.decisions"]>;

/**
 * The review queue: the records the linker could not decide (the linker's status
 * REVIEW), a page of `limit` records with every candidate of each, best first; records
 * ordered by their best candidate's probability (the likeliest first), then by dataset
 * and source key.
 */
export function reviewQueue(db: Db, query: { dataset?: string | null; sourceKey?: string | null; limit: number; offset?: number }): Promise<ReviewQueueRow[]> {
  if (!Number.isInteger(query.limit) || query.limit < 0 || query.limit > 1000) {
    throw badUserInput(`limit must be a whole number from 0 to 1000, got ${query.limit}`, { argument: "limit" });
  }
  const offset = query.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0) throw badUserInput(`offset must be a whole number ≥ 0, got ${offset}`, { argument: "offset" });
  return db
    .with("records", (qb) => {
      let records = qb
        .selectFrom("mart_link_review_queue as q")
        .groupBy(["q.dataset", "q.source_key"])
        .select(["q.dataset", "q.source_key", (eb) => eb.fn.max("q.match_probability").as("best")]);
      if (query.dataset != null) records = records.where("q.dataset", "=", query.dataset);
      if (query.sourceKey != null) records = records.where("q.source_key", "=", query.sourceKey);
      return records.orderBy("best", "desc").orderBy("q.dataset").orderBy("q.source_key").limit(query.limit).offset(offset);
    })
    .selectFrom("mart_link_review_queue as q")
    .innerJoin("records as r", (join) => join.onRef("r.dataset", "=", "q.dataset").onRef("r.source_key", "=", "q.source_key"))
    .selectAll("q")
    .orderBy("r.best", "desc")
    .orderBy("q.dataset")
    .orderBy("q.source_key")
    .orderBy("q.candidate_rank")
    .execute();
}

function reviewQueueSizeQuery(db: Db, sourceKey: string | null | undefined) {
  let q = db.selectFrom("mart_link_review_queue as q");
  if (sourceKey != null) q = q.where("q.source_key", "=", sourceKey);
  return q
    .groupBy("q.dataset")
    .select((eb) => ["q.dataset", sql<number>`count(distinct q.source_key)::integer`.as("records"), eb.cast<number>(eb.fn.countAll(), "integer").as("pairs")])
    .orderBy("q.dataset");
}

/** Per dataset: the records waiting for a decision, and the candidate pairs listed for them. */
export type ReviewQueueSizeRow = RowOf<typeof reviewQueueSizeQuery>;

/** The size of the review queue per dataset (of one source key's records when given). */
export function reviewQueueSize(db: Db, query: { sourceKey?: string | null } = {}): Promise<ReviewQueueSizeRow[]> {
  return reviewQueueSizeQuery(db, query.sourceKey).execute();
}

export interface DecisionInput {
  readonly dataset: string;
  readonly sourceKey: string;
  /** The unit, as a tax code (spaces, dots and dashes tolerated). */
  readonly taxCode: string;
  readonly decision: "ACCEPT" | "REJECT";
  readonly decidedBy: string;
  readonly note?: string | null;
  /** Default: now. */
  readonly decidedAt?: Date;
}

/**
 * Checks an analyst's decision on a (source, unit) pair against the warehouse and gives
 * the row to record: the source key must name rows of the dataset, the unit must exist.
 * Recorded (in link.decisions, or the decisions file the next build imports), it takes
 * effect on the next build and every build after it, until a later decision on the
 * same pair: an ACCEPT links the source to the unit (ANALYST_ACCEPTED, confidence 1), a
 * REJECT removes the pair from the candidates and any link to that unit.
 */
export async function checkDecision(db: Db, input: DecisionInput): Promise<LinkDecisionRow> {
  if (input.decision !== "ACCEPT" && input.decision !== "REJECT") {
    throw badUserInput(`decision must be ACCEPT or REJECT, got "${input.decision}"`, { argument: "decision" });
  }
  const decidedBy = input.decidedBy.trim();
  if (!decidedBy) throw badUserInput("decidedBy must name who decided", { argument: "decidedBy" });
  const sourceKey = input.sourceKey.trim();
  const taxCode = parseTaxCode(input.taxCode);
  const source = await db
    .selectFrom("dim_source_key as k")
    .select("k.source_key")
    .where("k.dataset", "=", input.dataset)
    .where("k.source_key", "=", sourceKey)
    .limit(1)
    .executeTakeFirst();
  if (!source) throw notFound(`no ${input.dataset} rows have the source key "${sourceKey}"`, { argument: "sourceKey" });
  const unit = await db.selectFrom("dim_employer_unit as u").select("u.tax_code").where("u.tax_code", "=", taxCode).executeTakeFirst();
  if (!unit) throw notFound(`no employer unit has the tax code ${taxCode}`, { argument: "taxCode" });
  return {
    dataset: input.dataset,
    source_key: sourceKey,
    tax_code: taxCode,
    decision: input.decision,
    decided_by: decidedBy,
    decided_at: input.decidedAt ?? new Date(),
    note: input.note ?? null,
  };
}

/** Checks a decision (checkDecision) and records it in the warehouse's link.decisions (a writable warehouse: the ETL's, or a test's). */
export async function recordDecision(db: Db, input: DecisionInput): Promise<LinkDecisionRow> {
  const row = await checkDecision(db, input);
  // a timestamp as UTC text: the dialect binds a JS Date as a date without its time
  const at = row.decided_at.toISOString().replace("T", " ").replace("Z", "");
  await db
    .insertInto("link.decisions")
    .values({ ...row, decided_at: sql<Date>`cast(${at} as timestamp)` })
    .execute();
  return row;
}

/** The decisions recorded on a source, newest first. */
export function decisionsOf(db: Db, dataset: string, sourceKey: string): Promise<LinkDecisionRow[]> {
  return db
    .selectFrom("link.decisions as d")
    .selectAll("d")
    .where("d.dataset", "=", dataset)
    .where("d.source_key", "=", sourceKey.trim())
    .orderBy("d.decided_at", "desc")
    .execute();
}
