/**
 * `GET /export/<field>.csv|.parquet?<arguments>`: the answer of one GraphQL root field
 * as a file for BI tools. The route builds the GraphQL operation from the query
 * string and runs it through Apollo (`executeOperation`) with the HTTP request's own
 * context, so authentication, scope, suppression, depth, cost and time limits are
 * those of `/graphql`; lists are paged through `first`/`after` one page per operation.
 * `excel=vi` writes the CSV for a Vietnamese-locale Excel (server/export/csv.ts); the file
 * is named after the question (server/export/file-name.ts).
 */

import { createReadStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { GraphQLFormattedError, GraphQLSchema } from "graphql/index.js";
import type { Logger } from "../../core/logger.js";
import { MAX_PAGE_SIZE } from "../../queries/pagination.js";
import { BOM, type CsvDialect, csvCell, csvRecord, EXCEL_DIALECTS, RFC4180 } from "./csv.js";
import { exportFileName } from "./file-name.js";
import { describeArgs, ExportParameterError, variablesFromQuery } from "./params.js";
import { writeParquet } from "./parquet.js";
import { type PreparedExport, prepareExports } from "./specs.js";

/** What one GraphQL operation answered. */
export interface OperationOutcome {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: readonly GraphQLFormattedError[];
  /** `extensions` of the answer (e.g. the warehouse version it was read from). */
  readonly extensions?: Record<string, unknown>;
  /** The HTTP status GraphQL would have answered with, when it set one. */
  readonly status?: number;
  /** HTTP headers of a refusal (e.g. Retry-After of a rate limit). */
  readonly headers?: Record<string, string>;
}

/** Runs one operation as `/graphql` would for this HTTP request (its context: auth, scope, limits). */
export type ExecuteOperation = (
  operation: { readonly query: string; readonly variables: Record<string, unknown> },
  request: IncomingMessage,
) => Promise<OperationOutcome>;

export interface ExportRouteOptions {
  /** The API schema (what fields exist, their arguments and types). */
  readonly schema: GraphQLSchema;
  readonly execute: ExecuteOperation;
  readonly logger: Logger;
  /** Page size for paging through a list when the request gives no `first` (default: the API's maximum, 500). */
  readonly pageSize?: number;
  /** CSV rows per write (default 500). */
  readonly rowsPerChunk?: number;
}

const FORMATS = { csv: "text/csv; charset=utf-8; header=present", parquet: "application/vnd.apache.parquet" } as const;
type Format = keyof typeof FORMATS;

/** An answer with GraphQL errors, refused before anything was sent. */
class ExportQueryError extends Error {
  constructor(
    readonly status: number,
    readonly errors: readonly GraphQLFormattedError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(errors.map((e) => e.message).join("; "));
  }
}

/** The route's handler: answers every request under `/export`. */
export function createExportRoute(options: ExportRouteOptions): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> {
  const exports = prepareExports(options.schema);
  const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
  const rowsPerChunk = options.rowsPerChunk ?? 500;

  return async (req, res, url) => {
    const method = (req.method ?? "GET").toUpperCase();
    if (method !== "GET") return sendJson(res, 405, { errors: [{ message: "exports are read with GET" }] }, { allow: "GET" });
    const name = url.pathname.replace(/^\/export\/?/, "");
    if (name === "") return sendJson(res, 200, indexOf(exports));
    const match = /^([A-Za-z]+)\.(csv|parquet)$/.exec(name);
    const prepared = match ? exports.get(match[1]) : undefined;
    if (!match || !prepared) {
      const known = [...exports.keys()].map((k) => `/export/${k}.csv`).join(", ");
      return sendJson(res, 404, { errors: [{ message: `no export at ${url.pathname}; there are ${known} (and .parquet)` }] });
    }
    const format = match[2] as Format;

    let variables: Record<string, unknown>;
    let dialect: CsvDialect;
    try {
      const search = new URLSearchParams(url.searchParams);
      dialect = dialectOf(search, format);
      variables = variablesFromQuery(prepared.field, search);
    } catch (error) {
      if (error instanceof ExportParameterError) return sendJson(res, 400, { errors: [{ message: error.message, extensions: { code: "BAD_USER_INPUT" } }] });
      throw error;
    }

    const answers = answersOf(prepared, variables, (operation) => options.execute(operation, req), pageSize);
    let first: IteratorResult<Record<string, unknown>>;
    try {
      first = await answers.next();
    } catch (error) {
      if (error instanceof ExportQueryError) return sendJson(res, error.status, { errors: error.errors }, error.headers);
      throw error;
    }
    const firstAnswer = first.done ? {} : first.value;
    const columns = prepared.columns((firstAnswer.groupBy as string[] | undefined) ?? []);
    const batches = (async function* () {
      if (!first.done) yield prepared.rows(first.value);
      for await (const answer of answers) yield prepared.rows(answer);
    })();
    const filename = exportFileName(prepared.spec.field, variables, format);

    if (format === "parquet") {
      const dir = await mkdtemp(join(tmpdir(), "uap-export-"));
      try {
        let path: string;
        try {
          path = await writeParquet(dir, columns, batches);
        } catch (error) {
          if (error instanceof ExportQueryError) return sendJson(res, error.status, { errors: error.errors }, error.headers);
          throw error;
        }
        const { size } = await stat(path);
        res.writeHead(200, {
          "content-type": FORMATS.parquet,
          "content-length": String(size),
          "content-disposition": `attachment; filename="${filename}"`,
          "cache-control": "no-store",
        });
        await pipeline(createReadStream(path), res);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      return;
    }

    res.writeHead(200, { "content-type": FORMATS.csv, "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" });
    try {
      await write(
        res,
        BOM +
          csvRecord(
            columns.map((c) => c.name),
            dialect,
          ),
      );
      for await (const rows of batches) {
        for (let start = 0; start < rows.length; start += rowsPerChunk) {
          let chunk = "";
          for (const row of rows.slice(start, start + rowsPerChunk))
            chunk += csvRecord(
              columns.map((c) => csvCell(c, c.get(row), dialect)),
              dialect,
            );
          await write(res, chunk);
        }
      }
      res.end();
    } catch (error) {
      // The header is sent: the only honest signal left is an incomplete response (no last chunk).
      if (error instanceof ClientGone) options.logger.info(`export ${url.pathname}: the client went away`);
      else options.logger.error(`export ${url.pathname} stopped after it started`, error);
      res.destroy();
    }
  };
}

/**
 * The CSV dialect the request asks for: `excel=vi` (a Vietnamese-locale Excel: `;`,
 * decimal commas, codes kept text), else RFC 4180. The parameter is the route's, not the
 * field's: it is taken out of `search`. Parquet has no dialect.
 */
function dialectOf(search: URLSearchParams, format: Format): CsvDialect {
  const asked = search.getAll("excel");
  search.delete("excel");
  if (asked.length === 0) return RFC4180;
  const known = Object.keys(EXCEL_DIALECTS).join(", ");
  if (asked.length > 1) throw new ExportParameterError(`parameter "excel" is given ${asked.length} times; it takes one value (${known})`);
  if (format !== "csv") throw new ExportParameterError(`parameter "excel" applies to CSV only (a .parquet file has types, not a spreadsheet's locale)`);
  const dialect = EXCEL_DIALECTS[asked[0].trim().toLowerCase()];
  if (!dialect)
    throw new ExportParameterError(
      `parameter "excel" must be ${known} (vi: a Vietnamese-locale Excel: ";" separators, decimal commas, codes kept as text), not "${asked[0]}"`,
    );
  return dialect;
}

/**
 * The field's answers: one for an aggregate; for a connection, one per page, following
 * `endCursor` until the last page (or only the page asked for when `first` is given).
 */
async function* answersOf(
  prepared: PreparedExport,
  variables: Record<string, unknown>,
  execute: (operation: { query: string; variables: Record<string, unknown> }) => Promise<OperationOutcome>,
  pageSize: number,
): AsyncGenerator<Record<string, unknown>> {
  const paging = prepared.spec.shape.kind === "connection" && variables.first === undefined;
  let pageVariables: Record<string, unknown> = paging ? { ...variables, first: pageSize } : { ...variables };
  let version: unknown;
  for (let page = 0; ; page++) {
    const outcome = await execute({ query: documentOf(prepared, pageVariables), variables: pageVariables });
    if (outcome.errors?.length || !outcome.data)
      throw new ExportQueryError(statusOf(outcome), outcome.errors ?? [{ message: "the API gave no answer" }], outcome.headers);
    // Pages of one export must come from one warehouse version (a reload between pages would mix two).
    if (page === 0) version = outcome.extensions?.warehouseVersion;
    else if (outcome.extensions?.warehouseVersion !== version) {
      throw new ExportQueryError(
        503,
        [{ message: "the warehouse was reloaded while the export was paging through it; ask again", extensions: { code: "WAREHOUSE_RELOADED" } }],
        { "retry-after": "1" },
      );
    }
    const answer = outcome.data[prepared.spec.field] as Record<string, unknown>;
    yield answer;
    const pageInfo = answer.pageInfo as { hasNextPage: boolean; endCursor: string | null } | undefined;
    if (!paging || !pageInfo?.hasNextPage || !pageInfo.endCursor) return;
    pageVariables = { ...pageVariables, after: pageInfo.endCursor };
  }
}

/** `query ExportCoverage($year: Int, …) { coverage(year: $year, …) { … } }` with the variables given. */
function documentOf(prepared: PreparedExport, variables: Record<string, unknown>): string {
  const args = prepared.field.args.filter((a) => a.name in variables);
  const definitions = args.map((a) => `$${a.name}: ${String(a.type)}`).join(", ");
  const passed = args.map((a) => `${a.name}: $${a.name}`).join(", ");
  const field = prepared.spec.field;
  return `query Export${field[0].toUpperCase()}${field.slice(1)}${definitions ? `(${definitions})` : ""} { ${field}${passed ? `(${passed})` : ""} { ${prepared.selection} } }`;
}

/** The HTTP status for an answer with errors: GraphQL's own when it set one, else by error code. */
function statusOf(outcome: OperationOutcome): number {
  if (outcome.status && outcome.status >= 400) return outcome.status;
  const codes = new Set((outcome.errors ?? []).map((e) => e.extensions?.code));
  if (codes.has("UNAUTHENTICATED")) return 401;
  if (codes.has("FORBIDDEN")) return 403;
  if (codes.has("INTERNAL_SERVER_ERROR")) return 500;
  if (codes.has("QUERY_TIMEOUT")) return 503;
  if (codes.has("NOT_FOUND")) return 404;
  for (const code of ["BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED", "QUERY_TOO_COMPLEX", "BAD_REQUEST"])
    if (codes.has(code)) return 400;
  return 500;
}

/** `GET /export/`: what can be exported, with the arguments each takes. */
function indexOf(exports: ReadonlyMap<string, PreparedExport>) {
  return {
    exports: [...exports.values()].map((e) => ({
      field: e.spec.field,
      csv: `/export/${e.spec.field}.csv`,
      parquet: `/export/${e.spec.field}.parquet`,
      arguments: describeArgs(e.field),
      description: e.field.description ?? null,
    })),
    notes:
      "Arguments are query parameters named as the GraphQL field's (lists: repeated or comma-separated; input objects: JSON, or one parameter per field such as filter.districtCodeIn=464). " +
      "Lists are exported whole (paged internally) unless `first` is given. CSV is UTF-8 with BOM; list columns hold JSON text. " +
      '`excel=vi` writes CSV for a Vietnamese-locale Excel: `;` separators, decimal commas, codes (tax codes, GSO codes) as ="…" so they stay text. ' +
      "The file is named after the question, e.g. coverage-2024-district.csv.",
  };
}

class ClientGone extends Error {
  constructor() {
    super("the client went away");
  }
}

/** Writes a chunk, waiting for the client to take the previous ones (backpressure). */
async function write(res: ServerResponse, chunk: string): Promise<void> {
  if (res.destroyed) throw new ClientGone();
  if (res.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const settle = (gone: boolean) => () => {
      res.off("drain", onDrain);
      res.off("close", onClose);
      if (gone) reject(new ClientGone());
      else resolve();
    };
    const onDrain = settle(false);
    const onClose = settle(true);
    res.on("drain", onDrain);
    res.on("close", onClose);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}
