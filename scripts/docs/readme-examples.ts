/**
 * The README's example outputs and where each comes from. An HTML comment (invisible on
 * GitHub) names the source; the fenced block right after it, or the text up to
 * `<!-- /docs:text -->`, is that source's output:
 *
 *   <!-- docs:graphql {"file": "examples/x.graphql", "variables": {…}} -->   a JSON answer of the API
 *   <!-- docs:etl -->        a transcript of `$ npm run etl -- …` commands and what they print
 *   <!-- docs:psql -->       a transcript of psql statements (`warehouse=> …`) and what they print
 *   <!-- docs:output {"name": "…"} -->   printed output made by a named case of scripts/docs/readme-cases.ts
 *   <!-- docs:text {"name": "…"} -->…<!-- /docs:text -->   a phrase of prose written from the API's answers
 *   <!-- docs:illustration -->   a text block that is no output (a diagram)
 *
 * Every ```json block, and every text block (no language, or `text`), needs one.
 */

export type BlockKind = "graphql" | "etl" | "psql" | "output" | "illustration";
const BLOCK_KINDS: readonly string[] = ["graphql", "etl", "psql", "output", "illustration"];

export interface ExampleBase {
  readonly options: Readonly<Record<string, unknown>>;
  /** The Markdown file the example is in, as messages name it (`README.md`, `examples/README.md`). */
  readonly source: string;
  /** 1-based line of the marker in that file, for messages. */
  readonly line: number;
  /** Where the output sits in README.md (character offsets). */
  readonly start: number;
  readonly end: number;
}

export interface BlockExample extends ExampleBase {
  readonly kind: BlockKind;
  /** The fence's language (`json`, `text`, or empty). */
  readonly lang: string;
  /** The indentation of the fence (a block inside a list item), taken off `lines` and put back on writing. */
  readonly indent: string;
  /** The block's lines, without the indentation. */
  readonly lines: readonly string[];
}

export interface TextExample extends ExampleBase {
  readonly kind: "text";
  readonly text: string;
}

export type Example = BlockExample | TextExample;

export class ReadmeMarkerError extends Error {
  override name = "ReadmeMarkerError";
}

/** A marker; one quoted in a code span (after a backtick) is text about markers, not one. */
const MARKER = /(?<!`)<!-- docs:([a-z]+)((?:(?!-->)[\s\S])*)-->/g;
const TEXT_END = "<!-- /docs:text -->";
const FENCE = /^([ \t]*)(`{3,})([\w-]*)[ \t]*$/;

const lineAt = (text: string, offset: number) => text.slice(0, offset).split("\n").length;

/** Every marked example of a README (`source`: its name in messages), in order. */
export function readExamples(readme: string, source = "README.md"): Example[] {
  const examples: Example[] = [];
  for (const match of readme.matchAll(MARKER)) {
    const kind = match[1];
    const line = lineAt(readme, match.index);
    let options: Record<string, unknown> = {};
    const raw = match[2].trim();
    if (raw) {
      try {
        options = JSON.parse(raw) as Record<string, unknown>;
      } catch (error) {
        throw new ReadmeMarkerError(`${source} line ${line}: the options of docs:${kind} are not JSON (${(error as Error).message}): ${raw}`);
      }
    }
    const after = match.index + match[0].length;
    if (kind === "text") {
      const end = readme.indexOf(TEXT_END, after);
      if (end < 0) throw new ReadmeMarkerError(`${source} line ${line}: docs:text without its ${TEXT_END}`);
      examples.push({ kind, options, source, line, start: after, end, text: readme.slice(after, end) });
      continue;
    }
    if (!BLOCK_KINDS.includes(kind)) throw new ReadmeMarkerError(`${source} line ${line}: unknown marker docs:${kind}`);
    // the fence follows on the next non-blank line
    let at = readme.indexOf("\n", after);
    if (at < 0 || readme.slice(after, at).trim()) throw new ReadmeMarkerError(`${source} line ${line}: docs:${kind} must end its line`);
    at++;
    while (readme.startsWith("\n", at)) at++;
    const fenceEnd = readme.indexOf("\n", at);
    const fence = FENCE.exec(readme.slice(at, fenceEnd));
    if (!fence) throw new ReadmeMarkerError(`${source} line ${line}: docs:${kind} must be followed by a fenced block`);
    const [, indent, ticks, lang] = fence;
    const start = fenceEnd + 1;
    const close = new RegExp(`^[ \\t]*${ticks}[ \\t]*$`, "m");
    const rest = readme.slice(start);
    const closing = close.exec(rest);
    if (!closing) throw new ReadmeMarkerError(`${source} line ${line}: the block after docs:${kind} is not closed`);
    const end = start + closing.index;
    const lines = readme
      .slice(start, end)
      .replace(/\n$/, "")
      .split("\n")
      .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart()));
    examples.push({ kind: kind as BlockKind, options, source, line, start, end, lang, indent, lines });
  }
  return examples;
}

/** The fenced blocks of a README that show output (```json, ```text, or no language) but have no marker: each is a line number. */
export function unmarkedOutputBlocks(readme: string): number[] {
  const marked = new Set(
    readExamples(readme)
      .filter((e) => e.kind !== "text")
      .map((e) => e.start),
  );
  const unmarked: number[] = [];
  const lines = readme.split("\n");
  let offset = 0;
  let open: { ticks: string; output: boolean; line: number } | null = null;
  lines.forEach((text, i) => {
    const fence = FENCE.exec(text);
    if (open) {
      if (fence && fence[2] === open.ticks && !fence[3]) open = null;
    } else if (fence) {
      const output = ["json", "text", ""].includes(fence[3]);
      if (output && !marked.has(offset + text.length + 1)) unmarked.push(i + 1);
      open = { ticks: fence[2], output, line: i + 1 };
    }
    offset += text.length + 1;
  });
  return unmarked;
}

/** The README with each example's output replaced (`replacements` by example, in any order). */
export function writeExamples(readme: string, replacements: ReadonlyMap<Example, string | readonly string[]>): string {
  const edits = [...replacements].sort(([a], [b]) => b.start - a.start);
  let out = readme;
  for (const [example, value] of edits) {
    const text = typeof value === "string" ? value : `${value.map((l) => (l.trim() ? (example as BlockExample).indent + l : l)).join("\n")}\n`;
    out = out.slice(0, example.start) + text + out.slice(example.end);
  }
  return out;
}
