/** `_truth/units.csv`: the true employer units, one line each. */
import { formatIso } from "../calendar.js";
import type { EmployerUnit } from "../population.js";

export const UNITS_HEADER = [
  "tax_code",
  "parent_tax_code",
  "name",
  "legal_form",
  "ownership",
  "vsic",
  "commune_code",
  "district_code",
  "industrial_zone",
  "registered_on",
  "closed_on",
  "status",
] as const;

export function unitRecord(unit: EmployerUnit): string[] {
  return [
    unit.taxCode,
    unit.parentTaxCode ?? "",
    unit.name,
    unit.legalForm,
    unit.ownership,
    unit.activity.vsic,
    unit.commune?.code ?? "",
    unit.district.code,
    unit.zone?.name ?? "",
    formatIso(unit.registeredOn),
    unit.closedOn === null ? "" : formatIso(unit.closedOn),
    unit.status,
  ];
}
