/**
 * A README example of printed output (a command's, psql's) against the real output,
 * honouring the README's elisions: a line `…` stands for any number of lines (none
 * included), `…` inside a line for any text within it. Times (`2026-11-24 05:24`,
 * `2026-12-05 01:55:12 +07:00`) are compared as "a time": they differ on every run.
 */
import { ElisionError } from "./elided-json.js";

export const ELISION_LINE = "…";

const TIME = /\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z| ?[+-]\d{2}:\d{2})?/g;

/** A line as compared: times replaced, trailing spaces dropped (tables pad their last column). */
export const normaliseLine = (line: string) => line.replace(TIME, "<time>").trimEnd();

const isElisionLine = (line: string) => line.trim() === ELISION_LINE;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whether one README line shows one output line. */
export function lineMatches(template: string, actual: string): boolean {
  const t = normaliseLine(template);
  const a = normaliseLine(actual);
  if (!t.includes(ELISION_LINE)) return t === a;
  return new RegExp(`^${t.split(ELISION_LINE).map(escapeRegExp).join(".*")}$`, "s").test(a);
}

/** Whether the README's lines show the output's lines. */
export function linesMatch(template: readonly string[], actual: readonly string[]): boolean {
  // memoised glob match: memo[i][j] = template[i..] matches actual[j..]
  const memo = new Map<number, boolean>();
  const match = (i: number, j: number): boolean => {
    const key = i * (actual.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === template.length) result = j === actual.length;
    else if (isElisionLine(template[i])) result = match(i + 1, j) || (j < actual.length && match(i, j + 1));
    else result = j < actual.length && lineMatches(template[i], actual[j]) && match(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return match(0, 0);
}

/** A line's shape, to find it again when its figures have changed: numbers and times masked, spaces collapsed. */
const shape = (line: string) =>
  normaliseLine(line)
    .replace(/\d[\d,.]*/g, "#")
    .replace(/\s+/g, " ")
    .trim();

/**
 * The README's lines with the output written in: unchanged when they still show it;
 * otherwise the same selection of lines (the first ones, the last ones, and the runs
 * between two `…` found again by their first line's shape) taken from the output.
 */
export function refillLines(template: readonly string[], actual: readonly string[], where: string): string[] {
  if (linesMatch(template, actual)) return [...template];
  if (!template.some(isElisionLine)) return [...actual];
  const result: string[] = [];
  let cursor = 0;
  for (let i = 0; i < template.length; ) {
    if (isElisionLine(template[i])) {
      result.push(template[i++]);
      continue;
    }
    let end = i;
    while (end < template.length && !isElisionLine(template[end])) end++;
    const run = template.slice(i, end);
    let from: number;
    if (i === 0) from = 0;
    else if (end === template.length) from = Math.max(cursor, actual.length - run.length);
    else {
      // between two elisions: found again by its first line's shape
      const pattern = new RegExp(`^${shape(run[0]).split(ELISION_LINE).map(escapeRegExp).join(".*")}$`);
      from = actual.findIndex((line, k) => k >= cursor && pattern.test(shape(line)));
      if (from < 0)
        throw new ElisionError(
          `${where}: the README shows a line like "${run[0].trim()}", which the output no longer has; choose the lines to show in README.md`,
        );
    }
    const shown = actual.slice(from, from + run.length);
    result.push(...shown.map((line, k) => (lineMatches(run[k], line) ? run[k] : line)));
    cursor = from + shown.length;
    i = end;
  }
  return result;
}

/** One command of a transcript: its lines as shown (prompt included), its output, and the blank lines after it. */
export interface TranscriptStep {
  readonly command: string[];
  readonly output: string[];
  readonly blankAfter: number;
}

/**
 * A transcript block: commands starting with `prompt` (`$ npm run etl -- ` for the shell,
 * `warehouse=> ` for psql), each followed by its output. With `statements`, a command
 * continues on the following lines until its `;` (SQL; a backslash command is one line).
 */
export function parseTranscript(lines: readonly string[], prompt: string, statements = false): TranscriptStep[] {
  const steps: { command: string[]; output: string[] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith(prompt)) {
      const command = [line];
      if (statements) {
        while (!/^\s*\\/.test(line.slice(prompt.length)) && !command.join("\n").trimEnd().endsWith(";") && i + 1 < lines.length) command.push(lines[++i]);
      }
      steps.push({ command, output: [] });
    } else if (steps.length) steps[steps.length - 1].output.push(line);
    else throw new ElisionError(`the transcript does not start with a command ("${prompt.trim()} …"): "${line}"`);
  }
  return steps.map((s) => {
    let end = s.output.length;
    while (end > 0 && s.output[end - 1].trim() === "") end--;
    return { command: s.command, output: s.output.slice(0, end), blankAfter: s.output.length - end };
  });
}

export function renderTranscript(steps: readonly TranscriptStep[]): string[] {
  return steps.flatMap((s) => [...s.command, ...s.output, ...Array<string>(s.blankAfter).fill("")]);
}

/** Output text as lines, without the trailing blank ones. */
export function outputLines(text: string): string[] {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  while (lines.length && lines[lines.length - 1].trim() === "") lines.pop();
  return lines;
}
