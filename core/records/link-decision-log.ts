/**
 * Analysts' link decisions, kept outside the warehouse: one JSON object per line in
 * `link-decisions.jsonl` beside it (`data/link-decisions.jsonl`; `LINK_DECISIONS`).
 *
 * Why a file and not a table the API writes: the API serves read-only, published
 * warehouse versions, and the ETL may hold the working warehouse open for writing at the
 * same moment (DuckDB allows one writer per file). A decision appended here is read by
 * the next build into `link.decisions` (importLinkDecisions), inside the build's
 * transaction, and from there wins over the linker on that build and every later one.
 * Lines are appended with O_APPEND in one write each and never rewritten.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { fileMode } from "../warehouse/file-mode.js";
import { quoteLiteral } from "../warehouse/sql-text.js";

export const LINK_DECISIONS_FILE = "link-decisions.jsonl";

/** The decisions file of a warehouse: `LINK_DECISIONS`, else `link-decisions.jsonl` beside the warehouse file. */
export function linkDecisionsPathFor(warehousePath: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.LINK_DECISIONS?.trim() || join(dirname(warehousePath), LINK_DECISIONS_FILE);
}

export type LinkDecisionKind = "ACCEPT" | "REJECT";

/** One decision, as stored: the columns of `link.decisions`, the time as ISO 8601 UTC. */
export interface LinkDecisionEntry {
  readonly dataset: string;
  readonly source_key: string;
  readonly tax_code: string;
  readonly decision: LinkDecisionKind;
  readonly decided_by: string;
  readonly decided_at: string;
  readonly note: string | null;
}

export class LinkDecisionLog {
  constructor(readonly path: string) {}

  append(entry: LinkDecisionEntry): void {
    mkdirSync(dirname(this.path), { recursive: true });
    appendFileSync(this.path, `${JSON.stringify(entry)}\n`, { mode: fileMode(), flag: "a" });
  }

  /** Every decision, oldest first (a missing file is empty; a line cut by a crash is skipped). */
  entries(): LinkDecisionEntry[] {
    if (!existsSync(this.path)) return [];
    const entries: LinkDecisionEntry[] = [];
    for (const line of readFileSync(this.path, "utf8").split("\n")) {
      if (!line.trim()) continue;
      try {
        entries.push(JSON.parse(line) as LinkDecisionEntry);
      } catch {
        // a line cut by a crash: skipped, as the build's reader skips it
      }
    }
    return entries;
  }
}

/**
 * Copies the file's decisions that `link.decisions` does not hold yet into it (the same
 * dataset, source key, tax code, decision and time is the same decision). The build runs
 * it into a copy of link.decisions (`table`) that its models read, and copies the new
 * rows into link.decisions when it swaps its tables in. Returns how many were added.
 */
export async function importLinkDecisions(connection: DuckDBConnection, path: string, table = "link.decisions"): Promise<number> {
  if (!existsSync(path)) return 0;
  const file = `read_json(${quoteLiteral(path)}, format = 'newline_delimited', ignore_errors = true, columns = {
      dataset: 'VARCHAR', source_key: 'VARCHAR', tax_code: 'VARCHAR', decision: 'VARCHAR',
      decided_by: 'VARCHAR', decided_at: 'VARCHAR', note: 'VARCHAR'})`;
  const result = await connection.run(`
    insert into ${table} (dataset, source_key, tax_code, decision, decided_by, decided_at, note)
    with file as (
      select dataset, source_key, tax_code, decision, decided_by,
             try_cast(replace(replace(decided_at, 'T', ' '), 'Z', '') as timestamp) as decided_at, note
      from ${file}
    ),
    final as (
      select distinct f.*
      from file f
      where f.dataset is not null and f.source_key is not null and f.tax_code is not null
        and f.decision is not null and f.decided_by is not null and f.decided_at is not null
        and not exists (
          select 1 from ${table} d
          where d.dataset = f.dataset and d.source_key = f.source_key and d.tax_code = f.tax_code
            and d.decision = f.decision and d.decided_at = f.decided_at
        )
    )
    select * from final`);
  return Number(result.rowsChanged);
}
