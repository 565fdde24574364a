/**
 * The ranges membershipGrowth and financeCollection accept (queries/membership.ts checkYears,
 * queries/finance.ts periodsOf): their bounds, inclusive, and the errors a caller gets, with
 * the periods worked out by hand from the calendar. Written for the mutants `npm run mutate`
 * found alive in those modules (boundaries, messages, the arguments the errors name).
 */
import { describe, expect, test } from "vitest";
import { MAX_PERIODS, periodsOf } from "../../queries/finance.js";
import { checkYears, MAX_YEARS } from "../../queries/membership.js";
import { errorOf } from "../helpers/thrown-error.js";

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const shown = (periods: { start: Date; end: Date }[]) => periods.map((p) => [p.start.toISOString().slice(0, 10), p.end.toISOString().slice(0, 10)]);

describe("checkYears", () => {
  test("years 1900 to 2200 are years; a range of MAX_YEARS (50) years is accepted", () => {
    expect(MAX_YEARS).toBe(50);
    expect(checkYears(2024, 2024)).toEqual({ fromYear: 2024, toYear: 2024 });
    expect(checkYears(1900, 1949)).toEqual({ fromYear: 1900, toYear: 1949 });
    expect(checkYears(2151, 2200)).toEqual({ fromYear: 2151, toYear: 2200 });
  });

  test("a year outside 1900–2200, or not whole, is BAD_USER_INPUT naming its argument", () => {
    expect(errorOf(() => checkYears(1899, 2024))).toEqual({
      message: "fromYear must be a year, got 1899",
      extensions: { argument: "fromYear", code: "BAD_USER_INPUT" },
    });
    expect(errorOf(() => checkYears(2190, 2201))).toEqual({
      message: "toYear must be a year, got 2201",
      extensions: { argument: "toYear", code: "BAD_USER_INPUT" },
    });
    expect(errorOf(() => checkYears(2024, 2024.5)).message).toBe("toYear must be a year, got 2024.5");
  });

  test("from after to, and a range of 51 years, are BAD_USER_INPUT", () => {
    expect(errorOf(() => checkYears(2025, 2024))).toEqual({
      message: "fromYear 2025 is after toYear 2024",
      extensions: { argument: "fromYear", code: "BAD_USER_INPUT" },
    });
    expect(errorOf(() => checkYears(1974, 2024))).toEqual({
      message: "the range spans 51 years, more than 50",
      extensions: { argument: "toYear", limit: 50, code: "BAD_USER_INPUT" },
    });
  });
});

describe("periodsOf", () => {
  test("each period whole, from the one holding `from` to the one holding `to`", () => {
    expect(shown(periodsOf(day("2024-02-15"), day("2024-11-30"), "QUARTER"))).toEqual([
      ["2024-01-01", "2024-03-31"],
      ["2024-04-01", "2024-06-30"],
      ["2024-07-01", "2024-09-30"],
      ["2024-10-01", "2024-12-31"],
    ]);
    expect(shown(periodsOf(day("2024-02-10"), day("2024-03-05"), "MONTH"))).toEqual([
      ["2024-02-01", "2024-02-29"],
      ["2024-03-01", "2024-03-31"],
    ]);
    expect(shown(periodsOf(day("2023-12-15"), day("2024-01-02"), "MONTH"))).toEqual([
      ["2023-12-01", "2023-12-31"],
      ["2024-01-01", "2024-01-31"],
    ]);
    expect(shown(periodsOf(day("2023-06-01"), day("2024-01-01"), "YEAR"))).toEqual([
      ["2023-01-01", "2023-12-31"],
      ["2024-01-01", "2024-12-31"],
    ]);
    expect(shown(periodsOf(day("2024-05-31"), day("2024-05-31"), "MONTH"))).toEqual([["2024-05-01", "2024-05-31"]]);
  });

  test("from after to is BAD_USER_INPUT on `from`", () => {
    expect(errorOf(() => periodsOf(day("2024-12-01"), day("2024-01-01"), "MONTH"))).toEqual({
      message: "from 2024-12-01 is after to 2024-01-01",
      extensions: { argument: "from", code: "BAD_USER_INPUT" },
    });
  });

  test("MAX_PERIODS (600) periods are answered, one more is BAD_USER_INPUT on `to`", () => {
    expect(MAX_PERIODS).toBe(600);
    const months = periodsOf(day("1975-01-01"), day("2024-12-31"), "MONTH");
    expect(months).toHaveLength(600);
    expect(shown([months[0], months[599]])).toEqual([
      ["1975-01-01", "1975-01-31"],
      ["2024-12-01", "2024-12-31"],
    ]);
    expect(errorOf(() => periodsOf(day("1974-12-01"), day("2024-12-31"), "MONTH"))).toEqual({
      message: "the range has 601 periods of a month, more than 600",
      extensions: { argument: "to", limit: 600, code: "BAD_USER_INPUT" },
    });
    expect(errorOf(() => periodsOf(day("1800-01-01"), day("2024-12-31"), "QUARTER")).message).toBe("the range has 900 periods of a quarter, more than 600");
  });
});
