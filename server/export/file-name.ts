/**
 * The name of an export's file says what was asked: the question (the field, kebab-case),
 * its period, its grouping and its filter: `coverage-2024-district.csv`,
 * `membership-growth-2019-2025-district.csv`, `uncovered-units-2024-district-464.csv`,
 * `finance-collection-2024-quarter-district.csv`, `forecast-new-members-to-2030.csv`.
 */

/** The file name (ASCII letters, digits, `-`, `_`, `+` and `.`) for the field's export with these variables. */
export function exportFileName(field: string, variables: Readonly<Record<string, unknown>>, format: string): string {
  const parts: string[] = [kebab(field)];
  const { year, asOf, fromYear, toYear, from, to, metric, targetYear, granularity, groupBy, filter, minWorkers, units } = variables;
  if (metric !== undefined) parts.push(kebab(String(metric)));
  if (year !== undefined) parts.push(String(year));
  if (asOf !== undefined) parts.push(`as-of-${asOf}`);
  if (fromYear !== undefined && toYear !== undefined) parts.push(`${fromYear}-${toYear}`);
  else if (toYear !== undefined) parts.push(`to-${toYear}`);
  else if (fromYear !== undefined) parts.push(`from-${fromYear}`);
  if (targetYear !== undefined) parts.push(`to-${targetYear}`);
  if (typeof from === "string" && typeof to === "string") parts.push(rangeOf(from, to));
  if (granularity !== undefined) parts.push(kebab(String(granularity)));
  if (Array.isArray(groupBy)) parts.push(...groupBy.map((dimension) => kebab(String(dimension))));
  if (filter && typeof filter === "object") parts.push(...filterParts(filter as Record<string, unknown>));
  if (minWorkers !== undefined) parts.push(`min-workers-${minWorkers}`);
  if (units !== undefined) parts.push(`${units}-units`);
  const stem = parts.map(clean).filter(Boolean).join("-").replace(/-{2,}/g, "-").slice(0, 150).replace(/-+$/, "");
  return `${stem}.${format}`;
}

/** `2024-01-01`…`2024-12-31` → `2024`; whole years → `2023-2024`; else the two dates joined by `_`. */
function rangeOf(from: string, to: string): string {
  const first = /^(\d{4})-01-01$/.exec(from);
  const last = /^(\d{4})-12-31$/.exec(to);
  if (first && last) return first[1] === last[1] ? first[1] : `${first[1]}-${last[1]}`;
  return `${from}_${to}`;
}

/** `{"districtCodeIn": ["464"], "sectorIn": ["C"], "hasUnion": false}` → `district-464`, `sector-c`, `has-union-false`. */
function filterParts(filter: Record<string, unknown>): string[] {
  return Object.entries(filter).flatMap(([key, value]) => {
    const name = kebab(key.replace(/(CodeIn|In)$/, ""));
    if (Array.isArray(value)) return value.every((v) => typeof v !== "object") ? [`${name}-${value.join("+")}`] : [name];
    if (value !== null && typeof value === "object") return [name, ...filterParts(value as Record<string, unknown>)];
    return [`${name}-${value}`];
  });
}

function kebab(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/_/g, "-")
    .toLowerCase();
}

/** Lower case, diacritics removed, anything but [a-z0-9+_.-] made `-`. */
function clean(part: string): string {
  return part
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/[^a-z0-9+_.-]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
