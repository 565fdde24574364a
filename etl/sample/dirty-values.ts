/**
 * How values get written, right and wrong: the kinds of dirt shared by several datasets
 * (tax codes, dates, money, counts) and the text each kind produces.
 */
import { type Day, excelSerial, formatDmy, formatDmyShort, formatIso, ymdOf } from "./calendar.js";
import type { DirtKind, ExpectedReason } from "./dirt-scheduler.js";
import type { EmployerUnit } from "./population.js";
import type { Random } from "./prng.js";
import { dottedTaxCode, formatTaxCode, spacedTaxCode, withBadCheckDigit, withBranchSuffix000, withWrongLength, withZeroPrefix } from "./tax-code.js";

export interface UnitRowContext {
  readonly unit: EmployerUnit;
}

const isBranch = (c: UnitRowContext) => c.unit.taxCode.length === 13;

/**
 * Invalid tax codes, with the dataset's reason: INVALID_TAX_CODE where the code is a key,
 * "" (loaded, flagged) where an invalid code is kept.
 */
export function invalidTaxCodeDirt<C extends UnitRowContext>(reason: ExpectedReason, rate = 0.006): DirtKind<C>[] {
  return [
    { name: "tax_code_bad_check_digit", rate, reason },
    { name: "tax_code_wrong_length", rate: rate / 2, reason },
    { name: "tax_code_00_prefix", rate: rate / 2, reason },
    { name: "tax_code_branch_000", rate: rate * 5, reason, appliesTo: isBranch },
  ];
}

/** Valid ways of writing a tax code: they must load. */
export function taxCodeFormatDirt<C extends UnitRowContext>(): DirtKind<C>[] {
  return [
    { name: "tax_code_spaced", rate: 0.01, reason: "" },
    { name: "tax_code_dotted", rate: 0.008, reason: "" },
    { name: "tax_code_branch_no_dash", rate: 0.1, reason: "", appliesTo: isBranch },
  ];
}

/** Both: the tax-code dirt of a dataset whose rows carry the unit's tax code. */
export function taxCodeDirt<C extends UnitRowContext>(invalidReason: ExpectedReason, rate = 0.006): DirtKind<C>[] {
  return [...invalidTaxCodeDirt<C>(invalidReason, rate), ...taxCodeFormatDirt<C>()];
}

/** The tax code as written for a row: the dirt's form, or the standard one. */
export function writtenTaxCode(code: string, dirt: string | undefined, random: Random): string {
  switch (dirt) {
    case "tax_code_bad_check_digit":
      return withBadCheckDigit(code, random);
    case "tax_code_wrong_length":
      return withWrongLength(code, random);
    case "tax_code_00_prefix":
      return withZeroPrefix(code, random);
    case "tax_code_branch_000":
      return withBranchSuffix000(code);
    case "tax_code_spaced":
      return spacedTaxCode(code);
    case "tax_code_dotted":
      return dottedTaxCode(code);
    case "tax_code_branch_no_dash":
      return code;
    default:
      return formatTaxCode(code);
  }
}

export type DateStyle = "dd/mm/yyyy" | "d/m/yyyy" | "yyyy-mm-dd" | "excel-serial";

export function dateText(day: Day, style: DateStyle): string {
  switch (style) {
    case "dd/mm/yyyy":
      return formatDmy(day);
    case "d/m/yyyy":
      return formatDmyShort(day);
    case "yyyy-mm-dd":
      return formatIso(day);
    case "excel-serial":
      return String(excelSerial(day));
  }
}

/** A date written another valid way than the file's usual `dd/mm/yyyy`. */
export function otherDateStyle(day: Day, random: Random): DateStyle {
  const { month, day: d } = ymdOf(day);
  const styles: DateStyle[] = ["yyyy-mm-dd", "excel-serial"];
  if (d < 10 || month < 10) styles.push("d/m/yyyy");
  return random.pick(styles);
}

/** A date that cannot be parsed: impossible day or month, or not a date at all. */
export function badDateText(random: Random, year: number): string {
  return random.pick([`31/02/${year}`, `30/02/${year}`, `32/01/${year}`, `15/13/${year}`, `${year}-02-30`, "abc", "00/00/0000"]);
}

/** A count or amount with letters in it (`12a`). */
export function badNumberText(value: number, random: Random): string {
  return `${value}${random.pick(["a", "x", "o"])}`;
}

/** `1234567` → `1.234.567` (Vietnamese thousands dots). */
export function withThousandsDots(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

/** `1234567` → `1,234,567`. */
export function withThousandsCommas(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** A money amount as a given dirt writes it (thousands separators are valid). */
export function moneyText(value: number, dirt: string | undefined): string {
  if (dirt === "money_thousands_dots") return withThousandsDots(value);
  if (dirt === "money_thousands_commas") return withThousandsCommas(value);
  return String(value);
}

export function moneyFormatDirt<C>(appliesTo: (context: C) => boolean): DirtKind<C>[] {
  return [
    { name: "money_thousands_dots", rate: 0.012, reason: "", appliesTo },
    { name: "money_thousands_commas", rate: 0.008, reason: "", appliesTo },
  ];
}
