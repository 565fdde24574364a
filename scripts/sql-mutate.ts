/**
 * `npm run mutate:sql [-- --file <sql>]… [-- --max N] [-- --tests a,b] [-- --report NAME] [-- --list]`: the
 * SQL mutator. Each mutant (scripts/sql-mutator.ts) is written into its file in place,
 * the model and end-to-end tests run (SQL_MUTATION_TESTS, or --tests), and the file is
 * restored, also on Ctrl-C. Killed: a test failed; survived: all passed. The report goes
 * to reports/mutation/NAME.json and .md (default sql-mutants), each mutant with its location.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SQL_MUTATION_GLOBS, SQL_MUTATION_TESTS } from "./mutation-targets.js";
import { applyMutant, mutantsOf, type SqlMutant, spread } from "./sql-mutator.js";

const OUT = "reports/mutation";
const TIMEOUT_MS = 15 * 60_000;

type Status = "Killed" | "Survived" | "Timeout";
interface Result extends SqlMutant {
  readonly status: Status;
  readonly seconds: number;
}

function sqlFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : path.endsWith(".sql") ? [path] : [];
    });
  return [...SQL_MUTATION_GLOBS.dirs.flatMap(walk), ...SQL_MUTATION_GLOBS.files].sort();
}

function parseArgs(argv: readonly string[]) {
  const files: string[] = [];
  let max = Infinity;
  let tests = [...SQL_MUTATION_TESTS];
  let list = false;
  let name = "sql-mutants";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--file") files.push(argv[++i]);
    else if (arg === "--max") max = Number(argv[++i]);
    else if (arg === "--tests") tests = argv[++i].split(",");
    else if (arg === "--list") list = true;
    else if (arg === "--report") name = argv[++i];
    else throw new Error(`unknown option ${arg} (--file <sql>, --max N, --tests a,b, --report NAME, --list)`);
  }
  if (!(max > 0)) throw new Error("--max needs a positive number");
  const known = sqlFiles();
  for (const f of files)
    if (!known.includes(f)) throw new Error(`${f} is not a SQL file the mutator covers (etl/models/**/*.sql, etl/warehouse/sql/macros.sql)`);
  if (!/^[\w.-]+$/.test(name)) throw new Error("--report needs a plain file name");
  return { files: files.length ? files : known, max, tests, list, name };
}

function runTests(tests: readonly string[]): { status: Status; seconds: number } {
  const started = Date.now();
  const run = spawnSync("npx", ["vitest", "run", ...tests, "--reporter=dot", "--bail=1", "--outputFile.json=/dev/null"], {
    stdio: "ignore",
    timeout: TIMEOUT_MS,
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  if (run.error || run.signal) return { status: "Timeout", seconds };
  return { status: run.status === 0 ? "Survived" : "Killed", seconds };
}

function report(name: string, results: readonly Result[], tests: readonly string[]): void {
  mkdirSync(OUT, { recursive: true });
  const byFile = new Map<string, Result[]>();
  for (const r of results) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);
  const score = (rs: readonly Result[]) => Math.round((1000 * rs.filter((r) => r.status !== "Survived").length) / rs.length) / 10;
  const summary = Object.fromEntries(
    [...byFile].map(([file, rs]) => [
      file,
      {
        mutants: rs.length,
        killed: rs.filter((r) => r.status !== "Survived").length,
        survived: rs.filter((r) => r.status === "Survived").length,
        score: score(rs),
      },
    ]),
  );
  writeFileSync(
    join(OUT, `${name}.json`),
    `${JSON.stringify({ measuredAt: new Date().toISOString().slice(0, 10), tests, summary, mutants: results }, null, 2)}\n`,
  );
  const lines = [
    "# SQL mutants",
    "",
    `Tests per mutant: ${tests.map((t) => `\`${t}\``).join(", ")}. Written by \`npm run mutate:sql\` (scripts/sql-mutate.ts).`,
    "",
    "| file | mutants | killed | survived | score |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...Object.entries(summary).map(([f, s]) => `| ${f} | ${s.mutants} | ${s.killed} | ${s.survived} | ${s.score} % |`),
    "",
    "| location | mutation | original → replacement | status | seconds |",
    "| --- | --- | --- | --- | ---: |",
    ...results.map((r) => `| ${r.file}:${r.line}:${r.column} | ${r.operator} | \`${r.original}\` → \`${r.replacement}\` | ${r.status} | ${r.seconds} |`),
    "",
  ];
  writeFileSync(join(OUT, `${name}.md`), lines.join("\n"));
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const all = options.files.flatMap((file) => mutantsOf(file, readFileSync(file, "utf8")));
  const chosen = spread(all, options.max);
  if (options.list) {
    for (const m of chosen) console.log(`${m.file}:${m.line}:${m.column}  ${m.operator}  ${m.original} → ${m.replacement}`);
    console.log(`${chosen.length} of ${all.length} mutants`);
    return;
  }
  const results: Result[] = [];
  let restore: (() => void) | null = null;
  process.on("SIGINT", () => {
    restore?.();
    process.exit(130);
  });
  for (const [i, mutant] of chosen.entries()) {
    const original = readFileSync(mutant.file, "utf8");
    restore = () => writeFileSync(mutant.file, original);
    try {
      writeFileSync(mutant.file, applyMutant(original, mutant));
      const outcome = runTests(options.tests);
      results.push({ ...mutant, ...outcome });
      console.log(
        `[${i + 1}/${chosen.length}] ${outcome.status.padEnd(8)} ${mutant.file}:${mutant.line}:${mutant.column} ${mutant.operator} (${outcome.seconds} s)`,
      );
    } finally {
      restore();
      restore = null;
    }
    report(options.name, results, options.tests);
  }
  const killed = results.filter((r) => r.status !== "Survived").length;
  console.log(
    `${killed} of ${results.length} SQL mutants killed (${results.length ? Math.round((1000 * killed) / results.length) / 10 : 100} %); report: ${OUT}/${options.name}.md`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) main();
