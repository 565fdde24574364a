import { quoteIdent, quoteLiteral } from "../../core/warehouse/sql-text.js";
import type { ColumnContract, DatasetContract, ReasonCode, ValueKind } from "../sources/index.js";
import type { HeaderMapping } from "./header-mapping.js";
import { CAREFUL_PARSERS, FAST_PARSERS, passthroughValue, rawType, storedAsText } from "./raw-types.js";

/**
 * The validation of one file, as SQL over relations whose columns are the file's own
 * headers (text, NFC; or typed, for Parquet). Contract rules are written over `t.<column>`
 * (the text) and `p.<column>` (the parsed value); here `t.x` becomes the file's column
 * that feeds `x` and `p.x` a column `__p_x` computed once per row in a projection of its
 * own (no structs, and each parse expression appears once, so DuckDB's
 * common-subexpression pass cannot hoist a parser's slow path out of its fast path).
 *
 * Two ways to judge:
 * - `judgeRows`: every value through the careful parsers (etl/ingest/raw-types.ts); a
 *   judged row carries `__check`, the number of the first check it breaks (NULL when it
 *   loads), and the reason code and message follow from that number and the row's text.
 * - `directInsertSql` (the first pass of a typed load): the fast parsers only, straight
 *   into the raw table; a row any check might refuse, or with a value in a form only the
 *   careful parsers read, is set aside with its text (`secondPassSource`), to be judged
 *   by `judgeRows` in a second pass over those rows alone.
 */

const UNPARSEABLE: Readonly<Partial<Record<ValueKind, ReasonCode>>> = Object.freeze({
  tax_code: "INVALID_TAX_CODE",
  date: "BAD_DATE",
  month: "BAD_DATE",
  year: "BAD_DATE",
  half: "BAD_DATE",
  finance_period: "BAD_DATE",
  count: "BAD_NUMBER",
  money: "BAD_NUMBER",
  number: "BAD_NUMBER",
  boolean: "BAD_VALUE",
});

const SIGNED_KINDS: readonly ValueKind[] = ["count", "money"];

interface Check {
  readonly reason: ReasonCode;
  readonly when: string;
  /** SQL over the row's text only (no parsed values). */
  readonly message: string;
}

/** The validation of one file: its contract, its header mapping and the snapshot date. */
export class FileValidation {
  readonly #contract: DatasetContract;
  readonly #mapping: HeaderMapping;
  readonly #asOf: string;
  readonly #types: ReadonlyMap<string, string>;

  /** `types`: the DuckDB type of each header of a typed source (Parquet); headers not listed are text. */
  constructor(contract: DatasetContract, mapping: HeaderMapping, asOf: string, types: ReadonlyMap<string, string> = new Map()) {
    this.#contract = contract;
    this.#mapping = mapping;
    this.#asOf = asOf;
    this.#types = types;
  }

  /** Whether rows are also judged against each other (duplicates) or other datasets (references). */
  get crossRow(): boolean {
    return hasCrossRowChecks(this.#contract);
  }

  /** The text feeding contract column `name`, as a column of alias `s` (NULL when the file lacks it). */
  text(name: string): string {
    const header = this.#mapping.columns.get(name);
    return header === undefined ? "null::varchar" : this.#headerText(header);
  }

  /** A header's value as text (a typed source's value cast to text, as the file's text would read). */
  #headerText(header: string): string {
    const type = this.#types.get(header);
    return type === undefined || type === "VARCHAR" ? `s.${quoteIdent(header)}` : `s.${quoteIdent(header)}::varchar`;
  }

  /**
   * A SELECT over `source` (a parenthesised query or a relation with the file's headers)
   * keeping the columns `keep` and adding the parsed value of each typed column
   * (`__p_<name>`, what `rawProjection` stores), `__check` (the first check broken; NULL
   * when the row loads), `__replace_key` (its re-delivery key) and `__row_key` (what the
   * row stands for within that key: an employer of a period).
   */
  judgeRows(source: string, keep: readonly string[]): string {
    const checks = this.#checks();
    const check = checks.length ? `case ${checks.map((c, i) => `when ${c.when} then ${i}`).join(" ")} end` : "null::integer";
    const kept = keep.map((name) => `s.${quoteIdent(name)}`).join(", ");
    const typed = this.#contract.columns.filter((c) => !storedAsText(c)).map((c) => `s.${quoteIdent(`__p_${c.name}`)}`);
    const { sql, rowKey } = this.#contract.replacement;
    return `select ${[kept, ...typed].join(", ")}, ${check} as __check, ${this.#rewrite(sql)} as __replace_key, (${this.#rewrite(rowKey ?? sql)})::varchar as __row_key
      from ${this.#withParsed(source)} s`;
  }

  /** The reason code of each check number (the cross-row checks last). */
  get reasons(): readonly ReasonCode[] {
    return this.#allChecks().map((c) => c.reason);
  }

  /** The reason code of check number `check` (SQL). */
  reasonSql(check: string): string {
    return `case ${check} ${this.reasons.map((r, i) => `when ${i} then ${quoteLiteral(r)}`).join(" ")} end`;
  }

  /**
   * The cross-row checks over judged rows (`__line_no`, headers, `__check`,
   * `__replace_key`): a union code repeated with different values (DUPLICATE_KEY), a
   * reference naming no known row (UNKNOWN_UNION). Their check numbers follow the
   * per-row checks'; their messages name other rows, so they are kept in `__message`.
   */
  crossRowSql(judged: string): string {
    const t = (name: string) => this.text(name);
    const unique = this.#contract.uniqueKey ?? [];
    let next = this.#checks().length;
    const texts = struct(this.#contract.columns.map((c) => [c.name, t(c.name)]));
    let sql = `with judged as (select s.*, ${texts} as __t, null::varchar as __message from ${judged} s)`;
    let last = "judged";
    if (unique.length) {
      const key = unique.map((k) => `trim(${t(k)})`).join(", ");
      const window = `over (partition by s.__check is null, ${key} order by s.__line_no)`;
      const repeated = "s.__check is null and s.__t <> s.__first_t";
      sql += `, firsts as (select s.*, first_value(s.__t) ${window} as __first_t, first_value(s.__line_no) ${window} as __first_line from judged s),
        deduplicated as (
          select s.* exclude (__first_t, __first_line, __check, __message),
            case when ${repeated} then ${next++} else s.__check end as __check,
            case when ${repeated}
              then ${quoteLiteral(`${unique.join(", ")}: `)} || ${unique.map(t).join(" || ', ' || ")} || ' already appears with different values on line ' || s.__first_line
              else s.__message end as __message
          from firsts s)`;
      last = "deduplicated";
    }
    const ref = this.#contract.references;
    if (ref) {
      const unknown = "s.__check is null and known.k is null";
      sql += `, known as (select distinct trim(${ref.column}) as k from raw.${ref.dataset}),
        referenced as (
          select s.* exclude (__check, __message),
            case when ${unknown} then ${next++} else s.__check end as __check,
            case when ${unknown}
              then ${quoteLiteral(`${ref.column}: `)} || coalesce('"' || ${t(ref.column)} || '"', 'empty') || ${quoteLiteral(` names no known row of ${ref.dataset}`)}
              else s.__message end as __message
          from ${last} s left join known on known.k = trim(${t(ref.column)}))`;
      last = "referenced";
    }
    return `${sql} select * exclude (__t) from ${last}`;
  }

  /** The raw columns of a row judged by `judgeRows` (its text, or the careful parser's value for typed columns), the unknown columns as JSON. */
  rawProjection(): string {
    const columns = this.#contract.columns
      .map((c) => `${storedAsText(c) ? this.text(c.name) : `s.${quoteIdent(`__p_${c.name}`)}::${rawType(c)}`} as ${quoteIdent(c.name)}`)
      .join(", ");
    return `${columns}, ${this.#extraJson()} as extra`;
  }

  /**
   * The first pass of a typed load: a SELECT over `source` (the file's headers as columns)
   * giving the raw table's columns in order (batch_id, line_no, the contract's columns,
   * extra, replace_key, row_key). A row every check passes with the fast parsers' values
   * gets `batchId` and its typed values; any other row gets `-batchId` and, in `extra`,
   * its whole text under the file's headers (`secondPassSource` reads it back). Line
   * numbers are 0 here: the load numbers the rows afterwards by their order.
   */
  directSelect(source: string, batchId: number): string {
    const setAside = this.#fastSetAside();
    const columns = this.#contract.columns.map((c) => (storedAsText(c) ? this.text(c.name) : `s.${quoteIdent(`__p_${c.name}`)}::${rawType(c)}`));
    const { sql, rowKey } = this.#contract.replacement;
    return `select case when ${setAside} then ${-batchId} else ${batchId} end, 0, ${columns.join(", ")},
        case when ${setAside} then ${this.#wholeRowJson()} else ${this.#extraJson()} end,
        ${this.#rewrite(sql)}, (${this.#rewrite(rowKey ?? sql)})::varchar
      from ${this.#withFastParsed(source)} s`;
  }

  /**
   * The rows set aside by `directSelect` as a relation with the file's headers (text) and
   * `__line_no`, to be judged by `judgeRows` (over a validation made without source types).
   */
  secondPassSource(rawTable: string, batchId: number): string {
    // One parse of each row's JSON into a struct of text fields, then its fields as columns.
    const shape = JSON.stringify(Object.fromEntries(this.headers.map((h) => [h, "VARCHAR"])));
    return `(select r.line_no as __line_no, unnest(from_json(r.extra, ${quoteLiteral(shape)})) from ${rawTable} r where r.batch_id = ${-batchId})`;
  }

  /** The file's headers, mapped then unknown, in the order `secondPassSource` gives them. */
  get headers(): readonly string[] {
    return [...new Set([...this.#mapping.columns.values(), ...this.#mapping.unknown])];
  }

  /**
   * Whether the row must be judged by the careful parsers (SQL over the columns of
   * `#withFastParsed`): a value present that the fast parser leaves NULL, or any per-row
   * check firing on the fast values. Where neither holds, the fast values are the careful
   * ones and every check passes as it would have with them.
   */
  #fastSetAside(): string {
    const present = (c: ColumnContract) => `s.${quoteIdent(`__n_${c.name}`)}`;
    const parsed = (c: ColumnContract) => `s.${quoteIdent(`__p_${c.name}`)}`;
    const unresolved = this.#fastColumns()
      .filter((c) => this.#mapping.columns.has(c.name))
      .map((c) => `(${present(c)} and ${parsed(c)} is null)`);
    const checks = this.#checks().map((c) => `coalesce(${c.when}, false)`);
    return `(${[...unresolved, ...checks].join(" or ") || "false"})`;
  }

  /** Columns with a fast parsed value: every typed one, and those a check, rule or key reads parsed. */
  #fastColumns(): ColumnContract[] {
    const parsed = new Set(this.#parsedColumns().map((c) => c.name));
    return this.#contract.columns.filter((c) => !storedAsText(c) || parsed.has(c.name));
  }

  /** `relation` with the fast parsed values (`__p_<name>`) and presence flags (`__n_<name>`), as `#withParsed` names them. */
  #withFastParsed(relation: string): string {
    const fast = this.#fastColumns();
    const parsed = fast.map((c) => `${this.#fastValue(c)} as ${quoteIdent(`__p_${c.name}`)}`);
    const present = this.#contract.columns
      .filter((c) => c.required || unparseableReason(c) !== undefined || fast.includes(c))
      .map((c) => `${this.#fastPresent(c)} as ${quoteIdent(`__n_${c.name}`)}`);
    return `(select s.*, ${[...parsed, ...present].join(", ")} from ${relation} s)`;
  }

  /** A column's value by its fast parser, or as it comes from a typed source. */
  #fastValue(column: ColumnContract): string {
    const header = this.#mapping.columns.get(column.name);
    const type = header === undefined ? undefined : this.#types.get(header);
    const typed = type === undefined || header === undefined ? undefined : passthroughValue(column.kind, type, `s.${quoteIdent(header)}`);
    return typed ?? FAST_PARSERS[column.kind](this.text(column.name), (name) => this.text(name));
  }

  /** Whether the row holds a value for `column`: \`util.present\` without its lambda. */
  #fastPresent(column: ColumnContract): string {
    const header = this.#mapping.columns.get(column.name);
    if (header === undefined) return "false";
    const type = this.#types.get(header);
    if (type !== undefined && type !== "VARCHAR") return `s.${quoteIdent(header)} is not null`;
    const t = this.text(column.name);
    return `case when ascii(${t}) between 33 and 126 then true else coalesce(trim(${t}) <> '', false) end`;
  }

  /**
   * A SELECT of the rejected rows of `judged` with their line, reason, message and the
   * original row as JSON under the file's own headers; from their text alone.
   */
  rejectedRowsSql(judged: string, hasMessage: boolean): string {
    const checks = this.#checks();
    const ruleMessage = checks.length ? `case s.__check ${checks.map((c, i) => `when ${i} then ${c.message}`).join(" ")} end` : "null::varchar";
    const message = hasMessage ? `coalesce(s.__message, ${ruleMessage})` : ruleMessage;
    return `select s.__line_no as line_no, ${this.reasonSql("s.__check")} as reason_code, ${message} as message, ${this.#originalJson()} as original
      from ${judged} s where s.__check is not null`;
  }

  /**
   * `relation` (a name or a parenthesised query) with, as columns, the parsed values a
   * check, rule or re-delivery key needs (`__p_<name>`) and whether each checked column
   * holds a value (`__n_<name>`, computed once: it is asked twice).
   */
  #withParsed(relation: string): string {
    const text = (name: string) => this.text(name);
    const parsed = this.#parsedColumns().map((c) => `${CAREFUL_PARSERS[c.kind](text(c.name), text)} as ${quoteIdent(`__p_${c.name}`)}`);
    const present = this.#contract.columns
      .filter((c) => c.required || unparseableReason(c) !== undefined)
      .map((c) => `${this.#mapping.columns.has(c.name) ? `util.present(${text(c.name)})` : "false"} as ${quoteIdent(`__n_${c.name}`)}`);
    const added = [...parsed, ...present];
    return added.length ? `(select s.*, ${added.join(", ")} from ${relation} s)` : relation;
  }

  #parsedColumns(): ColumnContract[] {
    const referenced = new Set<string>();
    const { sql: replaceSql, rowKey } = this.#contract.replacement;
    for (const sql of [...this.#contract.rules.map((r) => r.badWhen), replaceSql, rowKey ?? ""]) {
      for (const match of sql.matchAll(/\bp\.([a-z_][a-z0-9_]*)/g)) referenced.add(match[1]);
    }
    return this.#contract.columns.filter(
      (c) => referenced.has(c.name) || SIGNED_KINDS.includes(c.kind) || unparseableReason(c) !== undefined || !storedAsText(c),
    );
  }

  /** Rule SQL over `t.x` / `p.x` / `batch_as_of`, rewritten to the columns of alias `s`. */
  #rewrite(sql: string): string {
    return sql
      .replaceAll("batch_as_of", `date ${quoteLiteral(this.#asOf)}`)
      .replace(/\b([pt])\.([a-z_][a-z0-9_]*)/g, (_m, kind: string, name: string) => (kind === "p" ? `s.${quoteIdent(`__p_${name}`)}` : this.text(name)));
  }

  /** The per-row checks, then the cross-row ones. */
  #allChecks(): readonly { readonly reason: ReasonCode }[] {
    const crossRow = [
      ...(this.#contract.uniqueKey?.length ? ["DUPLICATE_KEY" as const] : []),
      ...(this.#contract.references ? [this.#contract.references.reason] : []),
    ];
    return [...this.#checks(), ...crossRow.map((reason) => ({ reason }))];
  }

  /** Every per-row check in order: per column (missing, unparseable, negative), then the row rules. */
  #checks(): Check[] {
    const columnChecks = this.#contract.columns.flatMap((column) => {
      const t = this.text(column.name);
      const p = `s.${quoteIdent(`__p_${column.name}`)}`;
      const shown = `coalesce('"' || ${t} || '"', 'empty')`;
      const present = `s.${quoteIdent(`__n_${column.name}`)}`;
      const checks: Check[] = [];
      if (column.required) {
        checks.push({
          reason: column.missingReason ?? "MISSING_REQUIRED",
          when: `not (${present})`,
          message: quoteLiteral(`${column.name}: required value is missing`),
        });
      }
      const unparseable = unparseableReason(column);
      if (unparseable) {
        const rule =
          column.kind === "tax_code"
            ? "is not a valid tax code (10 or 13 digits with a correct check digit)"
            : `is not a valid ${column.kind.replace("_", " ")}`;
        checks.push({
          reason: unparseable,
          when: `${present} and ${p} is null`,
          message: `${quoteLiteral(`${column.name}: `)} || ${shown} || ${quoteLiteral(` ${rule}`)}`,
        });
      }
      if (SIGNED_KINDS.includes(column.kind)) {
        checks.push({ reason: "NEGATIVE", when: `${p} < 0`, message: `${quoteLiteral(`${column.name}: `)} || ${shown} || ' is negative'` });
      }
      return checks;
    });
    const rowChecks = this.#contract.rules.map((rule) => ({
      reason: rule.reason,
      when: `coalesce(${this.#rewrite(rule.badWhen)}, false)`,
      message: quoteLiteral(rule.message),
    }));
    return [...columnChecks, ...rowChecks];
  }

  /** Unknown columns kept as one JSON object per row (NULL when there are none). */
  #extraJson(): string {
    const unknown = this.#mapping.unknown;
    return unknown.length ? `to_json(${struct(unknown.map((h) => [h, this.#headerText(h)]))})` : "null::json";
  }

  /** The whole row's text under the file's headers (`headers`), nulls kept: what a row set aside for the second pass carries. */
  #wholeRowJson(): string {
    return `to_json(${struct(this.headers.map((h) => [h, this.#headerText(h)]))})`;
  }

  /** The original row as JSON, under the file's own header names (mapped, then unknown columns). */
  #originalJson(): string {
    const mapped = [...this.#mapping.columns.keys()].map((name) => [this.#mapping.columns.get(name)!, this.text(name)] as [string, string]);
    const json = mapped.length ? `to_json(${struct(mapped)})` : "'{}'::json";
    return this.#mapping.unknown.length ? `json_merge_patch(${json}, ${this.#extraJson()})` : json;
  }
}

/** Whether a dataset's rows are judged against each other (duplicates) or another dataset (references). */
export function hasCrossRowChecks(contract: DatasetContract): boolean {
  return Boolean(contract.uniqueKey?.length || contract.references);
}

function unparseableReason(column: ColumnContract): ReasonCode | undefined {
  if (column.kind === "tax_code" && column.keepInvalid) return undefined;
  return UNPARSEABLE[column.kind];
}

function struct(entries: readonly [string, string][]): string {
  return `{${entries.map(([k, v]) => `${quoteLiteral(k)}: ${v}`).join(", ")}}`;
}
