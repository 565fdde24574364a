/**
 * The example operations of `examples/` (its top level: the analysts' documents) as the
 * GraphQL page offers them: each file's operation, its name, the description from its
 * leading comment, and the variables that comment gives (`Variables: {"year": 2024}`).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Kind, parse } from "graphql/index.js";

export const EXAMPLES_DIR = fileURLToPath(new URL("../../examples/", import.meta.url));

export interface ExampleOperation {
  /** The file name, e.g. `coverage-by-district-and-sector.graphql`. */
  readonly file: string;
  /** The operation's name, e.g. `CoverageByDistrictAndSector` (GraphiQL's tab title). */
  readonly name: string;
  /** The leading comment, its `#` marks removed, as one paragraph. */
  readonly description: string;
  /** The whole file, comment included. */
  readonly query: string;
  /** The variables the comment gives, as JSON text (GraphiQL's variables editor); null when it gives none. */
  readonly variables: string | null;
}

/** The examples, by file name; a file that does not parse or has no named operation stops the start (it is ours). */
export function readExamples(dir: string = EXAMPLES_DIR): ExampleOperation[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".graphql"))
    .map((entry) => entry.name)
    .sort()
    .map((file) => exampleOf(file, readFileSync(join(dir, file), "utf8")));
}

export function exampleOf(file: string, query: string): ExampleOperation {
  const operation = parse(query).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  const name = operation?.kind === Kind.OPERATION_DEFINITION ? operation.name?.value : undefined;
  if (!name) throw new Error(`examples/${file}: no named operation`);
  const comment: string[] = [];
  for (const line of query.split(/\r?\n/)) {
    if (!line.startsWith("#")) break;
    comment.push(line.replace(/^#\s?/, ""));
  }
  const description = comment.join(" ").replace(/\s+/g, " ").trim();
  return { file, name, description, query, variables: variablesOf(file, description) };
}

/** The JSON object after `Variables:` in the comment, pretty-printed; null when there is none. */
function variablesOf(file: string, description: string): string | null {
  const start = description.search(/Variables:\s*\{/);
  if (start < 0) return null;
  const open = description.indexOf("{", start);
  let depth = 0;
  for (let i = open; i < description.length; i++) {
    if (description[i] === "{") depth++;
    else if (description[i] === "}" && --depth === 0) {
      const text = description.slice(open, i + 1);
      try {
        return JSON.stringify(JSON.parse(text), null, 2);
      } catch (error) {
        throw new Error(`examples/${file}: the variables of its comment are not JSON (${(error as Error).message}): ${text}`);
      }
    }
  }
  throw new Error(`examples/${file}: the variables of its comment have no closing brace`);
}
