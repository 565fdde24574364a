import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { CONDITIONS } from "../../queries/semantic/conditions.catalog.js";
import { DIMENSION_CATALOG } from "../../queries/semantic/dimensions.catalog.js";
import { DOMAIN_HEADINGS_NOT_MEASURED, MEASURES, measureSpec } from "../../queries/semantic/measures.catalog.js";

/**
 * docs/DOMAIN.md and the catalog name the same measures: every `### heading` of its
 * "Measures" section is defined by a measure of the catalog (or a condition or dimension
 * it names), or is listed with the reason it has none; and every heading the catalog
 * cites is in docs/DOMAIN.md.
 */
const domain = readFileSync(new URL("../../docs/DOMAIN.md", import.meta.url), "utf8");

function headings(section?: string): string[] {
  let text = domain;
  if (section) {
    const start = domain.indexOf(`\n## ${section}\n`);
    expect(start, `docs/DOMAIN.md has a "## ${section}" section`).toBeGreaterThanOrEqual(0);
    const end = domain.indexOf("\n## ", start + 1);
    text = domain.slice(start, end < 0 ? undefined : end);
  }
  return [...text.matchAll(/^### (.+?)\s*$/gm)].map((m) => m[1]);
}

const cited = new Set([
  ...MEASURES.map((m) => m.domain),
  // null is "no heading defines it"; any string must be a heading (an empty one is not)
  ...Object.values(CONDITIONS).flatMap((c) => (c.domain === null ? [] : [c.domain])),
  ...Object.values(DIMENSION_CATALOG).flatMap((d) => (d.domain ? [d.domain] : [])),
]);

describe("the measure catalog and docs/DOMAIN.md", () => {
  test("every measure heading of docs/DOMAIN.md is in the catalog, or listed with why it is not", () => {
    const measureHeadings = headings("Measures");
    expect(measureHeadings.length).toBeGreaterThan(15);
    const missing = measureHeadings.filter((h) => !cited.has(h) && !(h in DOMAIN_HEADINGS_NOT_MEASURED));
    expect(missing).toEqual([]);
  });

  test("every heading the catalog cites is a heading of docs/DOMAIN.md, and every heading listed as not measured is a measure heading", () => {
    const all = new Set(headings());
    expect([...cited].filter((h) => !all.has(h))).toEqual([]);
    const measureHeadings = new Set(headings("Measures"));
    expect(Object.keys(DOMAIN_HEADINGS_NOT_MEASURED).filter((h) => !measureHeadings.has(h) || cited.has(h))).toEqual([]);
  });

  test("every condition says what it means: a description of one or more sentences, and a docs/DOMAIN.md heading or null", () => {
    const all = new Set(headings());
    for (const [name, c] of Object.entries(CONDITIONS)) {
      expect(c.description, name).toMatch(/^[A-Z].{15,}[.)]$/s);
      if (c.domain !== null) expect(all.has(c.domain), `${name} cites "${c.domain}"`).toBe(true);
    }
  });

  test("each measure once: unique field and enum names, enum names are the field names in upper snake case, ratios over base measures of their grain", () => {
    const names = MEASURES.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(MEASURES.map((m) => m.enumName)).size).toBe(names.length);
    for (const m of MEASURES) {
      expect(m.enumName).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(m.enumName.replace(/_/g, "").toLowerCase()).toBe(m.name.toLowerCase());
      if (m.kind === "RATIO") {
        for (const part of [m.numerator, m.denominator]) {
          expect(measureSpec(part).grain, `${m.name}: ${part}`).toBe(m.grain);
          expect(measureSpec(part).kind, `${m.name}: ${part}`).not.toBe("RATIO");
        }
        expect(m.unit).toBe("fraction");
      } else {
        expect(measureSpec(m.support).grain, `${m.name} support`).toBe(m.grain);
        expect(m.scalar).toBe(m.unit === "VND" ? "BigInt" : "Int");
      }
    }
  });

  test("the two agreement rates and the two member counts are two entries with two names", () => {
    const agreement = measureSpec("agreementRate");
    const program = measureSpec("programAgreementRate");
    expect(agreement.kind === "RATIO" && agreement.denominator).toBe("unionisedUnits");
    expect(program.kind === "RATIO" && program.denominator).toBe("activeUnionisedUnits");
    expect(measureSpec("members").grain).toBe("UNION_YEAR");
    expect(measureSpec("inScopeMembers").grain).toBe("UNIT_YEAR");
  });
});
