import type { ColumnContract, DatasetContract, ValueKind } from "../sources/index.js";

/**
 * How each kind of value is stored in `raw.<dataset>` (and `superseded.<dataset>`): typed
 * where a value has one meaning (an amount, a date, a month, a year), as text where the
 * text itself is what later steps read (names, codes, tax codes that may be invalid and
 * are flagged in staging, finance periods whose written form is kept as `period_text`).
 * A half-year is stored as its label `YYYY-H1`/`YYYY-H2`, made of `nam` and `ky`.
 */
export const RAW_TYPES: Readonly<Record<ValueKind, string>> = Object.freeze({
  text: "varchar",
  tax_code: "varchar",
  finance_period: "varchar",
  date: "date",
  month: "date",
  year: "integer",
  half: "varchar",
  count: "bigint",
  money: "bigint",
  number: "double",
  boolean: "boolean",
});

export const rawType = (column: ColumnContract): string => RAW_TYPES[column.kind];

/** Whether the raw column holds the text as written (no parsing between file and raw table). */
export const storedAsText = (column: ColumnContract): boolean => ["text", "tax_code", "finance_period"].includes(column.kind);

/**
 * The careful parser of each kind (etl/warehouse/sql/macros.sql): every form the
 * contract accepts; NULL when the text cannot be parsed. `text(name)` is the text of
 * another column of the same row (a half-year reads its year).
 */
export const CAREFUL_PARSERS: Readonly<Record<ValueKind, (t: string, text: (name: string) => string) => string>> = Object.freeze({
  text: (t) => `util.clean(${t})`,
  tax_code: (t) => `util.parse_tax_code(${t})`,
  date: (t) => `util.parse_date(${t})`,
  month: (t) => `util.parse_month(${t})`,
  year: (t) => `util.parse_year(${t})`,
  half: (t, text) => `util.parse_half(${text("nam")}, ${t})`,
  count: (t) => `util.parse_bigint(${t})`,
  money: (t) => `util.parse_bigint(${t})`,
  number: (t) => `util.parse_number(${t})`,
  boolean: (t) => `util.parse_boolean(${t})`,
  finance_period: (t) => `util.parse_finance_period(${t})`,
});

/**
 * The fast parser of each kind: only the plain forms almost every row is written in
 * (`2024-06`, `1234567`, `có`), in plain SQL functions, and NULL for everything else.
 * Each is the first branch of its careful parser, so wherever it gives a value the
 * careful parser gives the same value; a row with a value the fast parser leaves NULL
 * goes to the second pass, which judges it with the careful parsers.
 */
export const FAST_PARSERS: Readonly<Record<ValueKind, (t: string, text: (name: string) => string) => string>> = Object.freeze({
  text: (t) => `util.clean(${t})`,
  tax_code: (t) => `case when regexp_full_match(${t}, '[0-9]{10}([0-9]{3})?') then util.parse_tax_code_digits(${t}) end`,
  // dd/mm/yyyy as written, then yyyy-mm-dd exactly (the careful parser's first two forms; a
  // date it accepts with surrounding spaces is the same date once trimmed).
  date: (t) =>
    `coalesce(try_strptime(${t}, '%d/%m/%Y')::date, case when regexp_full_match(${t}, '[0-9]{4}-[0-9]{2}-[0-9]{2}') then try_strptime(${t}, '%Y-%m-%d')::date end)`,
  month: (t) =>
    `coalesce(case when regexp_full_match(${t}, '[0-9]{4}-[0-9]{1,2}') then try_strptime(${t} || '-01', '%Y-%m-%d')::date end, try_strptime('01/' || trim(${t}), '%d/%m/%Y')::date)`,
  year: (t) => `util.parse_year(${t})`,
  half: (t, text) => `util.parse_half(${text("nam")}, ${t})`,
  count: (t) => `case when not contains(${t}, '.') and not contains(${t}, ',') then try_cast(${t} as bigint) end`,
  money: (t) => `case when not contains(${t}, '.') and not contains(${t}, ',') then try_cast(${t} as bigint) end`,
  number: (t) => `case when regexp_full_match(${t}, '-?[0-9]+([.][0-9]+)?([eE][-+]?[0-9]+)?') then try_cast(${t} as double) end`,
  boolean: (t) => `case ${t} when 'không' then false when 'có' then true end`,
  finance_period: (t) =>
    `case when regexp_full_match(${t}, '[0-9]{1,2}/[0-9]{4}') and try_strptime('01/' || ${t}, '%d/%m/%Y') is not null
      then util.finance_period_of('MONTH', try_strptime('01/' || ${t}, '%d/%m/%Y')::date, 1) end`,
});

/**
 * Typed source columns (Parquet) whose values need no parsing: a value of that DuckDB
 * type is what the careful parser makes of its text (`c::varchar`). Any other type is
 * read through its text.
 */
const PASSTHROUGH: Partial<Record<ValueKind, { readonly types: readonly string[]; readonly value: (c: string) => string }>> = {
  count: { types: ["BIGINT", "INTEGER", "SMALLINT", "TINYINT", "UINTEGER", "USMALLINT", "UTINYINT"], value: (c) => `${c}::bigint` },
  money: { types: ["BIGINT", "INTEGER", "SMALLINT", "TINYINT", "UINTEGER", "USMALLINT", "UTINYINT"], value: (c) => `${c}::bigint` },
  // (text of an infinite double or of a date outside years 1-9999 is no number or date the parsers accept)
  number: { types: ["DOUBLE"], value: (c) => `case when isfinite(${c}) then ${c} end` },
  date: { types: ["DATE"], value: (c) => `case when isfinite(${c}) and year(${c}) between 1 and 9999 then ${c} end` },
  boolean: { types: ["BOOLEAN"], value: (c) => c },
  year: { types: ["BIGINT", "INTEGER", "SMALLINT", "USMALLINT", "UINTEGER"], value: (c) => `case when ${c} between 1975 and 2100 then ${c}::integer end` },
};

/** The value of a typed source column `c` (DuckDB type `type`) as `kind`, or undefined when it must be parsed from its text. */
export function passthroughValue(kind: ValueKind, type: string, c: string): string | undefined {
  const rule = PASSTHROUGH[kind];
  return rule?.types.includes(type.toUpperCase()) ? rule.value(c) : undefined;
}

/**
 * The raw value of contract column `column` from the text of its row (`text(name)`, SQL):
 * the careful parser's value for typed columns, the text itself for text columns. Used
 * wherever rows arrive as text (XLSX, rows re-judged in the second pass, migrations).
 */
export function rawValueFromText(column: ColumnContract, text: (name: string) => string): string {
  if (storedAsText(column)) return text(column.name);
  const parsed = CAREFUL_PARSERS[column.kind](text(column.name), text);
  return `(${parsed})::${rawType(column)}`;
}

/** Every contract column of `contract` as its raw value from text (a select list, aliased by column name). */
export function rawValuesFromText(contract: DatasetContract, text: (name: string) => string): string {
  return contract.columns.map((c) => `${rawValueFromText(c, text)} as "${c.name}"`).join(", ");
}
