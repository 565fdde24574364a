import { registerEnumType } from "type-graphql";
import { type CodeLabel, LEGAL_FORMS, OWNERSHIPS, SIZE_BANDS, UNIT_STATUSES, WORKERS_SOURCES } from "../../core/code-lists.js";

/**
 * GraphQL enums over the warehouse's closed code lists. Each enum value's internal
 * value is the warehouse code, so resolvers pass codes through unchanged. A code
 * the list does not know reads as null (`codeOf`), never as an error for the page.
 */
type EnumObject = Readonly<Record<string, string>>;

function enumOf(entries: readonly CodeLabel[], names: Readonly<Record<string, string>> = {}): EnumObject {
  return Object.freeze(Object.fromEntries(entries.map((e) => [names[e.code] ?? e.code, e.code])));
}

function register(enumObject: EnumObject, entries: readonly CodeLabel[], name: string, description: string): void {
  const label = new Map(entries.map((e) => [e.code, e.label]));
  registerEnumType(enumObject, {
    name,
    description,
    valuesConfig: Object.fromEntries(Object.entries(enumObject).map(([key, code]) => [key, { description: `${label.get(code)} (\`${code}\`)` }])),
  });
}

export const Ownership = enumOf(OWNERSHIPS);
register(Ownership, OWNERSHIPS, "Ownership", "Ownership of an employer unit (statistics survey `loai_hinh_so_huu`).");

export const LegalForm = enumOf(LEGAL_FORMS);
register(LegalForm, LEGAL_FORMS, "LegalForm", "Legal form of an employer unit (tax registry `loai_hinh`).");

export const SizeBand = enumOf(SIZE_BANDS, {
  "<5": "UNDER_5",
  "5-19": "FROM_5_TO_19",
  "20-49": "FROM_20_TO_49",
  "50-199": "FROM_50_TO_199",
  "200-999": "FROM_200_TO_999",
  "1000+": "FROM_1000",
});
register(SizeBand, SIZE_BANDS, "SizeBand", "Band of the unit's workers in the year.");

export const UnitStatus = enumOf(UNIT_STATUSES);
register(UnitStatus, UNIT_STATUSES, "UnitStatus", "Tax-registry status of an employer unit.");

export const WorkersSource = enumOf(WORKERS_SOURCES);
register(
  WorkersSource,
  WORKERS_SOURCES,
  "WorkersSource",
  "Which source gave the unit's workers for the year (docs/DOMAIN.md § Workers, precedence: STATS, then LABOUR_H2, LABOUR_H1, then SI).",
);

export const SortDirection = Object.freeze({ ASC: "ASC", DESC: "DESC" } as const);
registerEnumType(SortDirection, {
  name: "SortDirection",
  description: "Sort direction; units without a value sort last either way.",
  valuesConfig: { ASC: { description: "Smallest (or A) first." }, DESC: { description: "Largest (or Z) first." } },
});

/** The warehouse code if `enumObject` knows it, else null. */
export function codeOf(enumObject: EnumObject, code: string | null): string | null {
  return code !== null && Object.values(enumObject).includes(code) ? code : null;
}
