/**
 * Folding as docs/SOURCES.md § Headers and aliases defines it: lower case, diacritics removed, đ → d, runs of
 * non-alphanumerics → `_`. `Mã số thuế`, `MA SO THUE` and `ma_so_thue` fold alike.
 */
export function foldName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The candidates nearest to `target` by edit distance on folded names, best first. */
export function closestNames(target: string, candidates: readonly string[], limit = 3): string[] {
  const folded = foldName(target);
  return [...candidates]
    .map((name) => ({ name, distance: editDistance(folded, foldName(name)) }))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, limit)
    .map((c) => c.name);
}
