/**
 * The dataset names the dashboard shows, as an ES module the server makes from
 * core/code-lists.ts when it reads the assets: the page imports `/assets/datasets.js`
 * like its own modules, and no list of datasets is kept among the static files.
 */
import { DATASET_LIST } from "../../core/code-lists.js";

/** Where the page loads the module from. */
export const DATASETS_ASSET = "/assets/datasets.js";

/** The module's source: `DATASETS` (id → Vietnamese name) and `SOURCE_SHORT` (id → short name for the evidence lists). */
export function datasetsModule(): string {
  const byId = (name: (d: (typeof DATASET_LIST)[number]) => string) => JSON.stringify(Object.fromEntries(DATASET_LIST.map((d) => [d.id, name(d)])), null, 2);
  return [
    "// Made by the server from core/code-lists.ts (server/dashboard/datasets-asset.ts): the datasets' Vietnamese names.",
    "",
    "/** Short Vietnamese names of the datasets (ids of docs/SOURCES.md § Datasets). */",
    `export const DATASETS = ${byId((d) => d.label)};`,
    "",
    "/** Even shorter names, for the evidence lists. */",
    `export const SOURCE_SHORT = ${byId((d) => d.short)};`,
    "",
  ].join("\n");
}
