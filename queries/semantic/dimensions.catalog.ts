import { DIMENSION_SPECS, DIMENSIONS, type Dimension, type DimensionSpec } from "../dimensions.js";

/**
 * Every dimension once: its code (the `Dimension` enum), display name, whether its list
 * of values is closed (every value gets a row, zeros where no unit falls), which side of
 * the 1 July 2025 administrative reform its codes are on (the crosswalk of
 * etl/reference maps old communes to new ones), and the column of `u` it reads. The SQL
 * (key and values) is queries/dimensions.ts's spec, reused as it is.
 */
export interface DimensionEntry {
  readonly code: Dimension;
  readonly name: string;
  readonly closed: boolean;
  /** BEFORE_2025: pre-reform codes (districts, old communes); FROM_2025: through the crosswalk; null: not administrative. */
  readonly reform: "BEFORE_2025" | "FROM_2025" | null;
  /** The column of `mart_unit_year as u` (and of a rollup keeping it) the dimension reads. */
  readonly column: string;
  /** The docs/DOMAIN.md heading defining it, when one does. */
  readonly domain: string | null;
  readonly spec: DimensionSpec;
}

const entry = (code: Dimension, name: string, column: string, reform: DimensionEntry["reform"], domain: string | null = null): DimensionEntry =>
  Object.freeze({ code, name, column, reform, domain, closed: DIMENSION_SPECS[code].closed, spec: DIMENSION_SPECS[code] });

export const DIMENSION_CATALOG: Readonly<Record<Dimension, DimensionEntry>> = Object.freeze({
  PROVINCE: entry("PROVINCE", "Province (from 1 July 2025)", "new_province_code", "FROM_2025"),
  DISTRICT: entry("DISTRICT", "District (before the 2025 reform)", "district_code", "BEFORE_2025"),
  COMMUNE: entry("COMMUNE", "Commune (before the 2025 reform)", "commune_code", "BEFORE_2025"),
  NEW_COMMUNE: entry("NEW_COMMUNE", "Commune (from 1 July 2025)", "new_commune_code", "FROM_2025"),
  SECTOR: entry("SECTOR", "VSIC 2018 section", "sector_section", null),
  OWNERSHIP: entry("OWNERSHIP", "Ownership", "ownership", null),
  LEGAL_FORM: entry("LEGAL_FORM", "Legal form", "legal_form", null),
  SIZE_BAND: entry("SIZE_BAND", "Workers band", "size_band", null, "Size band"),
  INDUSTRIAL_ZONE: entry("INDUSTRIAL_ZONE", "Industrial or economic zone", "industrial_zone", null),
  UPPER_UNION: entry("UPPER_UNION", "Upper union", "upper_union", null),
  YEAR: entry("YEAR", "Year", "year", null),
} satisfies Record<Dimension, DimensionEntry>);

export { DIMENSIONS, type Dimension };
