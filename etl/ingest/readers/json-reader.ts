import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { quoteIdent, quoteLiteral } from "../../../core/warehouse/sql-text.js";
import { type DetectedEncoding, detectEncoding, transcodeFileToUtf8 } from "../../encoding/index.js";
import { FileRejectedError } from "../ingest-errors.js";
import { refuseWideFile } from "./column-limit.js";
import { readSample } from "./csv-reader.js";
import { nfcProjection } from "./relation-columns.js";
import type { StageContext, StagedFile } from "./staged-file.js";

/**
 * JSON arrays and NDJSON through DuckDB's reader. Keys are collected over the whole
 * file first so a key that appears late is not lost, then every key is read as text.
 * Record numbers count the header as 1, as in the other formats: element i → i + 2.
 */
export async function stageJson(connection: DuckDBConnection, context: StageContext): Promise<StagedFile> {
  const encoding = detectEncoding(readSample(context.path));
  const source = await utf8JsonSource(context, encoding);
  const objects = `read_json_objects(${quoteLiteral(source)}, format = 'auto', maximum_object_size = 16777216)`;
  const keyRows = await connection
    .runAndReadAll(
      `select key from (
       select key, min(position) as first_seen
       from (select row_number() over () as position, unnest(json_keys(json)) as key from ${objects})
       group by key) order by first_seen`,
    )
    .catch((error: Error) => {
      throw new FileRejectedError(context.path, "UNREADABLE", `not valid JSON (array of objects or one object per line): ${error.message}`);
    });
  const headers = keyRows.getRows().map((r) => String(r[0]));
  if (!headers.length) throw new FileRejectedError(context.path, "EMPTY_FILE", "the file holds no JSON objects");
  refuseWideFile(context.path, headers.length, context.maxColumns, "distinct keys of its objects");

  const loaded = `stage_json_${context.tag}`;
  const extract = headers.map((h) => `json ->> ${quoteLiteral(h)} as ${quoteIdent(h)}`).join(", ");
  const judge = context.judge?.(headers);
  await connection.run(
    judge
      ? `create temp table ${loaded} as ${judge(`(select ${nfcProjection(headers, encoding, "j")} from (select ${extract} from ${objects}) j)`)}`
      : `create temp table ${loaded} as select ${extract} from ${objects}`,
  );
  const view = `stage_${context.tag}`;
  await connection.run(`create temp view ${view} as select rowid + 2 as __line_no, ${judge ? "*" : nfcProjection(headers, encoding, loaded)} from ${loaded}`);
  return { relation: view, headers, encoding, judged: judge !== undefined };
}

async function utf8JsonSource(context: StageContext, encoding: DetectedEncoding): Promise<string> {
  if (encoding === "utf-8" || encoding === "utf-8-nfd") return context.path;
  const target = join(context.tempDir, `transcoded-${context.tag}.json`);
  await transcodeFileToUtf8(context.path, target, encoding);
  return target;
}
