import { registerEnumType } from "type-graphql";
import type { Granularity as GranularityCode } from "../../queries/finance.js";

export const Granularity = Object.freeze({ MONTH: "MONTH", QUARTER: "QUARTER", YEAR: "YEAR" } as const satisfies Record<GranularityCode, GranularityCode>);

registerEnumType(Granularity, {
  name: "Granularity",
  description: "Length of the periods of a finance series (calendar months, quarters or years).",
  valuesConfig: {
    MONTH: { description: "Calendar months." },
    QUARTER: { description: "Calendar quarters (January–March, …)." },
    YEAR: { description: "Calendar years." },
  },
});
