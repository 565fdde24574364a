/**
 * API part, client side: latency of each operation over HTTP against the running app
 * (server worker) vs the same statements replayed in the server's process; then
 * throughput of the dashboard mix with autocannon at several concurrencies.
 */
import autocannon from "autocannon";
import type { WorkerClient } from "./child.js";
import {
  analyticsOperations,
  bodyProblem,
  fixedOperations,
  type Operation,
  type OperationContext,
  optionalOperations,
  type SkippedOperation,
  UNCOVERED_COUNT,
  UNCOVERED_CURSOR,
  UNIT_SUBJECT,
} from "./operations.js";
import { type LatencySummary, summarize } from "./stats.js";
import type { CapturedOperation, ServerUsage, StatementProfile } from "./types.js";

export interface ApiOptions {
  readonly firstYear: number;
  readonly lastYear: number;
  readonly year: number;
  /** Time budget per operation for the measured iterations (API and replay together), seconds. */
  readonly secondsPerOperation: number;
  readonly minIterations: number;
  readonly maxIterations: number;
  readonly schemaPath: string;
  readonly operationsDir: string;
  /** examples/: the README's analytics examples are measured too. */
  readonly examplesDir: string;
}

export interface OperationResult {
  readonly id: string;
  readonly label: string;
  readonly root: string;
  readonly statements: number;
  readonly responseBytes: number;
  readonly api: LatencySummary;
  /** The captured statements replayed with connection.run, one after the other, in the server process. */
  readonly raw: LatencySummary;
  /** Kysely's own time for the request's statements (runAndReadAll + JS rows), median over capture runs. */
  readonly kyselyMs: number;
  readonly ratioP50: number;
  readonly ratioP99: number;
  readonly errors: number;
  readonly firstError?: string;
  readonly sqlPreview: readonly string[];
  /** Each statement once under DuckDB's profiler: where the SQL time goes. */
  readonly profile: readonly StatementProfile[];
}

export interface ApiResult {
  readonly subjectTaxCode: string;
  readonly uncoveredTotal: number;
  readonly deepPageOffset: number;
  readonly operations: readonly OperationResult[];
  readonly skipped: readonly SkippedOperation[];
}

interface Response {
  readonly ms: number;
  readonly status: number;
  readonly text: string;
}

async function post(url: string, query: string, variables: Record<string, unknown>): Promise<Response> {
  const body = JSON.stringify({ query, variables });
  const t0 = performance.now();
  const response = await fetch(`${url}graphql`, { method: "POST", headers: { "content-type": "application/json" }, body });
  const text = await response.text();
  return { ms: performance.now() - t0, status: response.status, text };
}

async function data<T>(url: string, query: string, variables: Record<string, unknown>, root: string): Promise<T> {
  const r = await post(url, query, variables);
  const problem = bodyProblem(r.status, r.text, root);
  if (problem) throw new Error(`${root}: ${problem}`);
  return (JSON.parse(r.text) as { data: Record<string, T> }).data[root];
}

/**
 * Measures every operation (or, with `latency` false, only checks that each answers) and
 * returns the results with the dashboard mix for the throughput part: the operations
 * that answered and are marked `dashboard`.
 */
export async function measureApi(
  server: WorkerClient,
  url: string,
  options: ApiOptions,
  latency: boolean,
  say: (text: string) => void,
): Promise<{ result: ApiResult; mix: Operation[] }> {
  const asOf = `${options.year}-12-31`;
  const subject = await data<{ nodes: { taxCode: string; workers: number }[] }>(url, UNIT_SUBJECT, { asOf }, "enterprises");
  if (!subject.nodes.length) throw new Error(`no unit with a union in ${options.year}: nothing to ask "one unit" about`);
  const taxCode = subject.nodes[0].taxCode;

  // The deep page: the page that starts 80 % of the way down the uncovered list, reached by its own cursors.
  const head = await data<{ totalCount: number }>(url, UNCOVERED_COUNT, { year: options.year }, "uncoveredUnits");
  const offset = Math.floor((head.totalCount * 0.8) / 50) * 50;
  let cursor: string | null = null;
  let walked = 0;
  while (walked < offset) {
    const take = Math.min(500, offset - walked);
    const page: { pageInfo: { endCursor: string | null } } = await data(
      url,
      UNCOVERED_CURSOR,
      { year: options.year, first: take, after: cursor },
      "uncoveredUnits",
    );
    cursor = page.pageInfo.endCursor;
    walked += take;
    if (walked % 10_000 < take) say(`api: walking to the deep page: ${walked.toLocaleString("en")}/${offset.toLocaleString("en")}`);
  }
  say(
    `api: unit ${taxCode} (${subject.nodes[0].workers} workers); ${head.totalCount.toLocaleString("en")} uncovered units, deep page after row ${offset.toLocaleString("en")}`,
  );

  const context: OperationContext = { firstYear: options.firstYear, lastYear: options.lastYear, year: options.year, taxCode };
  const optional = optionalOperations(options.schemaPath, options.operationsDir, context);
  const skipped: SkippedOperation[] = [...optional.skipped];
  const results: OperationResult[] = [];
  const mix: Operation[] = [];
  for (const op of [...fixedOperations(context, cursor), ...optional.operations, ...analyticsOperations(context, options.examplesDir)]) {
    const result = latency ? await measureOperation(server, url, op, options, say) : await checkOperation(server, url, op);
    if (typeof result === "string") skipped.push({ id: op.id, label: op.label, reason: result });
    else {
      if (result) results.push(result);
      if (op.dashboard) mix.push(op);
    }
  }
  for (const s of skipped) say(`api: skipped ${s.label}: ${s.reason}`);
  return { result: { subjectTaxCode: taxCode, uncoveredTotal: head.totalCount, deepPageOffset: offset, operations: results, skipped }, mix };
}

/** One request, its statements captured (for the throughput part's SQL limit): undefined when it answers, else why not. */
async function checkOperation(server: WorkerClient, url: string, op: Operation): Promise<string | undefined> {
  await server.call("captureStart");
  const r = await post(url, op.query, op.variables);
  await server.call<CapturedOperation>("captureStop", op.id);
  const problem = bodyProblem(r.status, r.text, op.root);
  return problem ? `the operation failed: ${problem.slice(0, 300)}` : undefined;
}

async function measureOperation(
  server: WorkerClient,
  url: string,
  op: Operation,
  options: ApiOptions,
  say: (text: string) => void,
): Promise<OperationResult | string> {
  // a check that the operation answers at all, and a first estimate of its latency
  const first = await post(url, op.query, op.variables);
  const firstProblem = bodyProblem(first.status, first.text, op.root);
  if (firstProblem) return `the operation failed: ${firstProblem.slice(0, 300)}`;
  const bytes = Buffer.byteLength(first.text);
  // a slow operation (seconds, as at a million units) gets fewer warm-ups, captures and samples
  const slow = first.ms > 1000;
  const warm: number[] = [first.ms];
  for (let i = 0; i < (slow ? 0 : 2); i++) warm.push((await post(url, op.query, op.variables)).ms);
  let captured: CapturedOperation | undefined;
  for (let i = 0; i < (slow ? 1 : 5); i++) {
    await server.call("captureStart");
    await post(url, op.query, op.variables);
    captured = await server.call<CapturedOperation>("captureStop", op.id);
  }
  const estimateMs = Math.max(0.5, Math.min(...warm));
  const minIterations = slow ? Math.min(options.minIterations, 5) : options.minIterations;
  const iterations = Math.max(minIterations, Math.min(options.maxIterations, Math.floor((options.secondsPerOperation * 1000) / (2 * estimateMs))));
  const api: number[] = [];
  const raw: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const block = 10;
  while (api.length < iterations) {
    const n = Math.min(block, iterations - api.length);
    for (let i = 0; i < n; i++) {
      const r = await post(url, op.query, op.variables);
      api.push(r.ms);
      const problem = bodyProblem(r.status, r.text, op.root);
      if (problem) {
        errors++;
        firstError ??= problem;
      }
    }
    // an operation answered from the API's own cache sends no SQL: there is nothing to replay
    if (captured!.statements > 0) raw.push(...(await server.call<number[]>("replay", op.id, n)));
  }
  const a = summarize(api);
  const s = summarize(raw);
  const profile = captured!.statements > 0 ? await server.call<StatementProfile[]>("profile", op.id).catch(() => []) : [];
  say(
    `api: ${op.label}: p50 ${a.p50.toFixed(1)} ms, p99 ${a.p99.toFixed(1)} ms over HTTP; ` +
      (captured!.statements ? `raw SQL p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms` : "no SQL sent (answered from the API's cache)") +
      ` (${captured!.statements} statements, n=${a.n}${errors ? `, ${errors} errors` : ""})`,
  );
  return {
    id: op.id,
    label: op.label,
    root: op.root,
    statements: captured!.statements,
    responseBytes: bytes,
    api: a,
    raw: s,
    kyselyMs: captured!.kyselyMs,
    ratioP50: a.p50 / s.p50,
    ratioP99: a.p99 / s.p99,
    errors,
    firstError,
    sqlPreview: captured!.sqlPreview,
    profile,
  };
}

export interface ThroughputLevel {
  readonly connections: number;
  readonly seconds: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  /** Responses that were not a GraphQL success (HTTP status, `errors`, missing data) plus socket errors and timeouts. */
  readonly errors: number;
  readonly firstError?: string;
  /** The server process during the API run. */
  readonly server: ServerUsage;
  /** The mix's captured statements replayed straight on DuckDB by as many loops, each on its own connection. */
  readonly sql: { readonly seconds: number; readonly requestsPerSecond: number; readonly p50: number; readonly p99: number };
  /** The API's own responses served from memory by a bare node:http server (a whole-response cache at best). */
  readonly cached: { readonly seconds: number; readonly requestsPerSecond: number; readonly p50: number; readonly p99: number; readonly errors: number };
}

function bodies(mix: readonly Operation[]): string[] {
  return mix.map((op) => JSON.stringify({ query: op.query, variables: op.variables }));
}

async function cannon(url: string, mix: readonly Operation[], connections: number, seconds: number) {
  let bad = 0;
  let firstError: string | undefined;
  const texts = bodies(mix);
  const requests = mix.map((op, i) => ({
    method: "POST" as const,
    path: "/graphql",
    headers: { "content-type": "application/json" },
    body: texts[i],
    onResponse: (status: number, body: string) => {
      const problem = bodyProblem(status, body, op.root);
      if (problem) {
        bad++;
        firstError ??= `${op.id}: ${problem}`;
      }
    },
  }));
  const result = await autocannon({ url: `${url}graphql`, connections, duration: seconds, requests, timeout: 60 });
  return {
    seconds,
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: bad + result.errors + result.timeouts,
    firstError,
  };
}

/**
 * Autocannon over the mix (each connection cycles through it), one run per concurrency,
 * each followed by its two references at the same concurrency: the SQL alone, and the
 * same responses from memory.
 */
export async function measureThroughput(
  server: WorkerClient,
  url: string,
  mix: readonly Operation[],
  levels: readonly number[],
  seconds: number,
  say: (text: string) => void,
): Promise<ThroughputLevel[]> {
  const out: ThroughputLevel[] = [];
  const referenceSeconds = Math.max(3, Math.round(seconds / 2));
  const cachedUrl = await server.call<string>("startCachedServer", bodies(mix));
  try {
    for (const connections of levels) {
      say(`throughput: ${connections} concurrent client(s) for ${seconds} s over ${mix.length} operations (${mix.map((o) => o.id).join(", ")})`);
      await server.call("usage");
      const api = await cannon(url, mix, connections, seconds);
      const usage = await server.call<ServerUsage>("usage");
      const replay = await server.call<{ requests: number; latenciesMs: number[] }>(
        "replayMix",
        mix.map((o) => o.id),
        connections,
        referenceSeconds,
      );
      const sqlLatency = summarize(replay.latenciesMs);
      const cached = await cannon(cachedUrl, mix, connections, referenceSeconds);
      const level: ThroughputLevel = {
        connections,
        ...api,
        server: usage,
        sql: { seconds: referenceSeconds, requestsPerSecond: replay.requests / referenceSeconds, p50: sqlLatency.p50, p99: sqlLatency.p99 },
        cached: { seconds: referenceSeconds, requestsPerSecond: cached.requestsPerSecond, p50: cached.p50, p99: cached.p99, errors: cached.errors },
      };
      say(
        `throughput: ${connections} client(s): API ${level.requestsPerSecond.toFixed(1)} req/s (p50 ${level.p50} ms, p99 ${level.p99} ms, ${level.errors} errors, event loop ${(100 * usage.eventLoopUtilization).toFixed(0)} % busy);` +
          ` SQL alone ${level.sql.requestsPerSecond.toFixed(1)} req/s; cached responses ${level.cached.requestsPerSecond.toFixed(0)} req/s`,
      );
      out.push(level);
    }
  } finally {
    await server.call("stopCachedServer");
  }
  return out;
}
