import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { DATASETS } from "../../etl/sources/index.js";

const doc = readFileSync(new URL("../../docs/SOURCES.md", import.meta.url), "utf8");

/** The text of the `### <id>` section of docs/SOURCES.md, up to the next heading of level 2 or 3. */
function section(id: string): string {
  const start = doc.indexOf(`\n### ${id}\n`);
  if (start < 0) return "";
  const rest = doc.slice(start + 1);
  const end = rest.slice(4).search(/\n#{2,3} /);
  return end < 0 ? rest : rest.slice(0, end + 4);
}

/** The first cell of each table row that names a column, with the second cell (its aliases). */
function rows(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const line of text.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    const name = /^`([a-z0-9_]+)`$/.exec(cells[1] ?? "");
    if (name) found.set(name[1], cells[2] ?? "");
  }
  return found;
}

describe("docs/SOURCES.md matches the dataset contracts of etl/sources", () => {
  for (const contract of Object.values(DATASETS)) {
    test(`${contract.id}: every column with its aliases, and no column the contract lacks`, () => {
      const documented = rows(section(contract.id));
      expect([...documented.keys()].sort()).toEqual(contract.columns.map((c) => c.name).sort());
      for (const column of contract.columns) {
        const aliases = [...documented.get(column.name)!.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
        expect(aliases, `aliases of ${contract.id}.${column.name}`).toEqual([...column.aliases]);
      }
    });
  }
});
