import type { DuckDBConnection } from "@duckdb/node-api";
import { quoteIdent, quoteLiteral } from "../../core/warehouse/sql-text.js";
import { mapHeaders } from "../ingest/header-mapping.js";
import { rawType, rawValueFromText } from "../ingest/raw-types.js";
import { DATASETS } from "../sources/index.js";

export interface RetryResult {
  /** Quarantined rows whose union is now known, inserted into raw.union_membership and released. */
  readonly released: number;
  /** Rows whose union is now known but whose (union, year) a later batch already delivered: left quarantined. */
  readonly superseded: number;
  /** Earlier raw rows of the same (union, year) replaced by a released, later row. */
  readonly replaced: number;
  /** UNKNOWN_UNION rows still waiting for their union. */
  readonly pending: number;
}

const contract = DATASETS.union_membership;

/** The tables the retry reads and changes: by default the real ones; the build first runs it on copies (etl/build/shadow-tables.ts). */
export interface RetryTables {
  /** Default `raw.union_membership`. */
  readonly membership?: string;
  /** Default `quarantine.rejected_rows`. */
  readonly quarantine?: string;
}
const CANDIDATES = "temp.main.__build_retry_candidates";
const ROWS = "temp.main.__build_retry_rows";
const JUDGED = "temp.main.__build_retry_judged";

/** JSON Pointer to one key of the original row (RFC 6901 escaping). */
const pointer = (key: string) => quoteLiteral(`/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`);

/** The (union, year) key of a membership row, as the contract's re-delivery rule names it. */
const keySql = (alias: string) => `trim(${alias}.ma_cdcs) || '|' || coalesce(util.parse_year(${alias}.nam)::varchar, '')`;

async function count(connection: DuckDBConnection, sql: string): Promise<number> {
  const reader = await connection.runAndReadAll(sql);
  return Number(reader.getRows()[0][0]);
}

/**
 * Re-tries the membership rows quarantined as UNKNOWN_UNION: a row whose `ma_cdcs` now
 * names a union of raw.union_grassroots_unions is inserted into raw.union_membership
 * (its `original` JSON mapped back to the contract's columns by the ingest's own header
 * folding and aliases; unknown headers go to `extra`) and marked `released_at = now()`.
 * Like a re-delivery, a released row replaces earlier raw rows of the same union and
 * year; when a later batch already delivered that union and year the row stays
 * quarantined (superseded). Runs inside the caller's transaction.
 */
export async function retryUnknownUnions(connection: DuckDBConnection, tables: RetryTables = {}): Promise<RetryResult> {
  const membership = tables.membership ?? "raw.union_membership";
  const quarantine = tables.quarantine ?? "quarantine.rejected_rows";
  const names = contract.columns.map((c) => c.name);
  await connection.run(
    `create or replace temp table __build_retry_candidates as
     select batch_id, line_no, original, json_keys(original) as keys
     from ${quarantine}
     where dataset = 'union_membership' and reason_code = 'UNKNOWN_UNION' and released_at is null and original is not null`,
  );
  try {
    await connection.run(
      `create or replace temp table __build_retry_rows as
       select null::bigint as batch_id, null::bigint as line_no, ${contract.columns.map((c) => `null::${rawType(c)} as ${quoteIdent(c.name)}`).join(", ")},
              null::json as extra
       limit 0`,
    );
    const keySets = await connection.runAndReadAll(`select distinct keys from ${CANDIDATES}`);
    for (const [keysValue] of keySets.getRowsJS() as [string[]][]) {
      const headers = keysValue.map(String).filter((k) => k !== "__line_no");
      let mapping: ReturnType<typeof mapHeaders>;
      try {
        mapping = mapHeaders("quarantine", contract, headers);
      } catch {
        continue; // the contract's required columns cannot be found: leave these rows quarantined
      }
      // Typed as ingest types raw rows: each value by the careful parser of its kind (1.200 members are 1200).
      const text = (n: string) => {
        const header = mapping.columns.get(n);
        return header === undefined ? "null::varchar" : `json_extract_string(original, ${pointer(header)})`;
      };
      const columns = contract.columns.map((c) => rawValueFromText(c, text));
      const extra = mapping.unknown.length
        ? `to_json({${mapping.unknown.map((h) => `${quoteLiteral(h)}: json_extract_string(original, ${pointer(h)})`).join(", ")}})`
        : "null::json";
      await connection.run(
        `insert into ${ROWS} select batch_id, line_no, ${columns.join(", ")}, ${extra}
         from ${CANDIDATES} where keys = [${keysValue.map((k) => quoteLiteral(String(k))).join(", ")}]::varchar[]`,
      );
    }
    await connection.run(
      `create or replace temp table __build_retry_judged as
       with keyed as (
         select r.*, ${keySql("r")} as k,
                trim(r.ma_cdcs) in (select trim(ma_cdcs) from raw.union_grassroots_unions where ma_cdcs is not null) as union_known
         from ${ROWS} r
       ),
       judged as (
         select keyed.*,
                union_known and (
                  batch_id < max(batch_id) filter (where union_known) over (partition by k)
                  or exists (select 1 from ${membership} m where ${keySql("m")} = keyed.k and m.batch_id > keyed.batch_id)
                ) as superseded
         from keyed
       )
       select *, union_known and not superseded as release from judged`,
    );
    const replacedRows = `select m.rowid from ${membership} m join ${JUDGED} j on j.release and ${keySql("m")} = j.k and m.batch_id < j.batch_id`;
    if (membership === "raw.union_membership") {
      // Nothing is lost: the rows a released return replaces are kept as superseded by its batch, as a re-delivery's are.
      await connection.run(
        `insert into superseded.union_membership by name
         select m.*, (select max(j.batch_id) from ${JUDGED} j where j.release and ${keySql("m")} = j.k and m.batch_id < j.batch_id) as superseded_by,
                now()::timestamp as superseded_at
         from ${membership} m where m.rowid in (${replacedRows})`,
      );
    }
    const replaced = (await connection.run(`delete from ${membership} where rowid in (${replacedRows})`)).rowsChanged;
    const quoted = names.map(quoteIdent).join(", ");
    const released = (
      await connection.run(
        `insert into ${membership} (batch_id, line_no, ${quoted}, extra)
         select batch_id, line_no, ${quoted}, extra from ${JUDGED} where release order by batch_id, line_no`,
      )
    ).rowsChanged;
    await connection.run(
      `update ${quarantine} q set released_at = now()
       from ${JUDGED} j
       where j.release and q.dataset = 'union_membership' and q.reason_code = 'UNKNOWN_UNION' and q.released_at is null
         and q.batch_id = j.batch_id and q.line_no = j.line_no`,
    );
    const superseded = await count(connection, `select count(*) from ${JUDGED} where superseded`);
    const pending = await count(
      connection,
      `select count(*) from ${quarantine} where dataset = 'union_membership' and reason_code = 'UNKNOWN_UNION' and released_at is null`,
    );
    return { released: Number(released), superseded, replaced: Number(replaced), pending: pending - superseded };
  } finally {
    for (const table of [CANDIDATES, ROWS, JUDGED]) {
      // after a failed statement the transaction is aborted and the caller rolls back: nothing to drop then
      await connection.run(`drop table if exists ${table}`).catch(() => undefined);
    }
  }
}
