import type { DuckDBConnection } from "@duckdb/node-api";
import { quoteLiteral } from "../../core/warehouse/sql-text.js";
import type { DatasetContract } from "../sources/index.js";
import { FileRejectedError } from "./ingest-errors.js";
import type { IngestLimits } from "./ingest-settings.js";

/** What a file would take out of effect in one period (or, for datasets replaced by key, over all its keys). */
export interface ReplacementImpact {
  /** The period (`2024-H1`), or `N keys` for datasets replaced by key. */
  readonly label: string;
  readonly newRows: number;
  readonly oldRows: number;
  readonly oldKeys: number;
  readonly missingKeys: number;
}

/** The replacement keys a file holds: a temp table `k` of the keys of its loading rows. */
export interface FileKeys {
  readonly table: string;
  /** The condition on `replace_key` of earlier rows that this file replaces. */
  readonly condition: string;
  /** Period datasets: the file's periods, in order; key datasets: undefined (too many to list). */
  readonly periods?: readonly string[];
}

export async function fileKeys(connection: DuckDBConnection, contract: DatasetContract, judged: string, tag: string): Promise<FileKeys> {
  const table = `new_keys_${tag}`;
  const loading = `from ${judged} where __check is null and __replace_key is not null`;
  if (contract.replacement.by === "period") {
    const periods =
      ((await connection.runAndReadAll(`select list(distinct __replace_key order by __replace_key) ${loading}`)).getRowsJS()[0][0] as string[] | null) ?? [];
    // A few periods as constants: the scan of raw.* then skips row groups by their min/max.
    if (periods.length <= 64) return { table, periods, condition: periods.length ? `replace_key in (${periods.map(quoteLiteral).join(", ")})` : "false" };
    await connection.run(`create temp table ${table} as select unnest(${`[${periods.map(quoteLiteral).join(", ")}]`}::varchar[]) as k`);
    return { table, periods, condition: `replace_key in (select k from ${table})` };
  }
  await connection.run(`create temp table ${table} as select distinct __replace_key as k ${loading}`);
  return { table, condition: `replace_key in (select k from ${table})` };
}

/** Per period (or over all keys), the rows in effect the file would replace and the keys it lacks. */
export async function replacementImpact(connection: DuckDBConnection, contract: DatasetContract, judged: string, keys: FileKeys): Promise<ReplacementImpact[]> {
  const byPeriod = contract.replacement.by === "period";
  const group = (k: string) => (byPeriod ? k : "'keys'");
  const reader = await connection.runAndReadAll(`
    with new_rows as (select __replace_key as k, __row_key as rk from ${judged} where __check is null and __replace_key is not null),
    old_rows as (select replace_key as k, row_key as rk from raw.${contract.id} where ${keys.condition}),
    new_g as (select ${group("k")} as g, count(*) as n, count(distinct k) as nk from new_rows group by all),
    old_g as (select ${group("k")} as g, count(*) as n, count(distinct rk) as keys from old_rows group by all),
    missing as (
      select ${group("o.k")} as g, count(distinct o.rk) as missing from old_rows o
      where o.rk is not null and not exists (select 1 from new_rows n where n.k = o.k and n.rk = o.rk) group by all)
    select o.g, new_g.nk::bigint, new_g.n::bigint, o.n::bigint, o.keys::bigint, coalesce(m.missing, 0)::bigint
    from old_g o join new_g using (g) left join missing m using (g) order by o.g`);
  return reader.getRowsJS().map(([g, nk, n, on, ok, miss]) => ({
    label: byPeriod ? String(g) : `${Number(nk)} re-delivered ${plural(Number(nk), "key")}`,
    newRows: Number(n),
    oldRows: Number(on),
    oldKeys: Number(ok),
    missingKeys: Number(miss),
  }));
}

/** Whether taking `impact` out of effect needs the operator's `--replace`. */
export function needsConfirmation(impact: ReplacementImpact, limits: IngestLimits): boolean {
  return impact.newRows < impact.oldRows * limits.minRowShare || impact.missingKeys > impact.oldKeys * limits.maxMissingKeyShare;
}

/** Refuses the whole file when it would take much of a period out of effect, saying what and how to confirm. */
export function refuseSilentReplacement(path: string, dataset: string, impacts: readonly ReplacementImpact[], limits: IngestLimits): void {
  const risky = impacts.filter((i) => needsConfirmation(i, limits));
  if (!risky.length) return;
  const shown = risky.slice(0, 5).map((i) => describeImpact(dataset, i));
  if (risky.length > shown.length) shown.push(`and ${risky.length - shown.length} more ${plural(risky.length - shown.length, "period")}`);
  throw new FileRejectedError(
    path,
    "WOULD_REPLACE",
    `rejected whole, nothing loaded: it would replace much of what is in effect: ${shown.join("; ")}. ` +
      `A re-delivery must hold at least ${percent(limits.minRowShare)} of the rows it replaces (REPLACE_MIN_ROW_SHARE) and lack at most ${percent(limits.maxMissingKeyShare)} of their keys (REPLACE_MAX_MISSING_KEY_SHARE). ` +
      `If it is meant to replace them, confirm with: npm run etl -- ingest ${path} --replace (the replaced rows are kept as superseded; npm run etl -- restore <batch> brings them back)`,
  );
}

export function describeImpact(dataset: string, i: ReplacementImpact): string {
  const missing = i.oldKeys ? ` (${i.missingKeys} of its ${i.oldKeys} ${plural(i.oldKeys, "key")} missing)` : "";
  return `${dataset} ${i.label}: this file has ${i.newRows} ${plural(i.newRows, "row")} and would replace ${i.oldRows} ${plural(i.oldRows, "row")}${missing}`;
}

/** Moves the rows in effect that the file replaces to `superseded.<dataset>`, marked with the batch; returns how many. */
export async function supersedeRows(connection: DuckDBConnection, dataset: string, condition: string, supersededBy: number, at: Date): Promise<number> {
  await connection.run(
    `insert into superseded.${dataset} by name
     select r.*, ${supersededBy}::bigint as superseded_by, ${timestampLiteral(at)} as superseded_at from raw.${dataset} r where ${condition}`,
  );
  const removed = await connection.run(`delete from raw.${dataset} where ${condition}`);
  return removed.rowsChanged;
}

export const timestampLiteral = (at: Date) => `timestamp ${quoteLiteral(at.toISOString().replace("T", " ").replace("Z", ""))}`;
export const plural = (n: number, word: string) => (n === 1 ? word : `${word}s`);
const percent = (share: number) => `${Math.round(share * 1000) / 10} %`;
