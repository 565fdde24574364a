import { readdirSync, statSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { DATASETS, type DatasetId, isDatasetId } from "../sources/index.js";
import { FileRejectedError } from "./ingest-errors.js";

export type FileFormat = "csv" | "xlsx" | "json" | "parquet";

export interface InputFile {
  readonly path: string;
  readonly dataset: DatasetId;
  readonly format: FileFormat;
}

const FORMATS: Readonly<Record<string, FileFormat>> = Object.freeze({
  ".csv": "csv",
  ".txt": "csv",
  ".xlsx": "xlsx",
  ".json": "json",
  ".ndjson": "json",
  ".jsonl": "json",
  ".parquet": "parquet",
});

export function formatOf(path: string): FileFormat {
  const format = FORMATS[extname(path).toLowerCase()];
  if (!format) {
    throw new FileRejectedError(path, "UNKNOWN_FORMAT", `unknown file type "${extname(path)}" (accepted: ${Object.keys(FORMATS).join(", ")})`);
  }
  return format;
}

/** `<dataset id>[.<anything>].<ext>`: the dataset is the file name up to the first dot. */
export function datasetOfFileName(path: string): DatasetId | undefined {
  const stem = basename(path).split(".")[0];
  return isDatasetId(stem) ? stem : undefined;
}

/**
 * Expands directories (non-recursive: data files only; names starting with `_` or `.`
 * are not data) and orders files so registries load before the returns naming them.
 */
export function discoverFiles(paths: readonly string[], explicitDataset?: DatasetId): { files: InputFile[]; rejected: FileRejectedError[] } {
  const files: InputFile[] = [];
  const rejected: FileRejectedError[] = [];
  const add = (path: string, dataset: DatasetId | undefined, hint: string) => {
    if (!dataset) {
      rejected.push(new FileRejectedError(path, "UNKNOWN_DATASET", `${hint} (${Object.keys(DATASETS).join(", ")})`));
      return;
    }
    try {
      files.push({ path, dataset, format: formatOf(path) });
    } catch (error) {
      rejected.push(error as FileRejectedError);
    }
  };
  for (const path of paths) {
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) {
        if (name.startsWith("_") || name.startsWith(".")) continue;
        const full = join(path, name);
        if (!statSync(full).isFile()) continue;
        add(full, explicitDataset ?? datasetOfFileName(name), "file name does not start with a dataset id");
      }
    } else {
      add(path, explicitDataset ?? datasetOfFileName(path), "cannot tell the dataset from the file name; pass --dataset <id>");
    }
  }
  files.sort((a, b) => DATASETS[a.dataset].order - DATASETS[b.dataset].order || a.path.localeCompare(b.path));
  return { files, rejected };
}
