import type { CellValue } from "exceljs";

/** The text of one Excel cell as an export would have written it; dates as ISO `yyyy-mm-dd`. */
export function cellText(value: CellValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return isoDate(value);
  if ("richText" in value) return value.richText.map((part) => part.text).join("");
  if ("result" in value) return cellText(value.result as CellValue);
  if ("formula" in value || "sharedFormula" in value) return null;
  if ("text" in value) return String(value.text);
  if ("error" in value) return String(value.error);
  return String(value);
}

function isoDate(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.slice(0, 19).replace("T", " ");
}
