/**
 * How well the warehouse links source rows to employer units, measured against the
 * sample generator's ground truth (`<sample>/_truth/rows.csv`: for every record of every
 * file, the unit it belongs to and its kind of dirt).
 *
 * Every loaded row is one true pair (row, its unit). Per group of rows:
 *   - precision  = rows linked to their true unit ÷ rows linked to any unit;
 *   - recall     = rows linked to their true unit ÷ rows (a true pair that blocking never
 *                  produced counts as a miss, as does one left in the review queue);
 *   - F1         = their harmonic mean;
 *   - blocking recall = rows whose true unit was among the pairs the linker compared
 *                  (the exact link, or a candidate of int_link_candidates) ÷ rows.
 * Membership returns are judged through their union (they link through it). Rows are
 * grouped per dataset — the union registry, its membership returns and social insurance
 * split into rows with a valid tax code and rows without a usable one — per dataset
 * and kind of dirt (`clean` for rows without dirt), and, for the rows whose employer name
 * the linker must read (`<sample>/_truth/names.csv`: the union registry's rows without a
 * usable tax code), per way the name is written (`as_registered`, `trade_abbreviations`,
 * `english`, `branch_order`…).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { quoteLiteral } from "../../core/warehouse/sql-text.js";

export interface LinkMetrics {
  readonly dataset: string;
  /** `valid tax code`, `no usable tax code`, `all`, the kind of dirt (`clean` for none), or the way the name is written. */
  readonly group: string;
  readonly rows: number;
  /** Rows linked to some unit. */
  readonly linked: number;
  /** Rows linked to their true unit. */
  readonly correct: number;
  /** Rows whose true unit was among the compared pairs. */
  readonly blocked: number;
  /** Rows not linked whose record waits in the review queue. */
  readonly inReview: number;
  /** NULL (no link made) reads as 1: no link is wrong. */
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly blockingRecall: number;
}

export interface LinkerSummary {
  readonly units: number;
  readonly records: number;
  readonly candidates: number;
  readonly linked: number;
  readonly review: number;
  readonly noMatch: number;
  readonly reviewQueueRows: number;
  readonly autoLinkProbability: number;
  readonly reviewProbability: number;
  readonly minWeightMargin: number;
  /** The name dictionary the linker read names through (ref.name_abbreviations), when the warehouse has it. */
  readonly nameDictionary: { readonly version: number; readonly addedOn: string; readonly entries: number } | null;
}

export interface MethodCount {
  readonly dataset: string;
  readonly method: string;
  readonly rows: number;
  readonly meanConfidence: number;
}

export interface LinkReport {
  /** Rows of the truth that are in the warehouse (rows the ETL rejected are not judged). */
  readonly rowsJudged: number;
  /** Loaded rows the truth does not know (0 on a warehouse built from the sample alone). */
  readonly rowsWithoutTruth: number;
  readonly overall: LinkMetrics;
  readonly byDataset: readonly LinkMetrics[];
  readonly byDirt: readonly LinkMetrics[];
  /** Per way the employer name is written, for the rows of `_truth/names.csv` (empty for a truth without it). */
  readonly byNameKind: readonly LinkMetrics[];
  readonly summary: LinkerSummary;
  readonly methods: readonly MethodCount[];
}

/** The judged rows: one per loaded row, with its true unit, its link and its groups. */
function judgedRowsSql(rowsCsv: string, namesCsv: string | null): string {
  const names = namesCsv
    ? `select file, line_no::bigint as line_no, name_kind from read_csv(${quoteLiteral(namesCsv)}, header = true, all_varchar = true, quote = '"', escape = '"')`
    : "select null::varchar as file, null::bigint as line_no, null::varchar as name_kind where false";
  return `
    with truth as (
      select file, line_no::bigint as line_no, true_tax_code, coalesce(nullif(dirt, ''), 'clean') as dirt
      from read_csv(${quoteLiteral(rowsCsv)}, header = true, all_varchar = true)
    ),
    names as (${names}),
    links as (
      select l.dataset, l.batch_id, l.line_no, l.source_key, l.tax_code, l.method, b.file_name
      from main.int_unit_links l
      join lineage.batches b using (batch_id)
    ),
    union_usable as (
      select union_code, bool_or(tax_code is not null) as usable
      from main.stg_union__grassroots_unions group by union_code
    ),
    usable as (
      select 'union_grassroots_unions' as dataset, batch_id, line_no, tax_code is not null as usable from main.stg_union__grassroots_unions
      union all
      select 'si_contributions', batch_id, line_no, tax_code is not null from main.stg_si__contributions
      union all
      select 'union_membership', m.batch_id, m.line_no, coalesce(u.usable, false)
      from main.stg_union__membership m left join union_usable u using (union_code)
    ),
    records as (
      -- the record of the fuzzy linker a row belongs to (membership: its union's)
      select r.*, case when r.dataset = 'union_membership' then 'union_grassroots_unions' else r.dataset end as record_dataset
      from links r
    )
    select
      r.dataset,
      case when u.usable is null then 'all' when u.usable then 'valid tax code' else 'no usable tax code' end as tax_group,
      t.dirt,
      n.name_kind,
      t.true_tax_code,
      r.tax_code,
      r.method,
      t.file is not null as has_truth,
      r.tax_code is not null as linked,
      r.tax_code is not distinct from t.true_tax_code as correct,
      r.tax_code is not distinct from t.true_tax_code
        or exists (select 1 from main.int_link_candidates c
                   where c.dataset = r.record_dataset and c.source_key = r.source_key and c.tax_code = t.true_tax_code) as blocked,
      r.tax_code is null
        and exists (select 1 from main.int_link_matches m
                    where m.dataset = r.record_dataset and m.source_key = r.source_key and m.status = 'REVIEW') as in_review
    from records r
    left join truth t on t.file = r.file_name and t.line_no = r.line_no
    left join names n on n.file = r.file_name and n.line_no = r.line_no
    left join usable u on u.dataset = r.dataset and u.batch_id = r.batch_id and u.line_no = r.line_no`;
}

const METRICS = `
  count(*)::bigint as rows,
  count(*) filter (where linked)::bigint as linked,
  count(*) filter (where correct)::bigint as correct,
  count(*) filter (where blocked)::bigint as blocked,
  count(*) filter (where in_review)::bigint as in_review`;

function metrics(dataset: string, group: string, rows: number, linked: number, correct: number, blocked: number, inReview: number): LinkMetrics {
  const precision = linked ? correct / linked : 1;
  const recall = rows ? correct / rows : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { dataset, group, rows, linked, correct, blocked, inReview, precision, recall, f1, blockingRecall: rows ? blocked / rows : 1 };
}

async function all(connection: DuckDBConnection, sql: string): Promise<unknown[][]> {
  return (await connection.runAndReadAll(sql)).getRowsJS();
}

const num = (v: unknown) => Number(v ?? 0);

/**
 * Measures the links of the built warehouse against `<truthDir>/rows.csv`. Reads only;
 * the warehouse must have been built (`npm run etl -- build`).
 */
export async function linkReport(connection: DuckDBConnection, truthDir: string): Promise<LinkReport> {
  const rowsCsv = join(truthDir, "rows.csv");
  if (!existsSync(rowsCsv)) throw new Error(`no ground truth at ${rowsCsv} (pass the sample's _truth folder)`);
  const namesCsv = join(truthDir, "names.csv");
  await connection.run(`create or replace temp table link_report_rows as ${judgedRowsSql(rowsCsv, existsSync(namesCsv) ? namesCsv : null)}`);
  try {
    const [[judged, withoutTruth]] = await all(
      connection,
      "select count(*) filter (where has_truth), count(*) filter (where not has_truth) from link_report_rows",
    );
    const [overallRow] = await all(connection, `select ${METRICS} from link_report_rows where has_truth`);
    const byDataset = await all(
      connection,
      `select dataset, tax_group, ${METRICS} from link_report_rows where has_truth group by all order by dataset, tax_group desc`,
    );
    const byDirt = await all(
      connection,
      `select dataset, dirt, ${METRICS} from link_report_rows where has_truth group by dataset, dirt order by dataset, dirt = 'clean' desc, dirt`,
    );
    const byNameKind = await all(
      connection,
      `select dataset, name_kind, ${METRICS} from link_report_rows where has_truth and name_kind is not null
       group by dataset, name_kind order by dataset, name_kind = 'as_registered' desc, name_kind`,
    );
    const [dictionary] = await all(
      connection,
      "select count(*) from duckdb_tables() where database_name = current_database() and schema_name = 'ref' and table_name = 'name_abbreviations'",
    );
    const [nameDictionary] = num(dictionary[0])
      ? await all(connection, "select max(version), max(added_on)::varchar, count(*) from ref.name_abbreviations")
      : [null];
    const toMetrics = (r: unknown[]) => metrics(String(r[0]), String(r[1]), num(r[2]), num(r[3]), num(r[4]), num(r[5]), num(r[6]));
    const [s] = await all(
      connection,
      `select
         (select count(*) from main.int_link_units),
         (select count(*) from main.int_link_records),
         (select count(*) from main.int_link_candidates),
         (select count(*) from main.int_link_matches where status = 'LINKED'),
         (select count(*) from main.int_link_matches where status = 'REVIEW'),
         (select count(*) from main.int_link_matches where status = 'NO_MATCH'),
         (select count(*) from main.int_link_review_queue),
         lnk.auto_link_probability(), lnk.review_probability(), lnk.min_weight_margin()`,
    );
    const methods = await all(
      connection,
      `select dataset, method, count(*)::bigint, avg(confidence) from main.int_unit_links group by all order by dataset, method`,
    );
    return {
      rowsJudged: num(judged),
      rowsWithoutTruth: num(withoutTruth),
      overall: metrics("all", "all", num(overallRow[0]), num(overallRow[1]), num(overallRow[2]), num(overallRow[3]), num(overallRow[4])),
      byDataset: byDataset.map(toMetrics),
      byDirt: byDirt.map(toMetrics),
      byNameKind: byNameKind.map(toMetrics),
      summary: {
        units: num(s[0]),
        records: num(s[1]),
        candidates: num(s[2]),
        linked: num(s[3]),
        review: num(s[4]),
        noMatch: num(s[5]),
        reviewQueueRows: num(s[6]),
        autoLinkProbability: num(s[7]),
        reviewProbability: num(s[8]),
        minWeightMargin: num(s[9]),
        nameDictionary: nameDictionary ? { version: num(nameDictionary[0]), addedOn: String(nameDictionary[1]), entries: num(nameDictionary[2]) } : null,
      },
      methods: methods.map((r) => ({ dataset: String(r[0]), method: String(r[1]), rows: num(r[2]), meanConfidence: num(r[3]) })),
    };
  } finally {
    await connection.run("drop table if exists link_report_rows");
  }
}
