import type { ColumnContract, DatasetContract, ReasonCode, ValueKind } from "../sources/index.js";
import { quoteIdent, quoteLiteral } from "../warehouse/sql-text.js";
import type { HeaderMapping } from "./header-mapping.js";

/** How each kind of value is parsed from its text `t.<name>`; NULL means unparseable. */
const PARSERS: Readonly<Record<ValueKind, (t: string) => string>> = Object.freeze({
  text: (t) => `util.clean(${t})`,
  tax_code: (t) => `util.parse_tax_code(${t})`,
  date: (t) => `util.parse_date(${t})`,
  month: (t) => `util.parse_month(${t})`,
  year: (t) => `util.parse_year(${t})`,
  half: (t) => `util.parse_half(t.nam, ${t})`,
  count: (t) => `util.parse_bigint(${t})`,
  money: (t) => `util.parse_bigint(${t})`,
  number: (t) => `util.parse_number(${t})`,
  boolean: (t) => `util.parse_boolean(${t})`,
  finance_period: (t) => `util.parse_finance_period(${t})`,
});

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
  readonly message: string;
}

/** The checks of one column, in order: missing, unparseable, negative. */
function columnChecks(column: ColumnContract): Check[] {
  const t = `t.${column.name}`;
  const shown = `coalesce('"' || ${t} || '"', 'empty')`;
  const present = `util.clean(${t}) is not null`;
  const checks: Check[] = [];
  if (column.required) {
    checks.push({
      reason: column.missingReason ?? "MISSING_REQUIRED",
      when: `not (${present})`,
      message: quoteLiteral(`${column.name}: required value is missing`),
    });
  }
  const unparseable = UNPARSEABLE[column.kind];
  if (unparseable && !(column.kind === "tax_code" && column.keepInvalid)) {
    const rule = column.kind === "tax_code" ? "is not a valid tax code (10 or 13 digits with a correct check digit)" : `is not a valid ${column.kind.replace("_", " ")}`;
    checks.push({
      reason: unparseable,
      when: `${present} and p.${column.name} is null`,
      message: `${quoteLiteral(`${column.name}: `)} || ${shown} || ${quoteLiteral(` ${rule}`)}`,
    });
  }
  if (SIGNED_KINDS.includes(column.kind)) {
    checks.push({
      reason: "NEGATIVE",
      when: `p.${column.name} < 0`,
      message: `${quoteLiteral(`${column.name}: `)} || ${shown} || ' is negative'`,
    });
  }
  return checks;
}

function rowChecks(contract: DatasetContract, asOf: string): Check[] {
  return contract.rules.map((rule) => ({
    reason: rule.reason,
    when: `coalesce(${rule.badWhen.replaceAll("batch_as_of", `date ${quoteLiteral(asOf)}`)}, false)`,
    message: quoteLiteral(rule.message),
  }));
}

function caseOf(checks: readonly Check[], pick: (c: Check) => string): string {
  return `case ${checks.map((c) => `when ${c.when} then ${pick(c)}`).join(" ")} end`;
}

function struct(entries: readonly [string, string][]): string {
  return `{${entries.map(([k, v]) => `${quoteLiteral(k)}: ${v}`).join(", ")}}`;
}

/** Unknown columns kept as one JSON object per row (NULL when there are none). */
function extraJson(mapping: HeaderMapping): string {
  if (!mapping.unknown.length) return "null::json";
  return `to_json(${struct(mapping.unknown.map((h) => [h, `s.${quoteIdent(h)}`]))})`;
}

function withAsOf(sql: string, asOf: string): string {
  return sql.replaceAll("batch_as_of", `date ${quoteLiteral(asOf)}`);
}

function checksOf(contract: DatasetContract, asOf: string): Check[] {
  return [...contract.columns.flatMap(columnChecks), ...rowChecks(contract, asOf)];
}

/**
 * One statement that reads the staged file and judges every row: `t` holds the original
 * text per contract column, `p` the parsed values, `__reason` the first rule broken
 * (NULL when the row loads) and `__replace_key` its re-delivery key. Duplicates within
 * the file and references to other datasets are judged over the rows that passed; their
 * messages are kept in `__message` (the per-column messages are made only for rejected
 * rows, by `rejectionMessageSql`).
 */
export function checkedRowsSql(contract: DatasetContract, mapping: HeaderMapping, staged: string, target: string, asOf: string): string {
  const texts = struct(
    contract.columns.map((c) => [c.name, mapping.columns.has(c.name) ? `s.${quoteIdent(mapping.columns.get(c.name)!)}` : "null::varchar"]),
  );
  const parsed = struct(contract.columns.map((c) => [c.name, PARSERS[c.kind](`t.${c.name}`)]));
  return `create temp table ${target} as
    with texts as (select s.__line_no, ${texts} as t, ${extraJson(mapping)} as __extra from ${staged} s),
    parsed as (select texts.*, ${parsed} as p from texts),
    judged as (
      select parsed.*, ${caseOf(checksOf(contract, asOf), (c) => quoteLiteral(c.reason))} as __reason, null::varchar as __message,
        ${withAsOf(contract.replacement.sql, asOf)} as __replace_key
      from parsed),
    ${duplicateCte(contract)},
    ${referenceCte(contract)}
    select * from final`;
}

/** The message of a rejected row: the cross-row message, else the first rule it breaks. */
export function rejectionMessageSql(contract: DatasetContract, asOf: string): string {
  return `coalesce(__message, ${caseOf(checksOf(contract, asOf), (c) => c.message)})`;
}

/** The original row as JSON, under the file's own header names (mapped and unknown columns). */
export function originalRowJsonSql(mapping: HeaderMapping): string {
  const mapped = [...mapping.columns.entries()].map(([name, header]) => [header, `t.${name}`] as [string, string]);
  const json = mapped.length ? `to_json(${struct(mapped)})` : "'{}'::json";
  return mapping.unknown.length ? `json_merge_patch(${json}, __extra)` : json;
}

function duplicateCte(contract: DatasetContract): string {
  if (!contract.uniqueKey?.length) return "deduplicated as (select * from judged)";
  const key = contract.uniqueKey.map((k) => `trim(t.${k})`).join(", ");
  const window = `over (partition by __reason is null, ${key} order by __line_no)`;
  return `firsts as (select judged.*, first_value(t) ${window} as __first_t, first_value(__line_no) ${window} as __first_line from judged),
    deduplicated as (
      select * exclude (__first_t, __first_line, __reason, __message, __replace_key),
        case when __reason is null and t <> __first_t then 'DUPLICATE_KEY' else __reason end as __reason,
        case when __reason is null and t <> __first_t
          then ${quoteLiteral(`${contract.uniqueKey.join(", ")}: `)} || ${contract.uniqueKey.map((k) => `t.${k}`).join(" || ', ' || ")} || ' already appears with different values on line ' || __first_line
          else __message end as __message, __replace_key
      from firsts)`;
}

function referenceCte(contract: DatasetContract): string {
  const ref = contract.references;
  if (!ref) return "final as (select * from deduplicated)";
  return `known as (select distinct trim(${ref.column}) as k from raw.${ref.dataset}),
    final as (
      select d.* exclude (__reason, __message, __replace_key),
        case when d.__reason is null and known.k is null then ${quoteLiteral(ref.reason)} else d.__reason end as __reason,
        case when d.__reason is null and known.k is null
          then ${quoteLiteral(`${ref.column}: `)} || coalesce('"' || d.t.${ref.column} || '"', 'empty') || ${quoteLiteral(` names no known row of ${ref.dataset}`)}
          else d.__message end as __message, d.__replace_key
      from deduplicated d left join known on known.k = trim(d.t.${ref.column}))`;
}
