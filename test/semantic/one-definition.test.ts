// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the examples are lines of source code, their ${…} placeholders included
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { sql } from "kysely";
import { describe, expect, test } from "vitest";
import { measureAggregate } from "../../queries/semantic/analytics-sql.js";
import type { BaseMeasureSpec, ConditionName } from "../../queries/semantic/catalog.types.js";
import { CONDITIONS } from "../../queries/semantic/conditions.catalog.js";
import { MEASURES } from "../../queries/semantic/measures.catalog.js";
import { UNIT_PERIOD_COLUMNS } from "../../queries/semantic/unit-period.catalog.js";
import { sqlCompiler } from "../helpers/sql-compiler.js";

/**
 * Every measure has ONE definition, the semantic catalog's (queries/semantic/): no code of
 * queries/, schema/ or server/ outside it writes a measure's aggregate, condition, per-unit
 * value or ratio again. The columns a measure reads are taken from the catalog itself (its
 * measures' and conditions' SQL, compiled; the unit-period row; the unit-year columns), and
 * the source is scanned for the shapes that re-define a measure over them:
 * - a sum (SQL `sum(…)`, Kysely `fn.sum(…)`) of a measure's column;
 * - a count under a condition (`count(*) filter (where …)`, `countAll().filterWhere(…)`) on
 *   a measure's or a condition's column;
 * - a condition of the catalog written as a comparison of its column (`"u.has_union", "="`);
 * - the arrears' `greatest(0, …)`, a ratio's `/ nullif(…)` or `Number(…) / Number(…)`,
 *   a flag counted as `then 1 else 0`.
 * A hit names the file, the line and the shape. The catalog's own folder is where these
 * belong; etl/ (the build's models) and bench/ are not the API's code.
 */
const ROOT = join(import.meta.dirname, "../..");
const SCANNED = ["queries", "schema", "server"];
const CATALOG_DIR = "queries/semantic/";

/** The column names a compiled statement refers to (`"u"."workers"` → workers). */
function columnsOf(compiled: string): string[] {
  return [...compiled.matchAll(/"(\w+)"(?!\.)/g)].map((m) => m[1]);
}

function compile(expression: (eb: any) => unknown): string {
  return sqlCompiler
    .selectNoFrom((eb) => [sql`${expression(eb)}`.as("x")])
    .compile()
    .sql.replace(/ as "x"$/, "");
}

const BASES = MEASURES.filter((m): m is BaseMeasureSpec => m.kind !== "RATIO");
const params = { minWorkers: 20 };

/** Columns holding a measure's value: what its aggregates sum, the unit-period row and the unit-year columns. */
const MEASURE_COLUMNS = new Set([
  ...BASES.flatMap((m) => (m.aggregate.fn === "sum" ? columnsOf(compile((eb) => measureAggregate(eb, m.name, params))) : [])),
  ...BASES.flatMap((m) => (m.unitYearColumn ? [m.unitYearColumn] : [])),
  ...Object.entries(UNIT_PERIOD_COLUMNS).flatMap(([name, c]) => [name, c.month]),
]);

/** Columns the catalog's conditions read (active, has_union, workers...). */
const CONDITION_COLUMNS = new Set(Object.keys(CONDITIONS).flatMap((c) => columnsOf(compile((eb) => CONDITIONS[c as ConditionName].sql(eb, params)))));

const alternation = (names: Iterable<string>) => [...names].sort((a, b) => b.length - a.length).join("|");
const COL = alternation(MEASURE_COLUMNS);
const ANY_COL = alternation(new Set([...MEASURE_COLUMNS, ...CONDITION_COLUMNS]));
const COND_COL = alternation(CONDITION_COLUMNS);

interface Shape {
  readonly name: string;
  readonly pattern: RegExp;
  /** Scan the code with its string literals blanked (for shapes of TypeScript, not SQL). */
  readonly codeOnly?: boolean;
}

const SHAPES: readonly Shape[] = [
  {
    name: "a sum of a measure's column",
    pattern: new RegExp(`\\b(?:sum|avg)\\s*\\(\\s*(?:\\$\\{\\s*(?:sql|eb)\\.ref\\(\\s*)?["'\`]?(?:\\w+\\.)?(?:${COL})\\b(?!\\s*\\()`, "g"),
  },
  { name: "a count under a condition", pattern: new RegExp(`countAll\\(\\)\\s*\\.filterWhere\\([^;]{0,120}?\\b(?:${ANY_COL})\\b`, "g") },
  { name: "a count under a condition", pattern: new RegExp(`count\\(\\*\\)\\s*filter\\s*\\(\\s*where\\b[^)]{0,120}?\\b(?:${ANY_COL})\\b`, "gi") },
  { name: "a condition of the catalog", pattern: new RegExp(`["'\`](?:\\w+\\.)?(?:${COND_COL})["'\`]\\s*,\\s*["'\`](?:=|>=|>|<|is|is not)["'\`]`, "g") },
  { name: "the arrears' max(0, due − paid)", pattern: /\bgreatest\s*\(\s*0\s*,/gi },
  { name: "a ratio", pattern: /\/\s*nullif\s*\(/gi },
  { name: "a ratio", pattern: /["'`]\/["'`]\s*,\s*(?:eb\.)?fn\(\s*["'`]nullif["'`]/g },
  { name: "a ratio", pattern: /Number\([^()]*\)\s*\/\s*Number\(/g, codeOnly: true },
  { name: "a flag counted as a row value", pattern: /\bthen\s+1\s+else\s+0\b/gi },
];

/** Comments removed (line and block), keeping line numbers. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, " ")).replace(/(^|[^:"'`\\])\/\/.*$/gm, (_, before: string) => before);
}

/** String and template literals blanked (their line breaks kept). */
function withoutStrings(text: string): string {
  return text.replace(/(["'`])(?:\\.|(?!\1)[\s\S])*\1/g, (m) => m.replace(/[^\n]/g, " "));
}

interface Hit {
  readonly file: string;
  readonly line: number;
  readonly shape: string;
  readonly text: string;
}

function scan(file: string, source: string): Hit[] {
  const code = withoutComments(source);
  const views = { sql: code, ts: withoutStrings(code) };
  const hits: Hit[] = [];
  for (const shape of SHAPES) {
    const text = shape.codeOnly ? views.ts : views.sql;
    for (const m of text.matchAll(shape.pattern)) {
      const line = text.slice(0, m.index).split("\n").length;
      hits.push({ file, line, shape: shape.name, text: source.split("\n")[line - 1].trim() });
    }
  }
  return hits;
}

/** Shapes that look like a measure's and are not one, each with why. */
const NOT_MEASURES: readonly { readonly file: string; readonly shape: string; readonly text: string; readonly why: string }[] = [
  {
    file: "queries/filters.ts",
    shape: "a condition of the catalog",
    text: 'eb("u.workers", ">=", workerBound("minWorkers"',
    why: "EnterpriseFilter.minWorkers: the caller's filter on a unit's workers, not the in-scope condition (which is active and workers ≥ the question's minWorkers)",
  },
];

const excused = (h: Hit) => NOT_MEASURES.some((e) => e.file === h.file && e.shape === h.shape && h.text.includes(e.text));

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.ts$/.test(name) && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

describe("one definition of each measure: the semantic catalog's", () => {
  test("the scan reads the catalog's columns (a measure's and a condition's)", () => {
    for (const c of ["workers", "members", "new_members", "due", "paid", "fee_due", "fee_paid", "member_dues_paid", "si_arrears"])
      expect(MEASURE_COLUMNS).toContain(c);
    for (const c of ["active", "has_union", "agreement_in_force", "workers"]) expect(CONDITION_COLUMNS).toContain(c);
  });

  test("no file of queries/, schema/ or server/ outside queries/semantic/ writes a measure's SQL again", () => {
    const hits: string[] = [];
    for (const wing of SCANNED) {
      for (const path of sourceFiles(join(ROOT, wing))) {
        const file = relative(ROOT, path);
        if (file.startsWith(CATALOG_DIR)) continue;
        for (const h of scan(file, readFileSync(path, "utf8"))) if (!excused(h)) hits.push(`${h.file}:${h.line}: ${h.shape}: ${h.text}`);
      }
    }
    expect(hits, "compute it through queries/semantic (measureAggregate, measureRowValue, measureRatio, ratioValue, unitPeriodSums)").toEqual([]);
  });

  test("the exports compute through the root fields: server/export/ runs GraphQL operations and reads no query of queries/", () => {
    const reads: string[] = [];
    for (const path of sourceFiles(join(ROOT, "server/export"))) {
      for (const m of readFileSync(path, "utf8").matchAll(/from\s+["']([^"']+)["']/g)) {
        const spec = m[1];
        // The one import of queries/ is the page size limit, a constant.
        if (/\/queries\//.test(spec) && !spec.endsWith("/queries/pagination.js")) reads.push(`${relative(ROOT, path)} imports ${spec}`);
        if (spec === "kysely" || /\/schema\//.test(spec)) reads.push(`${relative(ROOT, path)} imports ${spec}`);
      }
    }
    expect(reads).toEqual([]);
  });

  test("every shape excused as not a measure is still in its file (the list does not outlive the code)", () => {
    for (const e of NOT_MEASURES) {
      const hits = scan(e.file, readFileSync(join(ROOT, e.file), "utf8")).filter(excused);
      expect(hits.length, `${e.file}: ${e.text}`).toBeGreaterThan(0);
    }
  });

  // The code these root fields had before they computed through the catalog: each line re-defined a measure.
  test.each([
    ["membershipGrowth", `groupedAggregates(qc, "scoped", group, (eb) => [eb.fn.sum("members").as("members"), eb.fn.countAll().as("unions_reporting")])`],
    ["scorecard", `eb.fn.countAll().filterWhere((w) => w.and([w("u.active", "=", true), w("u.has_union", "=", true)]))`],
    ["scorecard", `eb.fn.sum("u.workers").filterWhere((w) => w.and([w("u.active", "=", true), w("u.workers", "is not", null)]))`],
    ["financeCollection", 'sql<bigint>`sum(greatest(0, due - paid))`.as("arrears")'],
    ["financeCollection", `eb.fn.countAll().filterWhere("due", ">", 0).as("units_owing")`],
    ["financeCollection", 'const unitSums = [sql<bigint>`sum(${sql.ref(due)})::bigint`.as("due"), sql<bigint>`sum(salary_fund)::bigint`.as("salary_fund")];'],
    ["financeCollection", 'eb(eb.cast(eb.fn.coalesce(numerator, eb.lit(0)), "double precision"), "/", eb.fn("nullif", [eb.ref(denominator), eb.lit(0)]))'],
    ["financeGaps", 'sql<number>`count(*) filter (where fee_due > 0 and fee_paid = 0)::integer`.as("unpaid_months")'],
    ["forecast", 'const flag = (e) => sql<number>`case when ${e} then 1 else 0 end`; const inScopeOf = (eb, n) => eb.and([eb("u.active", "=", true)]);'],
    ["recruitmentPlan", 'sql<number>`coalesce(${pick("members")} / nullif(${pick("workers")}, 0), 0)`'],
    ["recruitmentPlan", 'eb.cast<number>(eb.fn.sum("u.fee_paid"), "double precision").as("fee_paid")'],
    ["Enterprise.onTimeRate", "onTimeRate: row.fee_due > 0n ? Number(row.fee_paid_on_time) / Number(row.fee_due) : null,"],
  ])("the scan finds a measure re-defined as %s once did: %s", (_, line) => {
    expect(scan("example.ts", line).length).toBeGreaterThan(0);
  });

  test.each([
    ["a comment about sum(workers) and greatest(0, due − paid)", "// Σ sum(workers) filter (where has_union) greatest(0, x)\nconst a = 1;"],
    ["a catalog call", `measureAggregate(eb, "unionisedWorkers", params).as("workers")`],
    ["a sum of something that is not a measure", 'sql`count(*) filter (where ${eb.ref("l.tax_code")} is not null)`; eb.fn.sum("n")'],
    ["a column read without aggregating it", `db.selectFrom("mart_unit_year as u").select(["u.workers", "u.fee_paid", "u.has_union"])`],
  ])("the scan leaves %s alone", (_, line) => {
    expect(scan("example.ts", line)).toEqual([]);
  });
});
