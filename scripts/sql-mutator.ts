/**
 * Mutants of SQL text (Stryker mutates TypeScript only): comparison boundaries, and/or,
 * greatest/least, coalesce defaults, join kinds and dropped where conditions. Comments
 * and string literals are never mutated. Pure: scripts/sql-mutate.ts applies and runs them.
 */
export interface SqlMutant {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly operator: string;
  readonly original: string;
  readonly replacement: string;
  /** Offset in the file's text where `original` starts. */
  readonly offset: number;
}

interface Rule {
  readonly operator: string;
  readonly pattern: RegExp;
  readonly replace: (match: string) => string;
  /** Matches that are not the operator (e.g. the `and` of `between … and`). */
  readonly skip?: (code: string, offset: number) => boolean;
}

/** The `and` of `x between a and b` (the nearest preceding `between` or `and` on the line is `between`). */
const betweenAnd = (code: string, offset: number) => {
  const before = code.slice(code.lastIndexOf("\n", offset) + 1, offset).toLowerCase();
  return /\bbetween\b(?![\s\S]*\band\b)/.test(before);
};

const RULES: readonly Rule[] = [
  { operator: "boundary <= → <", pattern: /<=/g, replace: () => "<" },
  { operator: "boundary >= → >", pattern: />=/g, replace: () => ">" },
  { operator: "boundary < → <=", pattern: /(?<![<-])<(?![=>])/g, replace: () => "<=" },
  { operator: "boundary > → >=", pattern: /(?<![<>-])>(?![=>])/g, replace: () => ">=" },
  { operator: "and → or", pattern: /\band\b/gi, replace: () => "or", skip: betweenAnd },
  {
    operator: "or → and",
    pattern: /\bor\b/gi,
    replace: () => "and",
    skip: (code, offset) => /\bcreate\s+$/i.test(code.slice(Math.max(0, offset - 12), offset)),
  },
  { operator: "greatest → least", pattern: /\bgreatest\(/gi, replace: () => "least(" },
  { operator: "least → greatest", pattern: /\bleast\(/gi, replace: () => "greatest(" },
  { operator: "left join → inner join", pattern: /\bleft join\b/gi, replace: () => "join" },
  {
    operator: "inner join → left join",
    pattern: /(?<!\b(?:left|right|full|anti|semi|cross|asof|positional|inner|outer)\s)\bjoin\b/gi,
    replace: () => "left join",
  },
  { operator: "where condition dropped", pattern: /\bwhere\b/gi, replace: () => "where true or" },
];

/** The text with comments and string literals blanked (same length, newlines kept), so rules match code only. */
export function codeOnly(sql: string): string {
  let out = "";
  let i = 0;
  while (i < sql.length) {
    if (sql.startsWith("--", i)) {
      const end = sql.indexOf("\n", i);
      const stop = end < 0 ? sql.length : end;
      out += " ".repeat(stop - i);
      i = stop;
    } else if (sql[i] === "'") {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === "'" && sql[j + 1] !== "'")) j += sql[j] === "'" ? 2 : 1;
      out += " ".repeat(j + 1 - i).replace(/ /g, (c, k: number) => (sql[i + k] === "\n" ? "\n" : c));
      i = j + 1;
    } else {
      out += sql[i];
      i++;
    }
  }
  return out.slice(0, sql.length);
}

/** coalesce(…, <literal>): the default changed (0 → 1, a number n → 0, true ↔ false, '' → 'x'). */
function coalesceDefaults(code: string): { offset: number; original: string; replacement: string }[] {
  const found: { offset: number; original: string; replacement: string }[] = [];
  const re = /\bcoalesce\(/gi;
  for (let m = re.exec(code); m; m = re.exec(code)) {
    let depth = 1;
    let lastComma = -1;
    let j = m.index + m[0].length;
    for (; j < code.length && depth > 0; j++) {
      if (code[j] === "(") depth++;
      else if (code[j] === ")") depth--;
      else if (code[j] === "," && depth === 1) lastComma = j;
    }
    if (lastComma < 0) continue;
    const argStart = lastComma + 1;
    const arg = code.slice(argStart, j - 1);
    const literal = /^\s*(-?\d+(?:\.\d+)?|true|false)(::\w+)?\s*$/i.exec(arg);
    if (!literal) continue;
    const value = literal[1].toLowerCase();
    const replacement = value === "true" ? "false" : value === "false" ? "true" : Number(value) === 0 ? "1" : "0";
    const offset = argStart + arg.indexOf(literal[1]);
    found.push({ offset, original: literal[1], replacement });
  }
  return found;
}

export function mutantsOf(file: string, sql: string): SqlMutant[] {
  const code = codeOnly(sql);
  const found: Omit<SqlMutant, "file" | "line" | "column">[] = [];
  for (const rule of RULES) {
    for (const m of code.matchAll(rule.pattern))
      if (!rule.skip?.(code, m.index!)) found.push({ operator: rule.operator, original: m[0], replacement: rule.replace(m[0]), offset: m.index! });
  }
  for (const c of coalesceDefaults(code)) found.push({ operator: "coalesce default changed", ...c });
  return found
    .sort((a, b) => a.offset - b.offset || a.operator.localeCompare(b.operator))
    .map((m) => {
      const before = sql.slice(0, m.offset);
      const line = before.split("\n").length;
      return { file, line, column: m.offset - before.lastIndexOf("\n"), ...m };
    });
}

export function applyMutant(sql: string, mutant: SqlMutant): string {
  if (sql.slice(mutant.offset, mutant.offset + mutant.original.length) !== mutant.original)
    throw new Error(`${mutant.file}:${mutant.line}: the text changed since the mutants were listed`);
  return sql.slice(0, mutant.offset) + mutant.replacement + sql.slice(mutant.offset + mutant.original.length);
}

/** `max` mutants spread evenly over the list (every operator and file gets a share), in order. */
export function spread<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  return Array.from({ length: max }, (_, i) => items[Math.floor((i * items.length) / max)]);
}
