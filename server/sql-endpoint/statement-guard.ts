/**
 * What may run on the SQL endpoint: one read-only SELECT (or WITH … SELECT) over the
 * exposed relations, checked before anything executes.
 *
 * The statement is parsed by DuckDB itself (`json_serialize_sql`, which serializes only
 * SELECT statements) and its tree is walked with an allow-list: every table reference
 * must be an exposed relation (or a CTE of the statement that does not shadow a
 * warehouse table), table functions are limited to generators that read nothing, and a
 * few scalar functions that reveal the server are refused. The connection it then runs
 * on has external access disabled and its configuration locked (server/sql-endpoint/
 * endpoint-database.ts), so even a gap here could not read or write a file.
 */
import type { PgError } from "./pg-wire.js";

/** Table functions that read nothing but their arguments. */
const ALLOWED_TABLE_FUNCTIONS = new Set(["range", "generate_series", "unnest"]);

/** Scalar functions refused (they reveal the server's environment or settings, or run SQL text). */
const REFUSED_FUNCTION =
  /^(getenv|current_setting|query|query_table|sql_auto_complete|which_secret|read_.*|glob|pragma_.*|duckdb_.*|enable_.*|disable_.*|checkpoint|force_checkpoint|system|load|install)$/i;

/** Table-reference node types allowed besides BASE_TABLE and TABLE_FUNCTION (checked on their own). */
const STRUCTURAL_REFS = new Set(["JOIN", "SUBQUERY", "EXPRESSION_LIST", "EMPTY", "PIVOT"]);
const TABLE_REF_TYPES = new Set([...STRUCTURAL_REFS, "BASE_TABLE", "TABLE_FUNCTION", "SHOW_REF", "COLUMN_DATA", "DELIM_GET", "BOUND_REF"]);

/** Statement kinds named in refusals, from the statement's first word. */
const REFUSED_KINDS: Readonly<Record<string, string>> = Object.freeze({
  copy: "COPY reads or writes files",
  attach: "ATTACH opens another database",
  detach: "DETACH changes the databases attached",
  install: "INSTALL downloads an extension",
  load: "LOAD loads an extension",
  force: "FORCE INSTALL downloads an extension",
  set: "SET changes a setting",
  reset: "RESET changes a setting",
  pragma: "PRAGMA runs a command",
  create: "CREATE changes the schema (DDL)",
  drop: "DROP changes the schema (DDL)",
  alter: "ALTER changes the schema (DDL)",
  comment: "COMMENT changes the schema (DDL)",
  insert: "INSERT changes data (DML)",
  update: "UPDATE changes data (DML)",
  delete: "DELETE changes data (DML)",
  merge: "MERGE changes data (DML)",
  truncate: "TRUNCATE changes data (DML)",
  upsert: "UPSERT changes data (DML)",
  export: "EXPORT writes files",
  import: "IMPORT reads files",
  call: "CALL runs a procedure",
  checkpoint: "CHECKPOINT writes the database",
  vacuum: "VACUUM writes the database",
  use: "USE changes the database",
  prepare: "PREPARE is done by the protocol's Parse message",
  execute: "EXECUTE is done by the protocol's Execute message",
  explain: "EXPLAIN is not served",
  describe: "DESCRIBE is not served (use \\d, or information_schema.columns)",
  summarize: "SUMMARIZE is not served",
  show: "SHOW of tables is not served (use \\d, or information_schema.tables)",
  secret: "secrets are not served",
  analyze: "ANALYZE writes statistics",
  begin: "transactions are implicit",
});

/** The longest statement accepted (characters). */
export const MAX_STATEMENT_CHARS = 1_000_000;

export class StatementRefusal extends Error {
  override name = "StatementRefusal";
  constructor(
    readonly pgError: PgError,
    /** Short reason for the log line. */
    readonly reason: string,
  ) {
    super(pgError.message);
  }
}

export interface GuardRules {
  /** The names a statement may read (lower case): the exposed relations, or the catalog's tables. */
  readonly relations: ReadonlySet<string>;
  /** Schemas a reference may name (lower case); none when empty. */
  readonly schemas?: ReadonlySet<string>;
  /** Names a CTE may not take (warehouse tables and views), lower case. */
  readonly reservedNames: ReadonlySet<string>;
  /** How the relations are listed in messages. */
  readonly describe: string;
}

/** Parses a statement with DuckDB: the JSON `json_serialize_sql` gives. */
export type SerializeSql = (sqlLiteral: string) => Promise<string>;

/** A SQL string literal of `text` (single quotes doubled). */
export function sqlLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The statement's first word, lower case, past comments and opening parentheses. */
export function firstWord(sql: string): string {
  const stripped = sql.replace(/^(\s+|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/|\()*/, "");
  return (/^[A-Za-z_]+/.exec(stripped)?.[0] ?? "").toLowerCase();
}

const refuse = (code: string, message: string, reason: string, hint?: string) => new StatementRefusal({ code, message, hint }, reason);

/**
 * Checks a statement; resolves when it may run, rejects with a StatementRefusal (SQLSTATE
 * and a message naming what was refused) otherwise.
 */
export async function checkStatement(sql: string, rules: GuardRules, serialize: SerializeSql): Promise<CheckedStatement> {
  const hint = `This endpoint runs one read-only SELECT (or WITH … SELECT) at a time over ${rules.describe}.`;
  if (sql.length > MAX_STATEMENT_CHARS)
    throw refuse("54000", `The statement is ${sql.length} characters long, more than the ${MAX_STATEMENT_CHARS} accepted.`, "too long");
  if (sql.includes("\0")) throw refuse("42601", "The statement contains a NUL character.", "NUL");
  const word = firstWord(sql);
  const kind = REFUSED_KINDS[word];
  if (kind) throw refuse("42501", `Refused: ${kind}; this endpoint is read-only.`, `statement ${word.toUpperCase()}`, hint);
  if (!["select", "with", "from", "values", "table", "pivot", "unpivot"].includes(word)) {
    throw refuse(
      "42501",
      `Refused: only SELECT statements run here${word ? ` (not ${word.toUpperCase()})` : ""}.`,
      `statement ${word.toUpperCase() || "?"}`,
      hint,
    );
  }

  let parsed: { error: boolean; error_message?: string; error_type?: string; statements?: { node: unknown }[] };
  try {
    parsed = JSON.parse(await serialize(sqlLiteral(sql)));
  } catch (error) {
    throw refuse("42601", `The statement could not be parsed: ${(error as Error).message}`, "unparsable");
  }
  if (parsed.error) {
    const message = parsed.error_message ?? "syntax error";
    if (/only SELECT/i.test(message)) throw refuse("42501", "Refused: only SELECT statements run here.", "not a SELECT", hint);
    throw refuse("42601", message, "syntax error");
  }
  const statements = parsed.statements ?? [];
  if (statements.length !== 1)
    throw refuse("42601", `Refused: ${statements.length} statements were sent at once; send one at a time.`, "several statements", hint);

  const ctes = new Set<string>();
  collectCtes(statements[0].node, ctes);
  for (const name of ctes) {
    if (rules.reservedNames.has(name) && !rules.relations.has(name)) {
      throw refuse("42501", `Refused: the CTE name "${name}" is the name of a warehouse table that is not exposed; choose another name.`, `CTE ${name}`, hint);
    }
  }
  let qualified = false;
  walk(statements[0].node, (node) => {
    checkNode(node, rules, ctes, hint);
    if (node.type === "BASE_TABLE" && !("class" in node) && node.schema_name) qualified = true;
  });
  return { parsed, qualified };
}

/** A statement that passed: DuckDB's parse, and whether a table reference names a schema. */
export interface CheckedStatement {
  readonly parsed: unknown;
  readonly qualified: boolean;
}

/** The parse with the schema taken off every table reference (`public.unit_year` → `unit_year`), as JSON for `json_deserialize_sql`. */
export function withoutSchemas(parsed: unknown): string {
  const copy = structuredClone(parsed);
  walk(copy, (node) => {
    if (node.type === "BASE_TABLE" && !("class" in node)) node.schema_name = "";
  });
  return JSON.stringify(copy);
}

function collectCtes(node: unknown, into: Set<string>): void {
  walk(node, (n) => {
    const map = (n.cte_map as { map?: { key: string }[] } | undefined)?.map;
    for (const entry of map ?? []) into.add(String(entry.key).toLowerCase());
  });
}

function checkNode(node: Record<string, unknown>, rules: GuardRules, ctes: ReadonlySet<string>, hint: string): void {
  const type = node.type;
  if (node.class === "FUNCTION" && typeof node.function_name === "string" && REFUSED_FUNCTION.test(node.function_name)) {
    throw refuse("42501", `Refused: the function ${node.function_name}() is not available here.`, `function ${node.function_name}`, hint);
  }
  if (typeof type !== "string" || !TABLE_REF_TYPES.has(type) || "class" in node) return;
  if (type === "BASE_TABLE") {
    const schema = String(node.schema_name ?? "").toLowerCase();
    const catalog = String(node.catalog_name ?? "").toLowerCase();
    const name = String(node.table_name ?? "").toLowerCase();
    const qualified = [catalog, schema, name].filter(Boolean).join(".");
    if (catalog || (schema && !rules.schemas?.has(schema))) {
      throw refuse(
        "42501",
        `Refused: "${qualified}" is outside the exposed relations; write the relation's name alone (${rules.describe}).`,
        `schema ${schema || catalog}`,
        hint,
      );
    }
    if (!rules.relations.has(name) && !ctes.has(name)) {
      throw refuse("42P01", `relation "${qualified}" does not exist here; the relations are ${rules.describe}.`, `relation ${qualified}`, hint);
    }
    return;
  }
  if (type === "TABLE_FUNCTION") {
    const fn = node.function as { function_name?: string; schema?: string } | undefined;
    const name = String(fn?.function_name ?? "").toLowerCase();
    if (!ALLOWED_TABLE_FUNCTIONS.has(name) || fn?.schema) {
      throw refuse(
        "42501",
        `Refused: the table function ${name}() reads outside the exposed relations; only ${[...ALLOWED_TABLE_FUNCTIONS].join(", ")} are allowed.`,
        `table function ${name}`,
        hint,
      );
    }
    return;
  }
  if (!STRUCTURAL_REFS.has(type))
    throw refuse("42501", `Refused: a ${type.toLowerCase().replace("_", " ")} reference is not served.`, `reference ${type}`, hint);
}

/** Calls `visit` on every object in a parsed tree. */
function walk(node: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
    return;
  }
  if (node === null || typeof node !== "object") return;
  const record = node as Record<string, unknown>;
  visit(record);
  for (const value of Object.values(record)) walk(value, visit);
}
