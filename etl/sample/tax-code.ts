/**
 * Vietnamese tax codes (mã số thuế) as docs/SOURCES.md § Common value rules defines them: 10 digits, or 13 for a
 * branch (parent + 3-digit suffix); weights 31,29,23,19,17,13,7,5,3 over the first nine
 * digits, check = 10 − (sum mod 11), a result of 10 is never valid; the first two digits
 * are not `00` and a branch suffix is not `000`.
 */
import type { Random } from "./prng.js";

const WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3] as const;

/** The check digit for nine digits, or null when the formula gives 10 (no valid code). */
export function checkDigitOf(firstNine: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += WEIGHTS[i] * (firstNine.charCodeAt(i) - 48);
  const check = 10 - (sum % 11);
  return check === 10 ? null : check;
}

/** Digits only: spaces, dots and dashes removed (what the ETL normalises to). */
export function taxDigits(text: string): string {
  return text.replace(/[\s.-]/g, "");
}

export function isValidTaxCode(text: string): boolean {
  const digits = taxDigits(text);
  if (!/^\d{10}(\d{3})?$/.test(digits)) return false;
  if (digits.startsWith("00")) return false;
  if (digits.length === 13 && digits.endsWith("000")) return false;
  return checkDigitOf(digits) === digits.charCodeAt(9) - 48;
}

/** A valid 10-digit code starting with `prefix` (two digits). */
export function randomTaxCode(random: Random, prefix: string): string {
  for (;;) {
    let nine = prefix;
    while (nine.length < 9) nine += String(random.int(0, 9));
    const check = checkDigitOf(nine);
    if (check !== null) return nine + check;
  }
}

/** The written form of a code: `3200123456` or `3200123456-001`. */
export function formatTaxCode(code: string): string {
  return code.length === 13 ? `${code.slice(0, 10)}-${code.slice(10)}` : code;
}

// ---- valid formatting variants (they must load) ----

/** `3200 123 456` (and `3200 123 456-001` for a branch). */
export function spacedTaxCode(code: string): string {
  const head = `${code.slice(0, 4)} ${code.slice(4, 7)} ${code.slice(7, 10)}`;
  return code.length === 13 ? `${head}-${code.slice(10)}` : head;
}

/** `32.00123456` (and `32.00123456-001`). */
export function dottedTaxCode(code: string): string {
  const head = `${code.slice(0, 2)}.${code.slice(2, 10)}`;
  return code.length === 13 ? `${head}-${code.slice(10)}` : head;
}

// ---- invalid codes ----

function fails(code: string): boolean {
  return !isValidTaxCode(code);
}

/** The same code with a wrong check digit. */
export function withBadCheckDigit(code: string, random: Random): string {
  const good = code.charCodeAt(9) - 48;
  const bad = (good + random.int(1, 9)) % 10;
  return formatTaxCode(code.slice(0, 9) + bad + code.slice(10));
}

/** One digit dropped or one added (9 or 11 digits). */
export function withWrongLength(code: string, random: Random): string {
  const head = code.slice(0, 10);
  const at = random.int(2, 9);
  return random.chance(0.5) ? head.slice(0, at) + head.slice(at + 1) : head.slice(0, at) + random.int(0, 9) + head.slice(at);
}

/** A code starting with `00` whose check digit is otherwise right. */
export function withZeroPrefix(code: string, random: Random): string {
  for (;;) {
    const nine = `00${code.slice(2, 8)}${random.int(0, 9)}`;
    const check = checkDigitOf(nine);
    if (check !== null) return nine + check;
  }
}

/** A branch code with the forbidden suffix `000`. */
export function withBranchSuffix000(code: string): string {
  return `${code.slice(0, 10)}-000`;
}

/** One digit of the 10-digit root changed so that the check digit fails (a typing slip). */
export function withOneDigitChanged(code: string, random: Random): string {
  for (;;) {
    const at = random.int(2, 9);
    const digit = (code.charCodeAt(at) - 48 + random.int(1, 9)) % 10;
    const typed = code.slice(0, at) + digit + code.slice(at + 1);
    if (fails(typed)) return formatTaxCode(typed);
  }
}

/** Two neighbouring digits of the root swapped so that the check digit fails. */
export function withTwoDigitsSwapped(code: string, random: Random): string {
  for (let attempt = 0; attempt < 50; attempt++) {
    const at = random.int(2, 8);
    if (code[at] === code[at + 1]) continue;
    const typed = code.slice(0, at) + code[at + 1] + code[at] + code.slice(at + 2);
    if (fails(typed)) return formatTaxCode(typed);
  }
  return withOneDigitChanged(code, random);
}
