/** Writes the coverage answer as a short plain-text table, one line per district and the province's total. */
import type { CoverageByDistrictQuery } from "../../test/generated/graphql.js";

type Coverage = CoverageByDistrictQuery["coverage"];

const count = (n: number | null) => (n === null ? "withheld" : n.toLocaleString("en-US"));
const percent = (rate: number | null) => (rate === null ? "–" : `${(rate * 100).toFixed(1)} %`);

export function coverageTable(coverage: Coverage): string {
  const lines: string[][] = [["code", "district", "units", "with a union", "coverage"]];
  for (const row of coverage.rows) {
    const [district] = row.keys;
    lines.push([district?.code ?? "–", district?.name ?? "(no district)", count(row.units), count(row.unionisedUnits), percent(row.coverageRate)]);
  }
  const { total } = coverage;
  lines.push(["", "Province", count(total.units), count(total.unionisedUnits), percent(total.coverageRate)]);
  const widths = lines[0].map((_, column) => Math.max(...lines.map((line) => line[column].length)));
  const textColumns = 2; // code and name read left to right; the figures align on the right
  const format = (line: string[]) =>
    line
      .map((cell, column) => (column < textColumns ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join("  ")
      .trimEnd();
  return [`Union coverage in ${coverage.year}: units with ${coverage.minWorkers} or more workers, by district (before 2025)`, "", ...lines.map(format)].join(
    "\n",
  );
}
