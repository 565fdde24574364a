import { stdnum } from "stdnum";
import { badUserInput } from "./user-errors.js";

/**
 * Tax codes (mã số thuế) in and out. The warehouse keys units by digits only: 10, or 13
 * for a branch (`3200123456001`). People and spreadsheets read them in the official form,
 * a branch written with a dash before its 3-digit suffix (`3200123456-001`): the API, the
 * exports, the dashboard, the CLI and the SQL endpoint's relations all show that form.
 * Input may come in any form (dashes, spaces, dots, 13 digits together): `parseTaxCode`
 * reads it.
 *
 * One rule each way: `formatTaxCode` writes, `parseTaxCode` reads; `formatTaxCodeSql`
 * is the same writing rule for SQL (relations read by BI tools), tested against
 * `formatTaxCode` (test/unit/tax-code-form.test.ts).
 */

/**
 * The official written form of a stored code: 10 digits as they are, 13 digits as
 * `3200123456-001`. Anything else (null, a code as a source wrote it, an agency's own
 * key) is returned unchanged, so it is safe on any value a field may hold.
 */
export function formatTaxCode(code: string): string;
export function formatTaxCode(code: string | null): string | null;
export function formatTaxCode(code: string | null): string | null {
  if (code === null || !/^\d{13}$/.test(code)) return code;
  return `${code.slice(0, 10)}-${code.slice(10)}`;
}

/** `formatTaxCode` as a SQL expression over a VARCHAR expression (a column of stored codes). */
export function formatTaxCodeSql(expression: string): string {
  return `(case when regexp_full_match(${expression}, '[0-9]{13}') then substr(${expression}, 1, 10) || '-' || substr(${expression}, 11) else ${expression} end)`;
}

/**
 * A tax code as the warehouse keys units: 10 digits, or 13 for a branch, check digit
 * valid. Spaces, dots and dashes are tolerated (`3200123456-001`, `3200 123 456-001`,
 * `32.00123456-001`, `3200123456001`). Anything else is BAD_USER_INPUT naming the
 * argument, with the reason.
 */
export function parseTaxCode(text: string, argument = "taxCode"): string {
  const result = stdnum.VN.mst.validate(text);
  if (!result.isValid) {
    throw badUserInput(`${argument}: "${text}" is not a tax code (10 digits, or 13 for a branch, with a valid check digit): ${result.error.message}`, {
      argument,
    });
  }
  return result.compact;
}
