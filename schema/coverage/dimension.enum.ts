import { registerEnumType } from "type-graphql";
import { DIMENSIONS, type Dimension as DimensionCode } from "../../queries/dimensions.js";

export const Dimension = Object.freeze(Object.fromEntries(DIMENSIONS.map((d) => [d, d])) as { readonly [D in DimensionCode]: D });

registerEnumType(Dimension, {
  name: "Dimension",
  description: "What aggregates can be grouped by. Dimensions with a closed list (marked) show every value, with zeros where no unit falls.",
  valuesConfig: {
    PROVINCE: { description: "Province from 1 July 2025, through the crosswalk (the provinces units are in)." },
    DISTRICT: { description: "District before the July 2025 reform (closed list: every district of the provinces the warehouse covers)." },
    COMMUNE: { description: "Commune before the July 2025 reform (closed list: every commune of the provinces the warehouse covers)." },
    NEW_COMMUNE: { description: "Commune from 1 July 2025, through the crosswalk (closed list)." },
    SECTOR: { description: "VSIC 2018 section A–U (closed list)." },
    OWNERSHIP: { description: "State, non-state, foreign-invested (closed list)." },
    LEGAL_FORM: { description: "Legal form (closed list)." },
    SIZE_BAND: { description: "Workers band (closed list)." },
    INDUSTRIAL_ZONE: { description: "Industrial or economic zone; units outside any zone have a null code." },
    UPPER_UNION: { description: "Upper union of the unit's union; units without a union have a null code." },
    YEAR: { description: "The year asked for (closed list of one value)." },
  },
});
