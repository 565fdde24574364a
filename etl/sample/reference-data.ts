/**
 * The reference tables the generator reads from `etl/reference/`: the old Quảng Trị's
 * districts and communes (GSO codes) and the dated rate table.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Day, dayOf } from "./calendar.js";

const REFERENCE_DIR = fileURLToPath(new URL("../reference/", import.meta.url));

/** Parses a small RFC 4180 CSV text (quoted fields, doubled quotes) into records. */
export function parseSmallCsv(text: string, separator = ","): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === separator) {
      record.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || record.length) {
    record.push(field);
    records.push(record);
  }
  return records;
}

export function readReferenceCsv(file: string): Record<string, string>[] {
  const [header, ...rows] = parseSmallCsv(readFileSync(REFERENCE_DIR + file, "utf8").replace(/^\uFEFF/, ""));
  return rows.filter((r) => r.length > 1).map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? ""])));
}

export interface Commune {
  /** 5-digit GSO code. */
  readonly code: string;
  /** Full name with its type: `Phường Đông Lễ`, `Xã Gio Mỹ`, `Thị trấn Lao Bảo`. */
  readonly name: string;
  readonly district: District;
}

export interface District {
  /** 3-digit GSO code (before July 2025). */
  readonly code: string;
  /** `Thành phố Đông Hà`, `Huyện Vĩnh Linh`, ... */
  readonly name: string;
  readonly communes: Commune[];
}

export interface Province {
  readonly code: string;
  readonly name: string;
  readonly districts: District[];
}

/** A province as it was before 1 July 2025 (`admin_units_before_2025.csv`). */
export function loadProvinceBefore2025(provinceCode: string): Province {
  const rows = readReferenceCsv("admin_units_before_2025.csv").filter((r) => r.province_code === provinceCode);
  if (!rows.length) throw new Error(`province ${provinceCode} is not in admin_units_before_2025.csv`);
  const districts = new Map<string, District>();
  for (const row of rows) {
    let district = districts.get(row.district_code);
    if (!district) {
      district = { code: row.district_code, name: row.district_name, communes: [] };
      districts.set(row.district_code, district);
    }
    if (row.commune_code) district.communes.push({ code: row.commune_code, name: row.commune_name, district });
  }
  return { code: provinceCode, name: rows[0].province_name, districts: [...districts.values()] };
}

export type RateId = "union_fee_rate" | "member_dues_rate" | "member_dues_cap_share" | "base_salary";

interface RateRow {
  readonly rateId: string;
  readonly validFrom: Day;
  readonly validTo: Day;
  readonly value: number;
  readonly appliesTo: string;
}

/**
 * The dated rate table (`rates.csv`): a STATE_BUDGET row wins for a unit funded wholly by
 * the state budget, then a NON_STATE row over an ALL row for non-state units.
 */
export class RateTable {
  constructor(private readonly rows: readonly RateRow[]) {}

  static load(): RateTable {
    const isoDay = (text: string) => dayOf(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)));
    return new RateTable(
      readReferenceCsv("rates.csv").map((r) => ({
        rateId: r.rate_id,
        validFrom: isoDay(r.valid_from),
        validTo: r.valid_to ? isoDay(r.valid_to) : Number.POSITIVE_INFINITY,
        value: Number(r.value),
        appliesTo: r.applies_to || "ALL",
      })),
    );
  }

  valueOn(rateId: RateId, day: Day, nonState = false, stateBudget = false): number {
    const rank = (row: RateRow) => (row.appliesTo === "STATE_BUDGET" ? 2 : row.appliesTo === "NON_STATE" ? 1 : 0);
    let found: RateRow | undefined;
    for (const row of this.rows) {
      if (row.rateId !== rateId || day < row.validFrom || day > row.validTo) continue;
      if (row.appliesTo === "NON_STATE" && !nonState) continue;
      if (row.appliesTo === "STATE_BUDGET" && !stateBudget) continue;
      if (!found || rank(row) > rank(found)) found = row;
    }
    if (!found) throw new Error(`rates.csv has no ${rateId} on day ${day}`);
    return found.value;
  }
}
