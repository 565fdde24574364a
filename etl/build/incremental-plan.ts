/**
 * Incremental builds: what changed since the last build, and which rows of which models it
 * reaches (README "Incremental builds").
 *
 * - Raw tables and lineage.batches are compared batch by batch (rows and a digest of their
 *   line numbers, or of the lineage row) with what the last build read, and their columns
 *   (names and types: a table retyped in place changes whole); the reference
 *   tables, link.decisions and the macros' seeds as a whole (rows and the sum of the rows'
 *   hashes). The last build's figures live in `lineage.build_batches`,
 *   `lineage.build_inputs` and `lineage.build_models` (each model's SQL hash), written in
 *   the build's closing transaction, so a build that dies changes none of them.
 * - A model none of whose inputs changed is skipped. A model whose inputs changed only
 *   along the keys it declares (etl/build/model-keys.ts) is rebuilt only for the keys the
 *   changed rows carry (old and new versions of them): its other rows are copied from the
 *   table in use, the rebuilt ones computed by its own SQL reading only the listed inputs'
 *   rows of those keys. Any other change rebuilds it whole.
 * - After a model is rebuilt, its new rows are compared with the old ones (EXCEPT ALL both
 *   ways, on the rebuilt rows only): no difference, and the new table is dropped and the
 *   models after it see no change; a difference is what reaches them.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import { quoteLiteral } from "../../core/warehouse/sql-text.js";
import { DATASET_IDS } from "../sources/index.js";
import { MODEL_KEYS, type ModelKeys } from "./model-keys.js";
import type { ModelEntry } from "./model-manifest.js";
import { replaceTables, shadowName, tablesNamed, withoutComments } from "./shadow-tables.js";

/** Changes when the way the build decides changes (or the util macros do): the next build is then full. */
const ENGINE_VERSION = "incremental-2";
/** A model whose changed rows are more than this share of its rows is rebuilt whole. */
const MAX_PARTIAL_SHARE = 0.3;
/** Keys written into the SQL as literals up to this many (so DuckDB prunes row groups by them); beyond, a semi-join with a temp table (a long IN list is compared value by value). */
const MAX_LITERAL_KEYS = 64;

/** Inputs compared batch by batch. */
const BATCH_INPUTS = [...DATASET_IDS.map((id) => `raw.${id}`), "lineage.batches"];
const batchDigestSql = (relation: string, read: string) =>
  relation === "lineage.batches"
    ? `select '${relation}' as relation, batch_id, 1::bigint as rows, hash(b)::hugeint as digest from ${read} b`
    : `select '${relation}' as relation, batch_id, count(*)::bigint as rows, sum(hash(line_no))::hugeint as digest from ${read} group by batch_id`;

export type Change =
  | { readonly kind: "entire"; readonly why: string }
  | { readonly kind: "batches"; readonly ids: readonly number[] }
  | { readonly kind: "rows"; readonly region: string | null };

/** What the build did with a model, and why. */
export interface ModelDecision {
  /** `built`: whole; `partial`: only the rows of some keys; `unchanged`: rebuilt with the same result (the table in use kept); `skipped`: no input changed. */
  readonly action: "built" | "partial" | "unchanged" | "skipped";
  readonly reason: string;
  /** For `partial` (and an `unchanged` partial): per key dimension, how many keys were rebuilt and a few of them. */
  readonly keys?: Readonly<Record<string, { readonly count: number; readonly values: readonly string[] }>>;
  /** Rows recomputed (partial: the region's rows; built: all). */
  readonly rowsRebuilt?: number;
}

/** The rows of a model a partial build recomputes: the union of one part per key dimension. */
export interface Region {
  /** The region's rows, as a condition on the model's columns (the parts' conditions or-ed). */
  sql: string;
  readonly keys: Record<string, { count: number; values: string[] }>;
  readonly parts: {
    /** Condition on the model's columns: its key is one of the part's keys. */
    readonly condition: string;
    /** Filters per input listed in the part's dimension (qualified name → its rows of the part's keys). */
    readonly inputFilters: ReadonlyMap<string, string>;
  }[];
}

/** The column of a delta table saying whether the row is new (+) or old (-). */
const DELTA_SIDE = "__side";
const deltaTable = (qualified: string) => `__build_delta_${qualified.split(".")[1]}`;

const sha = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 32);

/** The SQL of a model file without its `create or replace table main.<name> as`, ready to be wrapped. */
export function modelQuery(sql: string, name: string): string {
  const head = new RegExp(`create\\s+or\\s+replace\\s+table\\s+main\\.${name}\\s+as`, "i");
  const at = sql.search(head);
  if (at < 0) throw new Error(`etl/models: ${name} does not start with "create or replace table main.${name} as"`);
  return sql.slice(at).replace(head, "").replace(/;\s*$/, "");
}

/** Schemas whose macros a macro file defines (`create or replace macro mdl.x`). */
function macroSchemas(sql: string): string[] {
  return [...new Set([...withoutComments(sql).matchAll(/create\s+or\s+replace\s+macro\s+(\w+)\./gi)].map((m) => m[1].toLowerCase()))];
}

async function rows(connection: DuckDBConnection, sql: string): Promise<unknown[][]> {
  return (await connection.runAndReadAll(sql)).getRowsJS();
}
async function scalar(connection: DuckDBConnection, sql: string): Promise<number> {
  return Number((await rows(connection, sql))[0][0]);
}
async function tableExists(connection: DuckDBConnection, qualified: string): Promise<boolean> {
  const [schema, name] = qualified.split(".");
  return (
    (await scalar(
      connection,
      `select count(*) from duckdb_tables() where database_name = current_database() and schema_name = ${quoteLiteral(schema)} and table_name = ${quoteLiteral(name)}`,
    )) > 0
  );
}

/**
 * One build's view of what changed. `full`: every model is built whole (the state is
 * still recorded for the next build).
 */
export class IncrementalPlan {
  private readonly changes = new Map<string, Change>();
  private readonly digests = new Map<string, string>();
  private readonly macroInputs = new Map<string, string>();
  /** Hashes of the data tests the last build passed. */
  private readonly previousTests = new Set<string>();
  private temp = 0;

  private constructor(
    private readonly connection: DuckDBConnection,
    readonly full: boolean,
    readonly fullReason: string | undefined,
    private readonly previousModels: ReadonlyMap<string, string>,
    private readonly previousInputs: ReadonlyMap<string, string>,
    private readonly engine: string,
  ) {}

  /**
   * Reads the last build's state and measures the inputs now. `read(relation)` names the
   * relation the models will read for an input (a copy when the build changes it first).
   */
  static async start(
    connection: DuckDBConnection,
    options: {
      readonly full: boolean;
      readonly read: (relation: string) => string;
      readonly manifest: readonly ModelEntry[];
      readonly sqlOf: (entry: ModelEntry) => string;
    },
  ): Promise<IncrementalPlan> {
    const engine = `${ENGINE_VERSION}:${sha(readFileSync(new URL("../warehouse/sql/macros.sql", import.meta.url), "utf8") + JSON.stringify(MODEL_KEYS))}`;
    const previousModels = new Map<string, string>();
    const previousInputs = new Map<string, string>();
    let fullReason: string | undefined = options.full ? "--full" : undefined;
    const hasState = (await tableExists(connection, "lineage.build_models")) && (await tableExists(connection, "lineage.build_batches"));
    if (hasState) {
      for (const [model, hash] of await rows(connection, "select model, sql_hash from lineage.build_models")) previousModels.set(String(model), String(hash));
      for (const [relation, digest] of await rows(connection, "select relation, digest from lineage.build_inputs"))
        previousInputs.set(String(relation), String(digest));
    }
    if (!fullReason && !hasState) fullReason = "no earlier build recorded what it read";
    else if (!fullReason && previousModels.get("__engine__") !== engine) fullReason = "the build's rules or the util macros changed since the last build";
    const plan = new IncrementalPlan(connection, fullReason !== undefined, fullReason, previousModels, previousInputs, engine);
    for (const model of previousModels.keys()) if (model.startsWith("test:")) plan.previousTests.add(model.slice(5));

    await connection.run(
      `create or replace temp table __build_batches_now as ${BATCH_INPUTS.map((r) => batchDigestSql(r, options.read(r))).join(" union all ")}`,
    );
    // the columns of the tables compared batch by batch: a migration that retypes a raw table
    // in place changes no batch's rows or line numbers, so it is a change of the whole table
    const columns = await rows(
      connection,
      `select schema_name || '.' || table_name, string_agg(column_name || ' ' || data_type, ', ' order by column_index)
       from duckdb_columns() where database_name = current_database() and schema_name || '.' || table_name in (${BATCH_INPUTS.map(quoteLiteral).join(", ")})
       group by 1`,
    );
    for (const [relation, digest] of columns) {
      const key = `columns:${relation}`;
      plan.digests.set(key, sha(String(digest)));
      if (!plan.full && previousInputs.get(key) !== plan.digests.get(key)) {
        plan.changes.set(String(relation), { kind: "entire", why: `the columns of ${relation} changed` });
      }
    }
    if (!plan.full) {
      const changed = await rows(
        connection,
        `select coalesce(n.relation, o.relation), list(coalesce(n.batch_id, o.batch_id) order by coalesce(n.batch_id, o.batch_id))
         from temp.__build_batches_now n
         full outer join lineage.build_batches o on o.relation = n.relation and o.batch_id = n.batch_id
         where n.rows is distinct from o.rows or n.digest is distinct from o.digest
         group by 1`,
      );
      for (const [relation, ids] of changed) {
        if (!plan.changes.has(String(relation))) plan.changes.set(String(relation), { kind: "batches", ids: (ids as unknown[]).map(Number) });
      }
    }
    // macro files: what they read, for the models that call them
    for (const entry of options.manifest)
      if (!entry.createsTable) for (const schema of macroSchemas(options.sqlOf(entry))) plan.macroInputs.set(schema, entry.name);
    return plan;
  }

  /** The inputs a model file reads: tables it names, and the macro files whose macros it calls. */
  inputsOf(entry: ModelEntry, sql: string): string[] {
    const named = [...tablesNamed(sql)].filter((t) => t !== `main.${entry.name}`);
    const code = withoutComments(sql);
    const macros = [...this.macroInputs]
      .filter(([schema, file]) => file !== entry.name && new RegExp(`\\b${schema}\\.\\w+\\s*\\(`, "i").test(code))
      .map(([, file]) => `macro.${file}`);
    return [...named, ...new Set(macros)];
  }

  /** Digest of an input compared as a whole (reference tables, link.decisions, any other non-model input). */
  private async inputChange(relation: string, read: string): Promise<Change | undefined> {
    if (!this.digests.has(relation)) {
      const [[n, h]] = await rows(this.connection, `select count(*)::varchar, coalesce(sum(hash(t))::hugeint, 0)::varchar from ${read} t`);
      this.digests.set(relation, `${n}:${h}`);
    }
    if (this.full) return undefined;
    return this.previousInputs.get(relation) === this.digests.get(relation) ? undefined : { kind: "entire", why: `${relation} changed` };
  }

  /** What changed in an input of a model, or undefined when nothing did. */
  async changeOf(input: string, read: (relation: string) => string): Promise<Change | undefined> {
    if (input.startsWith("main.") || input.startsWith("macro.") || BATCH_INPUTS.includes(input)) return this.changes.get(input);
    return this.inputChange(input, read(input));
  }

  /**
   * Decides how to build a model: skip it, rebuild some keys (a Region), or build it whole
   * (with the reason).
   */
  async decide(
    entry: ModelEntry,
    sql: string,
    read: (relation: string) => string,
  ): Promise<{ action: "skip" | "full" | "partial"; reason: string; region?: Region }> {
    const inputs = this.inputsOf(entry, sql);
    // every input's digest is taken, full or not, for the next build
    const changed: [string, Change][] = [];
    for (const input of inputs) {
      const change = await this.changeOf(input, read);
      if (change) changed.push([input, change]);
    }
    if (this.full) return { action: "full", reason: this.fullReason! };
    if (this.previousModels.get(entry.name) !== sha(sql))
      return { action: "full", reason: this.previousModels.has(entry.name) ? "its SQL changed" : "new model" };
    if (entry.createsTable && !(await tableExists(this.connection, `main.${entry.name}`))) return { action: "full", reason: "its table is missing" };
    if (!changed.length) return { action: "skip", reason: "no input changed" };
    const names = changed.map(([input]) => input.replace(/^main\./, "")).join(", ");
    if (!entry.createsTable) return { action: "full", reason: `${names} changed` };
    const keys = MODEL_KEYS[entry.name];
    const entire = changed.find(([, c]) => c.kind === "entire");
    if (entire) return { action: "full", reason: `${entire[0].replace(/^main\./, "")} changed whole` };
    if (!keys) return { action: "full", reason: `${names} changed (the model declares no keys)` };
    const unkeyed = changed.find(([input]) => !keys.inputs[input] || !Object.keys(keys.inputs[input].keys).some((d) => d in keys.dims));
    if (unkeyed) return { action: "full", reason: `${unkeyed[0].replace(/^main\./, "")} changed (not keyed for ${entry.name})` };

    const region = await this.region(entry.name, keys, changed);
    if (!region) return { action: "full", reason: `${names} changed, keys not comparable` };
    const [inRegion, total] = (
      await rows(this.connection, `select count(*) filter (where coalesce(${region.sql}, false)), count(*) from main.${entry.name}`)
    )[0].map(Number);
    if (total > 0 && inRegion > MAX_PARTIAL_SHARE * total) {
      return { action: "full", reason: `${names} changed, reaching ${Math.round((100 * inRegion) / total)} % of its rows` };
    }
    return { action: "partial", reason: `${names} changed`, region };
  }

  /** The keys the changed inputs reach, per dimension; each changed input takes the dimension with the fewest keys. */
  private async region(model: string, keys: ModelKeys, changed: readonly [string, Change][]): Promise<Region | undefined> {
    const perDim = new Map<string, string[]>(); // dimension → temp tables of keys
    for (const [input, change] of changed) {
      const declared = keys.inputs[input];
      let best: { dim: string; table: string; count: number } | undefined;
      for (const [dim, expression] of Object.entries(declared.keys)) {
        if (!(dim in keys.dims)) continue;
        const table = `__build_keys_${++this.temp}`;
        if (change.kind === "batches") {
          if (expression !== "batch_id") continue;
          await this.connection.run(`create temp table ${table} as select unnest([${change.ids.join(", ")}]::bigint[]) as k`);
        } else if (change.kind === "rows") {
          // the changed rows of the input projected on the columns this model reads: what differs there
          const columns = declared.columns?.join(", ") ?? `* exclude (${DELTA_SIDE})`;
          const delta = `temp.${deltaTable(input)}`;
          await this.connection.run(
            `create temp table ${table} as select distinct (${expression}) as k from (
               (select ${columns} from ${delta} where ${DELTA_SIDE} = '+' except all select ${columns} from ${delta} where ${DELTA_SIDE} = '-')
               union all
               (select ${columns} from ${delta} where ${DELTA_SIDE} = '-' except all select ${columns} from ${delta} where ${DELTA_SIDE} = '+')) d`,
          );
        } else continue;
        const count = await scalar(this.connection, `select count(*) from temp.${table}`);
        if (!best || count < best.count) {
          if (best) await this.connection.run(`drop table temp.${best.table}`);
          best = { dim, table, count };
        } else await this.connection.run(`drop table temp.${table}`);
      }
      if (!best) return undefined;
      perDim.set(best.dim, [...(perDim.get(best.dim) ?? []), best.table]);
    }

    const region: Region = { sql: "", keys: {}, parts: [] };
    for (const [dim, tables] of perDim) {
      const table = `__build_keys_${model}_${dim}`;
      await this.connection.run(
        `create or replace temp table ${table} as select distinct k from (${tables.map((t) => `select k from temp.${t}`).join(" union all ")})`,
      );
      for (const t of tables) await this.connection.run(`drop table temp.${t}`);
      const count = await scalar(this.connection, `select count(*) from temp.${table}`);
      const hasNull = (await scalar(this.connection, `select count(*) from temp.${table} where k is null`)) > 0;
      const shown = (await rows(this.connection, `select k::varchar from temp.${table} where k is not null order by k limit 10`)).map((r) => String(r[0]));
      region.keys[dim] = { count, values: hasNull ? [...shown, "NULL"] : shown };
      let values: string;
      if (count - (hasNull ? 1 : 0) <= MAX_LITERAL_KEYS) {
        const literal = await rows(this.connection, `select k::varchar, typeof(k) from temp.${table} where k is not null order by k`);
        values = literal.length ? literal.map(([v, type]) => `cast(${quoteLiteral(String(v))} as ${type})`).join(", ") : "null";
      } else values = `select k from temp.${table} where k is not null`;
      const test = (expression: string) => `((${expression}) in (${values})${hasNull ? ` or (${expression}) is null` : ""})`;
      // the inputs listed in this dimension are read only for its keys
      const inputFilters = new Map<string, string>();
      for (const [input, declared] of Object.entries(keys.inputs)) {
        if (dim in declared.keys) inputFilters.set(input, test(declared.keys[dim]));
        else if (declared.filters?.[dim])
          inputFilters.set(
            input,
            declared.filters[dim].replace(/\$IN\(([^()]*)\)/g, (_m, expression: string) => test(expression)),
          );
      }
      region.parts.push({ condition: test(keys.dims[dim]), inputFilters });
    }
    region.sql = `(${region.parts.map((p) => p.condition).join(" or ")})`;
    return region;
  }

  /**
   * The statement that computes a model's rows of `region` into its shadow (a patch: the
   * build swaps it in by deleting the region's rows and inserting these). One part per key
   * dimension, each reading the inputs listed in its dimension only for its keys; a row in
   * several parts' keys is taken from the first.
   */
  partialSql(entry: ModelEntry, sql: string, region: Region, replacements: ReadonlyMap<string, string>): string {
    const parts = region.parts.map((part, i) => {
      let query = modelQuery(sql, entry.name);
      for (const [input, filter] of part.inputFilters) {
        const pattern = new RegExp(`(?<![\\w."])\\b${input.replace(".", "\\.")}\\b`, "gi");
        query = query.replace(pattern, `(select * from ${input} where ${filter})`);
      }
      const earlier = region.parts.slice(0, i).map((p) => ` and not coalesce(${p.condition}, false)`);
      return `select * from (${replaceTables(query, replacements)}) where coalesce(${part.condition}, false)${earlier.join("")}`;
    });
    return `create table ${shadowName(`main.${entry.name}`)} as\n${parts.join("\nunion all\n")}`;
  }

  /**
   * After a model was rebuilt: compares the new rows with the old (on the region only, for
   * a partial build) and records what reaches the models after it. Returns false when
   * nothing changed (the caller drops the shadow and keeps the table in use).
   */
  async settle(entry: ModelEntry, region: string | null, hasConsumers: boolean): Promise<{ changed: boolean; rowsDiffering?: number }> {
    const table = `main.${entry.name}`;
    if (this.full) {
      this.changes.set(table, { kind: "entire", why: this.fullReason! });
      return { changed: true };
    }
    if (!(await tableExists(this.connection, table))) {
      this.changes.set(table, { kind: "entire", why: "new table" });
      return { changed: true };
    }
    // no model reads it: nothing to find the keys of (and its data tests run anyway)
    if (!hasConsumers) {
      this.changes.set(table, { kind: "entire", why: "rebuilt" });
      return { changed: true };
    }
    const next = shadowName(table);
    // a patch holds only the region's new rows
    const where = region ? `where coalesce(${region}, false)` : "";
    // Rows compared by two 64-bit hashes of the whole row (cheap where rows are wide): the
    // multisets of (h1, h2) that one side has and the other lacks…
    const hashes = (relation: string, filter = "") => `select hash(t) as h1, hash(t, 7) as h2 from ${relation} t ${filter}`;
    await this.connection.run(`create or replace temp table __build_plus as ${hashes(next)} except all ${hashes(table, where)}`);
    await this.connection.run(`create or replace temp table __build_minus as ${hashes(table, where)} except all ${hashes(next)}`);
    const differing = await scalar(this.connection, "select (select count(*) from temp.__build_plus) + (select count(*) from temp.__build_minus)");
    if (differing === 0) return { changed: false, rowsDiffering: 0 };
    // …and those rows, old (-) and new (+), kept for the models after it to find the keys they reach
    const delta = deltaTable(table);
    await this.connection.run(
      `create or replace temp table ${delta} as
       select t.*, '+' as ${DELTA_SIDE} from ${next} t semi join temp.__build_plus p on p.h1 = hash(t) and p.h2 = hash(t, 7)
       union all
       select t.*, '-' as ${DELTA_SIDE} from (select * from ${table} ${where}) t semi join temp.__build_minus m on m.h1 = hash(t) and m.h2 = hash(t, 7)`,
    );
    if (region === null) {
      const total = await scalar(this.connection, `select greatest((select count(*) from ${next}), (select count(*) from ${table}))`);
      if (differing > MAX_PARTIAL_SHARE * total) {
        await this.connection.run(`drop table temp.${delta}`);
        this.changes.set(table, { kind: "entire", why: "most rows changed" });
        return { changed: true, rowsDiffering: differing };
      }
    }
    this.changes.set(table, { kind: "rows", region });
    return { changed: true, rowsDiffering: differing };
  }

  /** Whether the last build ran (and passed) this data test. */
  testPassedBefore(sql: string): boolean {
    return this.previousTests.has(sha(sql));
  }

  /** A macro file run again: every model calling its macros sees a change. */
  macrosChanged(entry: ModelEntry): void {
    this.changes.set(`macro.${entry.name}`, { kind: "entire", why: `macros ${entry.name} changed` });
  }

  /** Drops the temp tables of this build. */
  async close(): Promise<void> {
    const temps = await rows(
      this.connection,
      "select table_name from duckdb_tables() where temporary and (starts_with(table_name, '__build_keys_') or starts_with(table_name, '__build_delta_') or table_name in ('__build_batches_now', '__build_plus', '__build_minus'))",
    );
    for (const [name] of temps) await this.connection.run(`drop table if exists temp.${name}`);
  }

  /**
   * Records what this build read (inside the build's closing transaction): every batch of
   * the raw tables and lineage, every other input's digest, every model's SQL hash.
   */
  async record(sqlHashes: ReadonlyMap<string, string>, testSqls: readonly string[]): Promise<void> {
    const c = this.connection;
    await c.run("create table if not exists lineage.build_batches (relation varchar, batch_id bigint, rows bigint, digest hugeint)");
    await c.run("create table if not exists lineage.build_inputs (relation varchar, digest varchar)");
    await c.run("create table if not exists lineage.build_models (model varchar, sql_hash varchar)");
    await c.run("delete from lineage.build_batches");
    await c.run("insert into lineage.build_batches select * from temp.__build_batches_now");
    const inputs = new Map(this.full ? [] : this.previousInputs);
    for (const [relation, digest] of this.digests) inputs.set(relation, digest);
    await c.run("delete from lineage.build_inputs");
    for (const [relation, digest] of inputs) await c.run(`insert into lineage.build_inputs values (${quoteLiteral(relation)}, ${quoteLiteral(digest)})`);
    const models = new Map([...(this.full ? [] : this.previousModels)].filter(([model]) => !model.startsWith("test:")));
    for (const [model, hash] of sqlHashes) models.set(model, hash);
    for (const sql of testSqls) models.set(`test:${sha(sql)}`, "passed");
    models.set("__engine__", this.engine);
    await c.run("delete from lineage.build_models");
    for (const [model, hash] of models) await c.run(`insert into lineage.build_models values (${quoteLiteral(model)}, ${quoteLiteral(hash)})`);
  }

  static sqlHash(sql: string): string {
    return sha(sql);
  }
}
