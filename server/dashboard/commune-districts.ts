/**
 * The dashboard's old-district view needs to know which pre-2025 district each 2025
 * commune of the map was made from. This derives that from the project's reference
 * data (etl/reference: the 2025 crosswalk and the pre-2025 communes) into a small
 * static asset, `assets/commune-districts.json`, committed with the page; a test
 * checks it is current. Regenerate with `npx tsx server/dashboard/commune-districts.ts`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
export const REFERENCE_DIR = resolve(HERE, "../../etl/reference");
export const ASSET_PATH = join(HERE, "assets", "commune-districts.json");

export interface CommuneDistricts {
  readonly source: string;
  /** 2025 commune code → the pre-2025 districts its old communes were in, most communes first. */
  readonly communes: Record<
    string,
    { readonly name: string; readonly districts: { readonly code: string; readonly name: string; readonly oldCommunes: number }[] }
  >;
}

/** A small CSV reader for the reference files (comma-separated, quotes allowed, header row). */
function readCsv(path: string): Record<string, string>[] {
  const text = readFileSync(path, "utf8").replace(/^\uFEFF/, "");
  const records: string[][] = [];
  let record: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      record.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      record.push(cell);
      cell = "";
      if (record.some((c) => c !== "")) records.push(record);
      record = [];
    } else cell += ch;
  }
  if (cell !== "" || record.length) {
    record.push(cell);
    records.push(record);
  }
  const [header, ...rows] = records;
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])));
}

/** Pre-2025 districts without communes → the 2025 unit that replaced them. */
const DISTRICTS_WITHOUT_COMMUNES: Readonly<Record<string, string>> = { "471": "19742" };

export function communeDistricts(referenceDir = REFERENCE_DIR): CommuneDistricts {
  const before = readCsv(join(referenceDir, "admin_units_before_2025.csv"));
  const oldCommunes = new Map(before.filter((r) => r.commune_code).map((r) => [r.commune_code, r]));
  const communes: Record<string, { name: string; counts: Map<string, { code: string; name: string; oldCommunes: number }> }> = {};
  for (const row of readCsv(join(referenceDir, "admin_crosswalk_2025.csv"))) {
    const old = oldCommunes.get(row.old_commune_code);
    communes[row.new_commune_code] ??= { name: row.new_commune_name, counts: new Map() };
    const entry = communes[row.new_commune_code];
    if (!old) continue;
    const district = entry.counts.get(old.district_code) ?? { code: old.district_code, name: old.district_name, oldCommunes: 0 };
    district.oldCommunes += 1;
    entry.counts.set(old.district_code, district);
  }
  // A district with no commune level (the island district Cồn Cỏ) became one 2025 unit; the
  // crosswalk, which maps communes, cannot carry it (as etl/models/seeds/seed_admin_district_units.sql).
  for (const [districtCode, newCode] of Object.entries(DISTRICTS_WITHOUT_COMMUNES)) {
    const district = before.find((r) => r.district_code === districtCode);
    const name = readCsv(join(referenceDir, "admin_units_from_2025.csv")).find((r) => r.commune_code === newCode)?.commune_name ?? newCode;
    communes[newCode] ??= { name, counts: new Map() };
    const entry = communes[newCode];
    if (district) entry.counts.set(districtCode, { code: districtCode, name: district.district_name, oldCommunes: 0 });
  }
  const sorted = Object.keys(communes).sort();
  return {
    source: "etl/reference/admin_crosswalk_2025.csv (MIT, © 2025 dvhcvn) and admin_units_before_2025.csv (MIT, © 2021 Thang Le Quoc)",
    communes: Object.fromEntries(
      sorted.map((code) => [
        code,
        {
          name: communes[code].name,
          districts: [...communes[code].counts.values()].sort((a, b) => b.oldCommunes - a.oldCommunes || a.code.localeCompare(b.code)),
        },
      ]),
    ),
  };
}

export function communeDistrictsJson(referenceDir = REFERENCE_DIR): string {
  return `${JSON.stringify(communeDistricts(referenceDir), null, 1)}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(ASSET_PATH, communeDistrictsJson());
  console.log(`wrote ${ASSET_PATH}`);
}
