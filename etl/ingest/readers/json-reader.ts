import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { quoteIdent, quoteLiteral } from "../../../core/warehouse/sql-text.js";
import { type DetectedEncoding, detectEncoding, transcodeFileToUtf8 } from "../../encoding/index.js";
import { FileRejectedError } from "../ingest-errors.js";
import { refuseWideFile } from "./column-limit.js";
import { readSample } from "./csv-reader.js";
import { nfcProjection } from "./relation-columns.js";
import type { DirectSource, StageContext, StagedFile } from "./staged-file.js";

/**
 * JSON arrays and NDJSON through DuckDB's reader. Keys are collected over the whole
 * file first so a key that appears late is not lost, then every key is read as text.
 * Record numbers count the header as 1, as in the other formats: element i → i + 2.
 */
export async function stageJson(connection: DuckDBConnection, context: StageContext): Promise<StagedFile> {
  const json = await prepareJson(connection, context);
  const { headers, encoding } = json;
  const loaded = `stage_json_${context.tag}`;
  const judge = context.judge?.(headers);
  await connection.run(
    judge
      ? `create temp table ${loaded} as ${judge(`(select ${nfcProjection(headers, encoding, "j")} from ${json.texts} j)`)}`
      : `create temp table ${loaded} as select * from ${json.texts}`,
  );
  const view = `stage_${context.tag}`;
  await connection.run(`create temp view ${view} as select rowid + 2 as __line_no, ${judge ? "*" : nfcProjection(headers, encoding, loaded)} from ${loaded}`);
  return { relation: view, headers, encoding, judged: judge !== undefined };
}

/** A JSON file for a typed load: its objects' values as NFC text, one column per key, in file order. */
export async function openJson(connection: DuckDBConnection, context: StageContext): Promise<DirectSource> {
  const json = await prepareJson(connection, context);
  return { select: `(select ${nfcProjection(json.headers, json.encoding, "j")} from ${json.texts} j)`, headers: json.headers, encoding: json.encoding };
}

interface PreparedJson {
  readonly encoding: DetectedEncoding;
  readonly headers: readonly string[];
  /** A parenthesised SELECT of every key's value as text (`->>`), one row per object. */
  readonly texts: string;
}

async function prepareJson(connection: DuckDBConnection, context: StageContext): Promise<PreparedJson> {
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
  const extract = headers.map((h) => `json ->> ${quoteLiteral(h)} as ${quoteIdent(h)}`).join(", ");
  return { encoding, headers, texts: `(select ${extract} from ${objects})` };
}

async function utf8JsonSource(context: StageContext, encoding: DetectedEncoding): Promise<string> {
  if (encoding === "utf-8" || encoding === "utf-8-nfd") return context.path;
  const target = join(context.tempDir, `transcoded-${context.tag}.json`);
  await transcodeFileToUtf8(context.path, target, encoding);
  return target;
}
