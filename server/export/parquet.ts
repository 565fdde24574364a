import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { jsonBigInt } from "./csv.js";
import type { Column } from "./specs.js";

/**
 * Writes rows to `<dir>/export.parquet` with DuckDB: the rows go to a temporary
 * newline-delimited JSON file as they arrive (never all in memory), then a fresh
 * in-memory DuckDB instance reads it with the columns' exact types (`read_json` with
 * `columns`, so an all-null or empty export still has its types) and `COPY … TO …
 * (FORMAT parquet)` writes the file. Returns its path.
 */
export async function writeParquet(dir: string, columns: readonly Column[], batches: AsyncIterable<readonly Record<string, unknown>[]>): Promise<string> {
  const ndjsonPath = join(dir, "rows.ndjson");
  const parquetPath = join(dir, "export.parquet");
  const out = createWriteStream(ndjsonPath, { encoding: "utf8" });
  const closed = once(out, "close");
  try {
    for await (const rows of batches) {
      let chunk = "";
      for (const row of rows) {
        const flat: Record<string, unknown> = {};
        for (const column of columns) flat[column.name] = column.get(row);
        chunk += `${JSON.stringify(flat, jsonBigInt)}\n`;
      }
      if (!out.write(chunk)) await once(out, "drain");
    }
  } finally {
    out.end();
    await closed;
  }

  const instance = await DuckDBInstance.create(":memory:", { threads: "1" });
  try {
    const connection = await instance.connect();
    try {
      const types = columns.map((c) => `${sqlString(c.name)}: ${sqlString(c.duckType)}`).join(", ");
      await connection.run(
        `copy (select * from read_json(${sqlString(ndjsonPath)}, format = 'newline_delimited', columns = {${types}})) to ${sqlString(parquetPath)} (format parquet, compression zstd)`,
      );
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
  return parquetPath;
}

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
