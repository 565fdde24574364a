/**
 * `npm run docs`: writes every marked example output of README.md from the default sample
 * (scripts/docs/readme-examples.ts says how examples are marked). `--check` writes nothing
 * and exits 1 when the README differs from the outputs (what test/docs/readme-outputs.test.ts
 * checks); `--keep DIR` keeps the built sample in DIR and reuses it on the next run (delete
 * DIR after changing the ETL or the sample generator); `--readme FILE` works on another
 * Markdown file with the same markers (`--readme examples/README.md`, which the test checks too).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { checkExample, describe, type ExampleOutcome } from "./readme-docs.js";
import { type Example, readExamples, unmarkedOutputBlocks, writeExamples } from "./readme-examples.js";
import { REPO_ROOT, startDocsSample } from "./sample-api.js";

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { check: { type: "boolean" }, keep: { type: "string" }, readme: { type: "string" } } });
  const readmePath = values.readme ? resolve(values.readme) : join(REPO_ROOT, "README.md");
  const readmeName = relative(REPO_ROOT, readmePath);
  const readme = readFileSync(readmePath, "utf8");
  const examples = readExamples(readme, readmeName);
  const unmarked = unmarkedOutputBlocks(readme);
  for (const line of unmarked) console.error(`${readmeName} line ${line}: an output block without a docs: marker (scripts/docs/readme-examples.ts)`);
  const started = Date.now();
  const sample = await startDocsSample({ keepIn: values.keep, onProgress: (line) => console.error(`  ${line}`) });
  const outcomes: ExampleOutcome[] = [];
  try {
    for (const example of examples) outcomes.push(await checkExample(example, sample));
  } finally {
    await sample.close();
  }
  const wrong = outcomes.filter((o) => o.problems.length);
  const stuck = outcomes.filter((o) => o.refilled === null);
  if (values.check) {
    for (const o of wrong) console.log(o.problems.join("\n"));
    console.log(`${examples.length} examples checked in ${((Date.now() - started) / 1000).toFixed(0)} s: ${wrong.length} differ from the outputs.`);
    return wrong.length || unmarked.length ? 1 : 0;
  }
  // Others may have edited README.md meanwhile: read it again and write into the examples as they are now.
  const now = readFileSync(readmePath, "utf8");
  const current = readExamples(now, readmeName);
  const replacements = new Map<Example, string | readonly string[]>();
  outcomes.forEach((o, i) => {
    if (o.refilled === null || !o.problems.length) return;
    const there = current[i];
    if (!there || sourceText(there) !== sourceText(o.example)) {
      console.log(`not rewritten: ${describe(o.example)} changed while the outputs were made; run npm run docs again`);
      return;
    }
    replacements.set(there, o.refilled);
  });
  if (replacements.size) writeFileSync(readmePath, writeExamples(now, replacements));
  for (const o of stuck) console.log(`not rewritten: ${o.problems.join("\n")}`);
  console.log(
    `${examples.length} examples in ${((Date.now() - started) / 1000).toFixed(0)} s: ${replacements.size} rewritten, ${stuck.length} need a person (above).`,
  );
  return stuck.length || unmarked.length ? 1 : 0;
}

/** An example as written, to tell whether it changed. */
const sourceText = (e: Example) => JSON.stringify([e.kind, e.options, e.kind === "text" ? e.text : e.lines]);

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
