import { registerEnumType } from "type-graphql";
import type { TimeGrain as TimeGrainCode } from "../../queries/semantic/catalog.types.js";
import { MEASURES } from "../../queries/semantic/measures.catalog.js";

/** The catalog's measures as an enum: `COVERAGE_RATE` → the field name `coverageRate`, which resolvers receive. */
export const Measure = Object.freeze(Object.fromEntries(MEASURES.map((m) => [m.enumName, m.name])) as Readonly<Record<string, string>>);

registerEnumType(Measure, {
  name: "Measure",
  description: "A measure of the catalog (docs/DOMAIN.md), named as its AnalyticsRow field in upper snake case.",
  valuesConfig: Object.fromEntries(
    MEASURES.map((m) => [m.enumName, { description: `${m.description} (${m.kind.toLowerCase()}, per ${m.grain.toLowerCase().replace("_", "-")}, ${m.unit})` }]),
  ),
});

export const TimeGrain = Object.freeze({ YEAR: "YEAR", QUARTER: "QUARTER", MONTH: "MONTH" } as const satisfies Record<TimeGrainCode, TimeGrainCode>);

registerEnumType(TimeGrain, {
  name: "TimeGrain",
  description: "Length of an analytics question's periods. QUARTER and MONTH answer only measures held per unit-month (union-fee collection, insured workers).",
  valuesConfig: {
    YEAR: { description: "Calendar years (values of unit-years at 31 December)." },
    QUARTER: { description: "Calendar quarters (January–March, …)." },
    MONTH: { description: "Calendar months." },
  },
});
