/**
 * The README's outputs that are not one GraphQL answer or one round-trip command: phrases
 * of prose written from the API's answers (`docs:text`), printed output of a named case
 * (`docs:output`), and the set-up of transcripts that need files of their own
 * (`docs:etl {"setup": …}`). Each asks the code, so the README says what the code says.
 */
import { spawn } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { type DocsSample, defaultEnv, REPO_ROOT } from "./sample-api.js";

export type TextCase = (sample: DocsSample) => Promise<string>;
export type OutputCase = (sample: DocsSample) => Promise<string>;
/** Prepares what a transcript's commands need and answers a runner for each command (its output). */
export type TranscriptSetup = (sample: DocsSample) => Promise<(command: string) => Promise<string>>;

type Json = any; // GraphQL answers, read by field

const count = (n: number) => n.toLocaleString("en-US");
const percent = (rate: number, digits = 1) => `${(rate * 100).toFixed(digits)} %`;
const words = (items: readonly string[]) => (items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`);
const chance = (p: number) => (p < 0.01 ? "less than a 1 %" : `a ${Math.round(p * 100)} %`);

/** The answer's `data` of one of the repository's .graphql files; errors are thrown. */
async function ask(sample: DocsSample, file: string, variables?: Record<string, unknown>): Promise<Json> {
  return data(await sample.graphql(readFileSync(join(REPO_ROOT, file), "utf8"), { variables }), file);
}

function data(body: Json, what: string): Json {
  if (body.errors) throw new Error(`${what}: the API answered errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

const distinct = (rows: Json[], dimension: string) => new Set(rows.map((r) => r.keys.find((k: Json) => k.dimension === dimension)?.code)).size;

const METHOD_NAMES: Record<string, string> = { LINEAR_TREND: "the linear trend", HOLT: "Holt's method", HOLT_DAMPED: "the damped Holt method" };

/** "fall by about 23 a year on the damped Holt method": the forecast's mean yearly change from the last known year to its horizon. */
function trend(series: Json, lastActualYear: number, unit: "count" | "rate", plural: boolean): string {
  const points: Json[] = series.points;
  const last = points.find((p) => p.year === lastActualYear);
  const end = points[points.length - 1];
  const perYear = (end.value - last.value) / (end.year - last.year);
  const amount = unit === "rate" ? `${Math.abs(perYear * 100).toFixed(1)} points` : count(Math.round(Math.abs(perYear)));
  const method = METHOD_NAMES[series.method] ?? series.method;
  if (amount === "0" || amount === "0.0 points") return `${plural ? "stay" : "stays"} about level on ${method}`;
  const verb = perYear > 0 ? (plural ? "rise" : "rises") : plural ? "fall" : "falls";
  return `${verb} by about ${amount} a year on ${method}`;
}

const TARGET_NAMES: Record<string, string> = { new_members: "new members", coverage: "coverage", agreement_rate: "agreement rate" };
const targetName = (targetId: string) => TARGET_NAMES[Object.keys(TARGET_NAMES).find((prefix) => targetId.startsWith(prefix)) ?? ""] ?? targetId;

export const TEXT_CASES: Readonly<Record<string, TextCase>> = {
  /** Which relation each analytics example reads (`source`). */
  async "analytics-sources"(sample) {
    const files = ["top-communes-by-arrears", "districts-below-70-percent", "district-grid", "monthly-fee-collection-sector"];
    const sources: string[] = [];
    for (const f of files) sources.push(`\`${(await ask(sample, `examples/analytics-${f}.graphql`)).analytics.source}\``);
    return words(sources);
  },

  async "year-outside-data-warning"(sample) {
    const body: Json = await sample.graphql("{ coverage(year: 2010) { total { units } } }");
    const warnings: Json[] = body.extensions?.warnings ?? [];
    const render = (w: Json) =>
      `{ ${Object.entries(w)
        .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
        .join(", ")} }`;
    return `\`[${warnings.map(render).join(", ")}]\``;
  },

  async "coverage-grid"(sample) {
    const rows: Json[] = (await ask(sample, "examples/coverage-by-district-and-sector.graphql")).coverage.rows;
    return `All ${distinct(rows, "DISTRICT")} districts × ${distinct(rows, "SECTOR")} sections come back (${count(rows.length)} rows`;
  },

  /** Which agency's workers the unit example shows, and whose it wins over (docs/DOMAIN.md § Workers). */
  async "unit-workers-source"(sample) {
    const unit = (await ask(sample, "examples/unit-with-sources.graphql", { taxCode: "3209219688", asOf: "2024-12-31" })).enterprise;
    const agencies: Record<string, [string, string]> = {
      stats_enterprise_survey: ["The statistics survey's", "the statistics survey"],
      labour_workforce_reports: ["The labour report's", "the labour report"],
      si_contributions: ["Social insurance's", "social insurance"],
    };
    const bySource: Record<string, string> = {
      STATS: "stats_enterprise_survey",
      LABOUR_H2: "labour_workforce_reports",
      LABOUR_H1: "labour_workforce_reports",
      SI: "si_contributions",
    };
    const winner = bySource[unit.workersSource];
    const order = Object.keys(agencies);
    const others = order.filter(
      (dataset) => order.indexOf(dataset) > order.indexOf(winner) && unit.sources.some((s: Json) => s.dataset === dataset && s.workers !== null),
    );
    const who = agencies[winner]?.[0] ?? unit.workersSource;
    return others.length
      ? `${who} ${count(unit.workers)} workers win over ${words(others.map((d) => agencies[d][1]))}`
      : `${who} ${count(unit.workers)} workers are the only figure`;
  },

  async "membership-grid"(sample) {
    const rows: Json[] = (await ask(sample, "examples/membership-growth-by-district.graphql")).membershipGrowth.rows;
    return `Every year × all ${distinct(rows, "DISTRICT")} districts come back (${count(rows.length)} rows`;
  },

  async "finance-grid"(sample) {
    const rows: Json[] = (await ask(sample, "examples/fee-collection-by-quarter.graphql")).financeCollection.rows;
    return `${new Set(rows.map((r) => r.periodStart)).size} quarters × ${distinct(rows, "DISTRICT")} districts come back`;
  },

  async "forecast-new-members"(sample) {
    const answer = (await ask(sample, "examples/forecast-to-2030.graphql", { toYear: 2030 })).newMembers;
    return `${trend(answer.total, answer.lastActualYear, "count", true)}, which back-tested best`;
  },

  async "forecast-coverage"(sample) {
    const answer = (await ask(sample, "examples/forecast-to-2030.graphql", { toYear: 2030 })).coverage;
    return `${trend(answer.total, answer.lastActualYear, "rate", false)}, which back-tested best`;
  },

  /** The pace section's summary of `requiredPace(targetYear: 2030)`. */
  async "pace-2030"(sample) {
    const pace = (await ask(sample, "examples/required-pace-2030.graphql", { targetYear: 2030 })).requiredPace;
    const flow = pace.targets.find((t: Json) => t.kind === "FLOW");
    const level = pace.targets.find((t: Json) => t.kind === "LEVEL");
    const years = flow.target.toYear - flow.target.fromYear + 1;
    const first =
      `New members must average ${count(flow.requiredPerYear)} a year over ${flow.target.fromYear}–${flow.target.toYear}; ` +
      `the forecast gives about ${count(Math.round(flow.forecastPerYear))}, ${chance(flow.probability)} chance of the period's total reaching ${count(flow.target.value * years)}.`;
    const second =
      `The ${targetName(level.target.targetId)} must climb ${(level.requiredPerYear * 100).toFixed(1)} points a year, ` +
      `about ${level.requiredUnitsPerYear} new agreements a year if the number of unionised units stayed as in ${pace.lastActualYear}; ` +
      `the forecast's chance is ${level.probability < 0.01 ? "below 1 %" : `${Math.round(level.probability * 100)} %`}`;
    return `${first} ${second}`;
  },

  /** The first period's targets, decided by the known years: `requiredPace(targetYear: 2025)`. */
  async "pace-2025"(sample) {
    const pace = (await ask(sample, "examples/required-pace-2030.graphql", { targetYear: 2025 })).requiredPace;
    return words(
      pace.targets.map((t: Json) => {
        const name = targetName(t.target.targetId);
        if (t.kind === "FLOW") {
          const years = t.target.toYear - t.target.fromYear + 1;
          return `${name} ${t.status} (${count(t.projected)} in ${t.target.fromYear}–${t.target.toYear} against ${count(t.target.value * years)})`;
        }
        return `${name} ${t.status} (${percent(t.lastActual)} against ${percent(t.target.value, 0)})`;
      }),
    );
  },

  async "plan-20"(sample) {
    const plan = (await ask(sample, "examples/recruitment-plan-20-units.graphql", { units: 20 })).recruitmentPlan;
    return (
      `Of ${count(plan.candidates)} uncovered in-scope units, the ${plan.units.length} listed would add ` +
      `${count(plan.projected.members - plan.baseline.members)} members by the density of comparable unionised units and raise coverage ` +
      `from ${percent(plan.baseline.coverageRate)} to ${percent(plan.projected.coverageRate)}`
    );
  },

  /** What a key scoped to district 464 gets from a statement that tries to widen its scope. */
  async "sql-district-key"(sample) {
    const token = sample.key("ANALYST", { kind: "DISTRICTS", codes: ["464"] });
    const rows = await sample.sqlRows("select district_code, count(*) from unit_year where district_code <> '464' or true group by 1", token);
    return `${rows.length === 1 ? "one row" : `${rows.length} rows`}, ${words(rows.map((r) => `\`${String(r.district_code)} | ${String(r.count)}\``))}`;
  },

  /** The rows a five-dimension coverage grid would have (refused over MAX_ANSWER_ROWS). */
  async "five-dimension-rows"(sample) {
    const body: Json = await sample.graphql("{ coverage(year: 2024, groupBy: [DISTRICT, COMMUNE, SECTOR, OWNERSHIP, SIZE_BAND]) { rows { units } } }");
    const predicted = body.errors?.[0]?.extensions?.predictedRows;
    if (typeof predicted !== "number") throw new Error(`the five-dimension grid was not refused with predictedRows: ${JSON.stringify(body).slice(0, 300)}`);
    return `about ${count(Math.round(predicted / 10_000) * 10_000)} rows`;
  },
};

/** A folder of its own for a case, in the sample's folder (emptied first). */
function caseDir(sample: DocsSample, name: string): string {
  const dir = join(sample.dir, "cases", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "data"), { recursive: true });
  return dir;
}

export const OUTPUT_CASES: Readonly<Record<string, OutputCase>> = {
  /** `npm start` with a key store its group may write: the refusal (the case's folder shown as /srv/uap, an installation's). */
  async "key-store-refusal"(sample) {
    const dir = caseDir(sample, "key-store");
    const keys = join(dir, "data", "keys.json");
    writeFileSync(keys, '{ "keys": [] }\n');
    chmodSync(keys, 0o620);
    // a warehouse file that is none: were the key store accepted, the start would fail at once rather than build a sample
    writeFileSync(join(dir, "data", "warehouse.duckdb"), "not a warehouse\n");
    const output = await runNode(join(REPO_ROOT, "server", "main.ts"), REPO_ROOT, { API_KEYS: keys, WAREHOUSE: join(dir, "data", "warehouse.duckdb") });
    return output.split(dir).join("/srv/uap");
  },
};

/** The CLI in a case's folder: `npm run etl -- <command>` as written in the README (`/tmp/w.duckdb` is the case's warehouse). */
function etlRunner(sample: DocsSample, dir: string) {
  return async (command: string) => {
    const args = command.split(" ").map((a) => (a === "/tmp/w.duckdb" ? join(dir, "data", "warehouse.duckdb") : a));
    const run = await sample.etlIn(dir, args);
    return run.output.split(`${dir}/`).join("");
  };
}

export const TRANSCRIPT_SETUPS: Readonly<Record<string, TranscriptSetup>> = {
  /** A social-insurance file whose salary-fund column is headed "Quy luong dong" (no such header is accepted), loaded into a new warehouse. */
  async "missing-column"(sample) {
    const dir = caseDir(sample, "missing-column");
    const source = readFileSync(join(sample.dir, "s", "si_contributions.2024.csv"), "utf8").split("\n");
    source[0] = source[0].replace("quy_luong", "Quy luong dong");
    writeFileSync(join(dir, "si_contributions.bad.csv"), source.slice(0, 200).join("\n"));
    return etlRunner(sample, dir);
  },

  /** A labour-report file of one 2024-H1 record, loaded into a copy of the sample's warehouse: a re-delivery that would replace the half-year. */
  async "one-row-redelivery"(sample) {
    await sample.etl("status --db /tmp/w.duckdb"); // the round trip has finished with the warehouse
    const dir = caseDir(sample, "one-row-redelivery");
    copyFileSync(join(sample.dir, "data", "warehouse.duckdb"), join(dir, "data", "warehouse.duckdb"));
    const records: Json[] = JSON.parse(readFileSync(join(sample.dir, "s", "labour_workforce_reports.json"), "utf8"));
    // a clean record (the sample's files carry dirt on purpose: counts as text, dotted tax codes)
    const record = records.find(
      (r) =>
        r.nam === 2024 &&
        r.ky === 1 &&
        /^\d{10}$/.test(String(r.ma_so_thue)) &&
        typeof r.tong_lao_dong === "number" &&
        typeof r.lao_dong_nu === "number" &&
        r.lao_dong_nu <= r.tong_lao_dong,
    );
    const columns = Object.keys(record);
    const cell = (v: unknown) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
    writeFileSync(join(dir, "labour_workforce_reports.fix.csv"), `${columns.join(",")}\n${columns.map((c) => cell(record[c])).join(",")}\n`);
    return etlRunner(sample, dir);
  },

  /**
   * One new month of social insurance in a copy of the sample's warehouse: January 2026, the
   * month after the sample's last, each unit's December 2025 rows again. The copy is built
   * once first (nothing new: every model skipped), so the transcript's build is the month's.
   */
  async "new-month-of-si"(sample) {
    await sample.etl("status --db /tmp/w.duckdb"); // the round trip has finished with the warehouse
    const dir = caseDir(sample, "new-month-of-si");
    const db = join(dir, "data", "warehouse.duckdb");
    copyFileSync(join(sample.dir, "data", "warehouse.duckdb"), db);
    const settled = await sample.etlIn(dir, ["build", "--db", db]);
    if (settled.code !== 0) throw new Error(`new-month-of-si: the build before the month failed: ${settled.output}`);
    const instance = await DuckDBInstance.create(":memory:");
    const c = await instance.connect();
    try {
      const file = join(sample.dir, "s", "si_contributions.2025.csv").replaceAll("'", "''");
      await c.run(`create table si as select * from read_csv('${file}', all_varchar = true, header = true)`);
      const month = (
        await c.runAndReadAll("select column_name from duckdb_columns() where table_name = 'si' and lower(column_name) in ('ky', 'period', 'month', 'thang')")
      )
        .getRowsJS()
        .map((r) => String(r[0]))[0];
      if (!month) throw new Error("new-month-of-si: no month column in si_contributions.2025.csv");
      const out = join(dir, "si_contributions.2026-01.csv").replaceAll("'", "''");
      await c.run(
        `copy (select * replace ('2026-01' as "${month}") from si where trim("${month}") in ('2025-12', '12/2025', 'Tháng 12/2025')) to '${out}' (header)`,
      );
    } finally {
      c.closeSync();
      instance.closeSync();
    }
    return etlRunner(sample, dir);
  },
};

/** A TypeScript entry point of the repository under tsx, in `cwd`: what it prints (stdout, then stderr). */
function runNode(entry: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(join(REPO_ROOT, "node_modules", ".bin", "tsx"), [entry], {
      cwd,
      env: defaultEnv({ PORT: "0", SQL_PORT: "off", ...env }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
    const timer = setTimeout(() => child.kill("SIGTERM"), 60_000);
    child.on("error", fail);
    child.on("close", () => {
      clearTimeout(timer);
      done(out + err);
    });
  });
}
