/**
 * Each marked README example against what the code answers on the default sample: the
 * differences (for test/docs/readme-outputs.test.ts) and the README's text with the real
 * output written in (for `npm run docs`).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { diffElided, ElisionError, refillElided } from "./elided-json.js";
import { linesMatch, outputLines, parseTranscript, refillLines, renderTranscript } from "./elided-text.js";
import { parseJsonTree } from "./json-source-tree.js";
import { OUTPUT_CASES, TEXT_CASES, TRANSCRIPT_SETUPS } from "./readme-cases.js";
import type { BlockExample, Example } from "./readme-examples.js";
import { type DocsSample, REPO_ROOT } from "./sample-api.js";

export interface ExampleOutcome {
  readonly example: Example;
  /** What differs between the README and the output; empty when the README shows the output. */
  readonly problems: readonly string[];
  /** The example's new text (block lines, or the phrase), written by `npm run docs`; null when it cannot be made. */
  readonly refilled: string | readonly string[] | null;
}

const ETL_PROMPT = "$ npm run etl -- ";
const PSQL_PROMPT = "warehouse=> ";

/** A short name for messages: the kind, the line and the source. */
export function describe(example: Example): string {
  const source = example.options.file ?? example.options.name ?? example.options.setup ?? "";
  return `${example.source} line ${example.line} (docs:${example.kind}${source ? ` ${String(source)}` : ""})`;
}

const collapse = (text: string) => text.replace(/\s+/g, " ").trim();

export async function checkExample(example: Example, sample: DocsSample): Promise<ExampleOutcome> {
  try {
    return await check(example, sample);
  } catch (error) {
    if (!(error instanceof ElisionError)) throw error;
    return { example, problems: [error.message], refilled: null };
  }
}

async function check(example: Example, sample: DocsSample): Promise<ExampleOutcome> {
  const where = describe(example);
  if (example.kind === "text") {
    const make = TEXT_CASES[String(example.options.name)];
    if (!make) throw new ElisionError(`${where}: no text case named "${String(example.options.name)}" in scripts/docs/readme-cases.ts`);
    const text = await make(sample);
    const same = collapse(text) === collapse(example.text);
    // a new phrase goes on one line (Markdown joins the lines of a paragraph; wrapping could split a code span)
    const refilled = same ? example.text : text;
    return { example, problems: same ? [] : [`${where}: README "${collapse(example.text)}", from the API "${text}"`], refilled };
  }
  if (example.kind === "illustration") return { example, problems: [], refilled: example.lines };
  if (example.kind === "graphql") return checkGraphql(example, sample, where);
  if (example.kind === "output") {
    const make = OUTPUT_CASES[String(example.options.name)];
    if (!make) throw new ElisionError(`${where}: no output case named "${String(example.options.name)}" in scripts/docs/readme-cases.ts`);
    const actual = outputLines(await make(sample));
    return textOutcome(example, where, example.lines, actual, refillLines(example.lines, actual, where));
  }
  // transcripts: each command run, its output compared
  const prompt = example.kind === "etl" ? ETL_PROMPT : PSQL_PROMPT;
  const steps = parseTranscript(example.lines, prompt, example.kind === "psql");
  const setup = example.options.setup === undefined ? undefined : TRANSCRIPT_SETUPS[String(example.options.setup)];
  if (example.options.setup !== undefined && !setup)
    throw new ElisionError(`${where}: no transcript setup named "${String(example.options.setup)}" in scripts/docs/readme-cases.ts`);
  const runCommand = setup ? await setup(sample) : undefined;
  const seen = new Map<string, number>();
  const problems: string[] = [];
  const refilled = [];
  for (const step of steps) {
    let output: string;
    if (example.kind === "etl") {
      const args = step.command[0].slice(prompt.length).trim();
      const occurrence = seen.get(args) ?? 0;
      seen.set(args, occurrence + 1);
      output = runCommand ? await runCommand(args) : (await sample.etl(args, occurrence)).output;
    } else {
      const statement = [step.command[0].slice(prompt.length), ...step.command.slice(1)].join("\n");
      output = runCommand ? await runCommand(statement) : await sample.psql(statement);
    }
    const actual = outputLines(output);
    const stepWhere = `${where}, after "${step.command[0]}"`;
    if (!linesMatch(step.output, actual)) problems.push(textDifference(stepWhere, step.output, actual));
    refilled.push({ ...step, output: refillLines(step.output, actual, stepWhere) });
  }
  return { example, problems, refilled: renderTranscript(refilled) };
}

async function checkGraphql(example: BlockExample, sample: DocsSample, where: string): Promise<ExampleOutcome> {
  const options = example.options as { file?: string; query?: string; operation?: string; variables?: Record<string, unknown> };
  const query = options.query ?? (options.file ? readFileSync(join(REPO_ROOT, options.file), "utf8") : undefined);
  if (!query) throw new ElisionError(`${where}: docs:graphql needs "file" (a .graphql file of the repository) or "query"`);
  const body = await sample.graphql(query, { variables: options.variables, operationName: options.operation });
  const text = example.lines.join("\n");
  const template = parseJsonTree(text);
  const shows = (key: string) => template.kind === "object" && template.members.some((m) => m.key === key);
  if (body.errors && !shows("errors")) throw new ElisionError(`${where}: the API answered errors: ${JSON.stringify(body.errors)}`);
  const actual = Object.fromEntries(Object.entries(body).filter(([key]) => key !== "extensions" || shows("extensions")));
  const problems = diffElided(template, actual).map((p) => `${where}: ${p}`);
  return { example, problems, refilled: problems.length ? refillElided(text, actual).split("\n") : example.lines };
}

function textOutcome(example: Example, where: string, shown: readonly string[], actual: readonly string[], refilled: readonly string[]): ExampleOutcome {
  return { example, problems: linesMatch(shown, actual) ? [] : [textDifference(where, shown, actual)], refilled };
}

function textDifference(where: string, shown: readonly string[], actual: readonly string[]): string {
  const indent = (lines: readonly string[]) => lines.map((l) => `    ${l}`).join("\n");
  return `${where}: the README shows\n${indent(shown)}\n  the output is\n${indent(actual)}`;
}
