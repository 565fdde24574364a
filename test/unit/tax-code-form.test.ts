/**
 * The official written form of tax codes (queries/tax-code.ts): a branch is shown
 * `3200001609-001`, a 10-digit code as it is; any written form is read back. Codes are
 * the tiny test warehouse's (unit 16 `3200001609`, its branch unit 10 `3200001609001`)
 * and the stdnum documentation's `0100109106`.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { formatTaxCode, formatTaxCodeSql, parseTaxCode } from "../../queries/tax-code.js";

describe("formatTaxCode", () => {
  it.each([
    ["3200001609001", "3200001609-001"],
    ["0100109106002", "0100109106-002"],
    ["3200001609", "3200001609"],
    ["0100109106", "0100109106"],
  ])("shows %s as %s", (stored, shown) => {
    expect(formatTaxCode(stored)).toBe(shown);
  });

  it.each([
    ["a code already written", "3200001609-001"],
    ["a code as a source wrote it", "32.00001609"],
    ["a union code", "CD461-000421"],
    ["an SI unit code", "TA0001"],
    ["12 digits (a personal identification number)", "046201001234"],
    ["14 digits", "32000016090011"],
    ["empty", ""],
  ])("leaves anything but 13 digits alone: %s", (_kind, value) => {
    expect(formatTaxCode(value)).toBe(value);
  });

  it("keeps null null", () => {
    expect(formatTaxCode(null)).toBeNull();
  });
});

describe("parseTaxCode reads every written form back to the stored digits", () => {
  it.each([
    ["3200001609-001", "3200001609001"],
    ["3200001609001", "3200001609001"],
    ["3200 001 609-001", "3200001609001"],
    ["32.00001609-001", "3200001609001"],
    ["3200001609", "3200001609"],
    ["3200 001 609", "3200001609"],
    ["32.00001609", "3200001609"],
  ])("%j → %s", (written, stored) => {
    expect(parseTaxCode(written)).toBe(stored);
  });

  it("refuses a code that is none, naming the argument", () => {
    expect(() => parseTaxCode("3200001609-000", "filter.taxCodeIn")).toThrow(/^filter\.taxCodeIn: "3200001609-000" is not a tax code/);
    expect(() => parseTaxCode("3200001608")).toThrow(/^taxCode: "3200001608" is not a tax code/);
  });

  it("reads its own written form back (every branch suffix of unit 16)", () => {
    for (let suffix = 1; suffix <= 999; suffix++) {
      const stored = `3200001609${String(suffix).padStart(3, "0")}`;
      expect(parseTaxCode(formatTaxCode(stored))).toBe(stored);
    }
  });
});

describe("formatTaxCodeSql (the SQL relations' form) writes what formatTaxCode writes", () => {
  it("on stored codes, written codes, other keys and NULL", async () => {
    const values = [
      "3200001609001",
      "0100109106002",
      "3200001609",
      "3200001609-001",
      "32.00001609",
      "CD461-000421",
      "046201001234",
      "32000016090011",
      "320000160900a",
      "",
      null,
    ];
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
      const list = values.map((v) => (v === null ? "(null)" : `('${v}')`)).join(", ");
      const reader = await connection.runAndReadAll(`select ${formatTaxCodeSql("c")} as shown from (values ${list}) t(c)`);
      expect(reader.getRowsJS().map(([shown]) => shown)).toEqual(values.map((v) => formatTaxCode(v)));
      expect(reader.getRowsJS()[0][0]).toBe("3200001609-001");
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
