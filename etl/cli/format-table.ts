/** A plain-text table with right-aligned numbers, for the CLI's summaries. */
export function formatTable(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [headers, ...rows].map((r) => r.map((c) => (typeof c === "number" ? c.toLocaleString("en-US") : c)));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? "").length)));
  const line = (r: readonly (string | number)[], raw: readonly (string | number)[]) =>
    r.map((c, i) => (typeof raw[i] === "number" ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join("  ");
  const out = [line(cells[0], headers), widths.map((w) => "-".repeat(w)).join("  ")];
  for (const [i, r] of cells.slice(1).entries()) out.push(line(r, rows[i]));
  return out.join("\n");
}
