/**
 * The session statements PostgreSQL clients send on their own (at connect, around
 * queries): `SET extra_float_digits = 3`, `SET application_name`, `BEGIN`/`COMMIT`,
 * `SHOW TRANSACTION ISOLATION LEVEL`, `DISCARD ALL`… They are answered as PostgreSQL
 * would, without executing anything: every session is read-only, in UTC, in UTF-8.
 * A SET of anything else is not one of these, and the statement guard refuses it.
 */
import { firstWord } from "./statement-guard.js";

/** Server parameters reported at connect (ParameterStatus) and by SHOW. */
export const SERVER_PARAMETERS: Readonly<Record<string, string>> = Object.freeze({
  server_version: "15.0",
  server_encoding: "UTF8",
  client_encoding: "UTF8",
  DateStyle: "ISO, MDY",
  IntervalStyle: "postgres",
  TimeZone: "UTC",
  integer_datetimes: "on",
  standard_conforming_strings: "on",
  is_superuser: "off",
  default_transaction_read_only: "on",
  in_hot_standby: "off",
});

const SHOWN: Readonly<Record<string, string>> = Object.freeze({
  ...Object.fromEntries(Object.entries(SERVER_PARAMETERS).map(([k, v]) => [k.toLowerCase(), v])),
  "transaction isolation level": "read committed",
  transaction_isolation: "read committed",
  transaction_read_only: "on",
  search_path: '"$user", public',
  max_identifier_length: "63",
  statement_timeout: "0",
  lc_collate: "C.UTF-8",
  lc_ctype: "C.UTF-8",
  application_name: "",
  extra_float_digits: "1",
  max_index_keys: "32",
});

/** SET targets clients send that change nothing here. */
const HARMLESS_SETTINGS = new Set([
  "extra_float_digits",
  "application_name",
  "client_encoding",
  "datestyle",
  "timezone",
  "time zone",
  "search_path",
  "statement_timeout",
  "lock_timeout",
  "idle_in_transaction_session_timeout",
  "standard_conforming_strings",
  "intervalstyle",
  "client_min_messages",
  "bytea_output",
  "characteristics as transaction",
  "transaction",
  "lc_messages",
  "lc_monetary",
  "lc_numeric",
  "lc_time",
  "jit",
  "names",
  "default_transaction_read_only",
  "default_transaction_isolation",
  "transaction isolation level",
  "transaction read only",
]);

export interface SessionAnswer {
  /** CommandComplete tag. */
  readonly tag: string;
  /** For SHOW: one column and one row. */
  readonly show?: { readonly column: string; readonly value: string };
  /** The transaction status after it: in a (no-op) transaction block or not. */
  readonly transaction?: boolean;
}

/** The answer to a session statement, or null when `sql` is not one (it then goes to the guard). */
export function sessionStatement(sql: string): SessionAnswer | null {
  const text = sql.trim().replace(/;\s*$/, "").trim();
  const word = firstWord(text);
  const rest = text
    .slice(text.toLowerCase().indexOf(word) + word.length)
    .trim()
    .toLowerCase();
  switch (word) {
    case "set": {
      const target = rest.replace(/\s+/g, " ").replace(/^(session|local) /, "");
      const name = [...HARMLESS_SETTINGS].find((s) => target === s || target.startsWith(`${s} `) || target.startsWith(`${s}=`));
      return name ? { tag: "SET" } : null;
    }
    case "reset":
      return rest === "all" || HARMLESS_SETTINGS.has(rest) ? { tag: "RESET" } : null;
    case "show": {
      const name = rest.replace(/\s+/g, " ");
      const value = SHOWN[name];
      if (value === undefined) return null;
      return { tag: "SHOW", show: { column: name === "transaction isolation level" ? "transaction_isolation" : name, value } };
    }
    case "begin":
    case "start":
      return word === "begin" || rest.startsWith("transaction") ? { tag: "BEGIN", transaction: true } : null;
    case "commit":
    case "end":
      return { tag: "COMMIT", transaction: false };
    case "rollback":
    case "abort":
      return /^(work|transaction)?\s*$/.test(rest) ? { tag: "ROLLBACK", transaction: false } : null;
    case "discard":
      return { tag: `DISCARD ${rest.toUpperCase()}` };
    case "deallocate":
      return { tag: "DEALLOCATE" };
    case "close":
      return { tag: "CLOSE CURSOR" };
    case "unlisten":
      return { tag: "UNLISTEN" };
    default:
      return null;
  }
}
