/**
 * JSON parsed with the source offsets of every value and key, so a README example can be
 * refilled in its own layout (scripts/docs/elided-json.ts). Our own small parser: none of
 * the installed packages (JSON.parse, json5, parse-json) reports where each value sits.
 */

export type JsonNode =
  | { readonly kind: "scalar"; readonly start: number; readonly end: number; readonly value: string | number | boolean | null }
  | { readonly kind: "array"; readonly start: number; readonly end: number; readonly items: readonly JsonNode[] }
  | { readonly kind: "object"; readonly start: number; readonly end: number; readonly members: readonly JsonMember[] };

export interface JsonMember {
  readonly key: string;
  /** Where the member's quoted key starts. */
  readonly start: number;
  readonly value: JsonNode;
}

export class JsonSyntaxError extends Error {}

/** Parses one JSON value (surrounding whitespace allowed); errors name the line and column. */
export function parseJsonTree(text: string): JsonNode {
  let at = 0;
  const fail = (what: string): never => {
    const before = text.slice(0, at);
    const line = before.split("\n").length;
    const column = at - before.lastIndexOf("\n");
    throw new JsonSyntaxError(`${what} at line ${line}, column ${column}`);
  };
  const skipSpace = () => {
    while (at < text.length && /\s/.test(text[at])) at++;
  };
  const expect = (char: string) => {
    if (text[at] !== char) fail(`expected ${JSON.stringify(char)}`);
    at++;
  };
  const string = (): string => {
    const match = /^"(?:[^"\\\n]|\\.)*"/.exec(text.slice(at));
    if (!match) return fail("expected a string");
    at += match[0].length;
    return JSON.parse(match[0]) as string;
  };
  const value = (): JsonNode => {
    skipSpace();
    const start = at;
    const char = text[at];
    if (char === "{") {
      at++;
      const members: JsonMember[] = [];
      skipSpace();
      if (text[at] === "}") return { kind: "object", start, end: ++at, members };
      for (;;) {
        skipSpace();
        const keyStart = at;
        const key = string();
        skipSpace();
        expect(":");
        members.push({ key, start: keyStart, value: value() });
        skipSpace();
        if (text[at] === "}") return { kind: "object", start, end: ++at, members };
        expect(",");
      }
    }
    if (char === "[") {
      at++;
      const items: JsonNode[] = [];
      skipSpace();
      if (text[at] === "]") return { kind: "array", start, end: ++at, items };
      for (;;) {
        items.push(value());
        skipSpace();
        if (text[at] === "]") return { kind: "array", start, end: ++at, items };
        expect(",");
      }
    }
    if (char === '"') {
      const parsed = string();
      return { kind: "scalar", start, end: at, value: parsed };
    }
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(at));
    if (!literal) return fail("expected a JSON value");
    at += literal[0].length;
    return { kind: "scalar", start, end: at, value: JSON.parse(literal[0]) as number | boolean | null };
  };
  const root = value();
  skipSpace();
  if (at < text.length) fail("unexpected text after the JSON value");
  return root;
}

/** The plain value of a node (what JSON.parse gives). */
export function plainValue(node: JsonNode): unknown {
  if (node.kind === "scalar") return node.value;
  if (node.kind === "array") return node.items.map(plainValue);
  return Object.fromEntries(node.members.map((m) => [m.key, plainValue(m.value)]));
}
