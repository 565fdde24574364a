import type { DatasetContract } from "../sources/index.js";
import { closestNames, foldName } from "./fold-name.js";
import { FileRejectedError } from "./ingest-errors.js";

/** Which source column (as named in the file) feeds each contract column, and what is left over. */
export interface HeaderMapping {
  readonly columns: ReadonlyMap<string, string>;
  readonly unknown: readonly string[];
}

export function mapHeaders(file: string, contract: DatasetContract, headers: readonly string[]): HeaderMapping {
  const byFolded = new Map<string, string>();
  for (const header of headers) if (!byFolded.has(foldName(header))) byFolded.set(foldName(header), header);

  const columns = new Map<string, string>();
  for (const column of contract.columns) {
    const source = [column.name, ...column.aliases].map(foldName).find((name) => byFolded.has(name));
    if (source) columns.set(column.name, byFolded.get(source)!);
  }

  const missing = contract.columns.filter((c) => c.required && !columns.has(c.name));
  if (missing.length)
    throw missingColumnsError(
      file,
      contract,
      missing.map((c) => c.name),
      headers,
    );

  const used = new Set(columns.values());
  return { columns, unknown: headers.filter((h) => !used.has(h)) };
}

function missingColumnsError(file: string, contract: DatasetContract, missing: string[], headers: readonly string[]) {
  const hints = missing.map((name) => {
    const aliases = contract.columns.find((c) => c.name === name)!.aliases;
    const near = closestNames(name, headers);
    const accepted = [name, ...aliases].join(", ");
    return `${name} (accepted headers: ${accepted}; closest present: ${near.map((h) => JSON.stringify(h)).join(", ") || "none"})`;
  });
  return new FileRejectedError(file, "MISSING_COLUMN", `rejected whole: required column(s) missing for dataset ${contract.id}: ${hints.join("; ")}`);
}
