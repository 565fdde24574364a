import { registerEnumType } from "type-graphql";

export const TargetPaceKind = Object.freeze({ FLOW: "FLOW", LEVEL: "LEVEL" } as const);

registerEnumType(TargetPaceKind, {
  name: "TargetPaceKind",
  description: "How a target is read.",
  valuesConfig: {
    FLOW: {
      description:
        "So many per year over the target's period (new members): met when the period's total reaches value × years, i.e. the yearly average meets the value; each year's own result is listed too.",
    },
    LEVEL: { description: "A level to reach by the period's last year (a rate): met when the value at 31 December of toYear meets it." },
  },
});

export const TargetPaceStatus = Object.freeze({ MET: "MET", MISSED: "MISSED", OPEN: "OPEN", UNKNOWN: "UNKNOWN" } as const);

registerEnumType(TargetPaceStatus, {
  name: "TargetPaceStatus",
  description: "Whether the known years decide the target.",
  valuesConfig: {
    MET: { description: "Decided by the known years: met." },
    MISSED: { description: "Decided by the known years: missed." },
    OPEN: { description: "Still open: the probability comes from the forecast." },
    UNKNOWN: { description: "Neither the known years nor a forecast can tell (no data, a series too short, a metric no forecast serves)." },
  },
});

export const DensityBasis = Object.freeze({ SECTOR_SIZE_BAND: "SECTOR_SIZE_BAND", PROVINCE: "PROVINCE", ALL: "ALL" } as const);

registerEnumType(DensityBasis, {
  name: "DensityBasis",
  description: "Which unionised units a candidate's expected density was observed on.",
  valuesConfig: {
    SECTOR_SIZE_BAND: { description: "Those of the same province, VSIC section and size band (at least 3 of them)." },
    PROVINCE: { description: "Those of the same province (the sector and size band had fewer than 3)." },
    ALL: { description: "All of them (the province had none)." },
  },
});
